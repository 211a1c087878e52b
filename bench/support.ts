/**
 * What bench.ts and soak.ts share: child processes that never outlive the bench, the servers
 * (upstream stand-in, gateway as in production, peer, ceiling), the two request bodies, small
 * HTTP calls, /proc readings and a text table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import http from "node:http";
import { dirname, join } from "node:path";

/** The project root: the nearest folder above this file with a package.json. */
export const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const BENCH_DIR = join(ROOT, ".bench");
export const LOG_DIR = join(BENCH_DIR, "logs");
export const API_KEY = "bench-key-0123456789abcdef";
export const AUTH = { authorization: `Bearer ${API_KEY}` };
const CORP = { WECOM_CORP_ID: "ww-bench-corp", WECOM_CORP_SECRET: "bench-secret" };

// ---- children: killed when the bench exits, however it exits ----------------------------------

const children = new Set<ChildProcess>();
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL")));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(130));

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export interface Server {
  url: string;
  pid: number;
  /** Extra request headers decided at start (e.g. a token signed then), merged over the target's. */
  headers?: Record<string, string>;
  /** How it ended ("exit code 1", "signal SIGTERM") once it has, else undefined. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/** `node [nodeArgs] script` with its output in .bench/logs/<name>.log; resolves on its "… listening" line. */
export async function startNode(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = join(LOG_DIR, `${name.replace(/[^\w.-]+/g, "-")}.log`);
  const fd = openSync(file, "w");
  const child = track(spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", fd, fd] }));
  closeSync(fd);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const how = () => (child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`);
  // SIGTERM, then SIGKILL after 20 s (a gateway finishes in-flight requests and writes its CPU profile).
  const stop = () =>
    new Promise<void>((done) => {
      if (exited()) return done();
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.once("exit", () => (clearTimeout(timer), done()));
      child.kill("SIGTERM");
    });
  const started = Date.now();
  for (;;) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const url = line.startsWith("{") && line.includes("listening") ? (JSON.parse(line) as { url?: string }).url : undefined;
      if (url) return { url: url.replace(/\/$/, ""), pid: child.pid!, stop, exited: () => (exited() ? how() : undefined) };
    }
    const tail = () => readFileSync(file, "utf8").slice(-1500);
    if (exited()) throw new Error(`${name} ended (${how()}) before listening:\n${tail()}`);
    // BENCH_START_TIMEOUT_MS: a busy shared machine can take longer to start a process.
    const limitMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 20_000);
    if (Date.now() - started > limitMs) throw new Error(`${name} not listening after ${limitMs / 1000} s:\n${tail()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const startUpstream = () => startNode("upstream", join(__dirname, "upstream.js"), {});

/** The gateway as production runs it: `node dist/src/main.js`, NODE_ENV=production, an API key, LOG_LEVEL=info. */
export function startGateway(name: string, upstreamUrl: string, extraEnv: Record<string, string> = {}, nodeArgs: string[] = [], main = join(ROOT, "dist", "src", "main.js")): Promise<Server> {
  return startNode(name, main, {
    NODE_ENV: "production", GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: "info", ...CORP,
    // The quotas count every call, as in production, with budgets the load cannot reach.
    GATEWAY_UPSTREAM_RATE_PER_MINUTE: "1000000", GATEWAY_UPSTREAM_RATE_PER_HOUR: "100000000",
    WECOM_API_BASE_URL: upstreamUrl, PORT: "0", HOST: "127.0.0.1", ...extraEnv,
  }, nodeArgs);
}

/** The peer or the ceiling (bench/peers/apollo-rest.ts, bench/ceiling.ts), same environment contract. */
export function startBenchServer(name: string, script: string, upstreamUrl: string): Promise<Server> {
  return startNode(name, join(__dirname, script), { NODE_ENV: "production", API_KEY, ...CORP, UPSTREAM_URL: upstreamUrl, PORT: "0", HOST: "127.0.0.1" });
}

// ---- the two operations ------------------------------------------------------------------------

const CREATE = `mutation CreateMeeting($input: CreateMeetingInput!, $idempotencyKey: String) {
  createMeeting(input: $input, idempotencyKey: $idempotencyKey) { id meetingStart meetingEnd settings { remindScope } excessUsers }
}`;
const READ = "query Meeting($id: ID!) { meeting(id: $id) { status meetingCode } }";

/** The committed example (settings, reminders, invitees), 30 days ahead, repeating for 90 days. */
export function createBody(idempotencyKey?: string): string {
  const { input } = JSON.parse(readFileSync(join(ROOT, "schema", "operations", "variables.json"), "utf8"));
  const variables: Record<string, any> = { input };
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30, 2));
  variables.input.meetingStart = start.toISOString();
  variables.input.reminders.repeatUntil = new Date(start.getTime() + 90 * 86_400_000).toISOString();
  if (idempotencyKey) variables.idempotencyKey = idempotencyKey;
  else delete variables.idempotencyKey;
  return JSON.stringify({ query: CREATE, variables, operationName: "CreateMeeting" });
}
export const readBody = () => JSON.stringify({ query: READ, variables: { id: "hybench0000000000000000000000000" }, operationName: "Meeting" });

// ---- small things ------------------------------------------------------------------------------

/** One request without keep-alive (POST when there is a body); resolves with the status and the text. */
export function request(url: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const options = { method: body === undefined ? "GET" : "POST", agent: false, timeout: 10_000, headers: { "content-type": "application/json", ...headers } };
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("timeout", () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** utime + stime of `pid` so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms); NaN once it is gone. */
export function cpuMs(pid: number): number {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : ")  ";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** VmRSS (now) or VmHWM (peak) of `pid`, in MB. */
export function memoryMb(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Runs a bench's main and exits with its code (1 on a failure; children are killed on exit). */
export function run(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => (process.stderr.write(`${name} failed: ${error.stack ?? error.message}\n`), process.exit(1)),
  );
}

export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim() || String(fallback);
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length === 0 ? NaN : v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");

/** A text table; the first row is the header, cells after the first right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
