/**
 * Helpers of the benchmarks (not used by the gateway): child processes that never outlive the
 * bench, free loopback ports, /proc readings, waiting for a log line, small HTTP calls, and what
 * `npm run bench` and `npm run bench:soak` both need: the createMeeting request, the fast
 * upstream, redis and the gateway started as in production, autocannon.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import http from "node:http";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { BENCH_CORP_ID, BENCH_CORP_SECRET } from "./fast-upstream";

/** The project root, from dist/bench (built) or bench (sources). */
export const ROOT = resolve(__dirname, basename(dirname(__dirname)) === "dist" ? "../.." : "..");

// ---- children --------------------------------------------------------------------------------

const children = new Set<ChildProcess>();

/** Spawns a child that is killed when the bench exits, however it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  children.add(child);
  child.once("exit", () => children.delete(child));
  child.once("error", () => children.delete(child));
  return child;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILL. Resolves with the exit code. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<number | null> {
  if (!isRunning(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
    child.kill(signal);
  });
}

/** Every child still running gets SIGKILL (synchronous: usable from an 'exit' handler). */
export function killAllChildrenSync(): void {
  for (const child of children) if (isRunning(child)) child.kill("SIGKILL");
}

export async function stopAllChildren(graceMs = 3_000): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, "SIGTERM", graceMs)));
}

// ---- ports, /proc ----------------------------------------------------------------------------

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident memory now and its peak (VmRSS, VmHWM) in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

/** CPU time used so far by `pid` (user + system), in milliseconds, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

export function loadAverage(): number[] {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

// ---- waiting for a process to be ready -------------------------------------------------------

/**
 * Polls a log file until a JSON line satisfies `match` (resolving with what it returns), the
 * child exits (rejecting with the file's tail) or `timeoutMs` passes.
 */
export function waitForLogLine<T>(
  file: string,
  child: ChildProcess,
  match: (entry: Record<string, any>) => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolveLine, reject) => {
    const started = Date.now();
    const tail = () => {
      try {
        return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
      } catch {
        return "(no output)";
      }
    };
    const check = () => {
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        // not written yet
      }
      for (const line of text.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          const found = match(JSON.parse(line));
          if (found !== undefined) return resolveLine(found);
        } catch {
          // not JSON: ignore
        }
      }
      if (!isRunning(child)) return reject(new Error(`exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready; its output:\n${tail()}`));
      if (Date.now() - started > timeoutMs) return reject(new Error(`not ready within ${timeoutMs} ms; its output:\n${tail()}`));
      setTimeout(check, 20);
    };
    check();
  });
}

/** Connects to redis on 127.0.0.1:`port` until it answers PING with PONG. */
export async function waitForRedis(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const pong = await new Promise<boolean>((done) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      let data = "";
      socket.setTimeout(500, () => socket.destroy());
      socket.on("connect", () => socket.write("PING\r\n"));
      socket.on("data", (chunk) => {
        data += chunk.toString();
        if (data.includes("\r\n")) {
          socket.end();
          done(data.startsWith("+PONG"));
        }
      });
      socket.on("error", () => done(false));
      socket.on("close", () => done(false));
    });
    if (pong) return;
    if (!isRunning(child)) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (Date.now() - started > timeoutMs) throw new Error(`redis-server did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---- small HTTP calls (no keep-alive: one-off checks) ----------------------------------------

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolveAnswer, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false, timeout: options.timeoutMs ?? 5_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolveAnswer({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

// ---- numbers ---------------------------------------------------------------------------------

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A plain text table: the first row is the header; numbers are right-aligned. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[], r: number) =>
    row
      .map((c, i) => (r > 0 && i > 0 && /^[-+0-9.,×x% ]+$|^n\/a$/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(cells[0], 0), widths.map((w) => "-".repeat(w)).join("  ")];
  for (let r = 1; r < cells.length; r++) out.push(line(cells[r], r));
  return out.join("\n");
}


// ---- configuration ---------------------------------------------------------------------------

/** A whole number from the environment (`fallback` when unset or empty); exits 2 when it is not one. */
export function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`${name} must be a whole number ≥ ${min}; got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return value;
}

export const API_KEY = "bench-key-0123456789abcdef";
/** The gateway's build, as `npm start` runs it. */
export const MAIN = join(ROOT, "dist", "src", "main.js");
export const BENCH_DIR = join(ROOT, ".bench");
export const LOG_DIR = join(BENCH_DIR, "logs");

// ---- the request -----------------------------------------------------------------------------

/** How every successful answer starts: anything else (a 200 with GraphQL errors too) is a failure. */
export const ANSWER_PREFIX = '{"data":{"createMeeting":{"id":"';
export const HEADERS = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };

/**
 * The committed example operation, its variables moved into the future, plus a repeatUntil;
 * with `key`, that idempotencyKey.
 */
export function requestBody(key?: string): string {
  const dir = join(ROOT, "schema", "operations");
  const query = readFileSync(join(dir, "createMeeting.graphql"), "utf8");
  const variables = JSON.parse(readFileSync(join(dir, "createMeeting.variables.json"), "utf8"));
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30, 2));
  variables.input.meetingStart = start.toISOString();
  variables.input.reminders = {
    ...variables.input.reminders,
    repeatUntil: new Date(start.getTime() + 90 * 86_400_000).toISOString(),
  };
  if (key !== undefined) variables.idempotencyKey = key;
  else delete variables.idempotencyKey;
  return JSON.stringify({ query, variables, operationName: "CreateMeeting" });
}

/**
 * Bodies with a fresh idempotencyKey each (the same for every target): the body is cut around a
 * marker key once, and each request only joins the halves around a counter. (autocannon's own
 * idReplacement miscounts Content-Length with its current ids, so requests hang.)
 */
export function keyedBodies(): () => string {
  const marker = "@@KEY@@";
  const [head, tail] = requestBody(marker).split(marker);
  const run = `bench-${Date.now().toString(36)}-${process.pid}`;
  let n = 0;
  return () => `${head}${run}-${++n}${tail}`;
}

// ---- the processes under test ----------------------------------------------------------------

export interface Server {
  name: string; // "gateway", "variant", "ceiling"…
  url: string;
  child: ChildProcess;
  pid: number;
  startRssMb: number;
}

/** A log file of .bench/logs, opened for a child (truncated). */
export function logFile(name: string): number {
  return openSync(join(LOG_DIR, `${name}.log`), "w");
}

/** bench/fast-upstream.ts as a child, its output in .bench/logs/`logName`.log. */
export async function startFastUpstream(logName = "fast-upstream"): Promise<{ url: string; child: ChildProcess }> {
  const file = join(LOG_DIR, `${logName}.log`);
  const fd = openSync(file, "w");
  const child = spawnTracked(process.execPath, [join(__dirname, "fast-upstream.js")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH },
    stdio: ["ignore", fd, fd, "ipc"],
  });
  closeSync(fd);
  const url = await waitForLogLine(file, child, (e) => (e.msg === "fast upstream listening" ? (e.url as string) : undefined));
  return { url, child };
}

/** A redis-server of its own (`--save ''`, no AOF) on a free loopback port. */
export async function startRedis(logName = "redis"): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const fd = logFile(logName);
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmpdir()];
  const child = spawnTracked("redis-server", args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  await new Promise<void>((resolveSpawn, reject) => {
    child.once("error", (e) => reject(new Error(`redis-server could not be started (${e.message}); install it (apt-get install redis-server)`)));
    child.once("spawn", () => resolveSpawn());
  });
  await waitForRedis(port, child);
  return { url: `redis://127.0.0.1:${port}`, child };
}

/** The gateway's environment as in production: NODE_ENV=production, an API key, LOG_LEVEL=info, loopback. */
export function gatewayEnv(upstreamUrl: string, redisUrl: string | undefined, port = "0"): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    GATEWAY_API_KEYS: API_KEY,
    LOG_LEVEL: "info",
    WECOM_CORP_ID: BENCH_CORP_ID,
    WECOM_CORP_SECRET: BENCH_CORP_SECRET,
    WECOM_API_BASE_URL: upstreamUrl,
    PORT: port,
    HOST: "127.0.0.1",
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
}

/**
 * A gateway build (`main`) started as in production; its log goes to .bench/logs/`name`.log, as
 * to a log collector: the bench process does no work for it under load. `nodeArgs` go before
 * `main` (e.g. --cpu-prof).
 */
export async function startGateway(
  name: string,
  main: string,
  upstreamUrl: string,
  redisUrl: string | undefined,
  nodeArgs: string[] = [],
): Promise<Server> {
  const file = join(LOG_DIR, `${name}.log`);
  const fd = openSync(file, "w");
  const child = spawnTracked(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    env: gatewayEnv(upstreamUrl, redisUrl),
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const url = await waitForLogLine(file, child, (e) => (e.msg === "gateway listening" ? (e.url as string) : undefined)).catch(
    (error: Error) => {
      throw new Error(`the ${name} (${main}) did not start: ${error.message}`);
    },
  );
  return { name, url, child, pid: child.pid!, startRssMb: memoryOf(child.pid!).rssMb };
}

// ---- load: autocannon ------------------------------------------------------------------------

// autocannon has no bundled types; this is the part of its API the benches use.
export interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90?: number; p99: number; average: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}
export interface AutocannonInstance {
  stop(): void;
  on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  on(event: "reqError", listener: (error: Error) => void): this;
  on(event: "reqMismatch", listener: (body: string) => void): this;
}
export type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon: Autocannon = require("autocannon");

// ---- never leave a child behind --------------------------------------------------------------

/**
 * On exit every child still running is killed; on SIGINT, SIGTERM or SIGHUP `stopLoad` runs,
 * the children are stopped and the process exits 130.
 */
export function stopChildrenOnExit(stopLoad: () => void): void {
  process.on("exit", killAllChildrenSync);
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping the load and every child process…\n`);
      stopLoad();
      void stopAllChildren(3_000).finally(() => process.exit(130));
    });
  }
}

/**
 * Runs a bench's `main` and exits: 0 when its figures are valid, 1 otherwise or on failure.
 * Children are stopped on every way out, also on a signal (`stopCurrent` ends a running load).
 */
export function runToExit(name: string, main: () => Promise<boolean>, stopCurrent: () => void): void {
  stopChildrenOnExit(stopCurrent);
  main().then(
    (valid) => stopAllChildren(3_000).then(() => process.exit(valid ? 0 : 1)),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      stopCurrent();
      void stopAllChildren(3_000).finally(() => process.exit(1));
    },
  );
}
