/**
 * `npm run bench`: the gateway, an Apollo peer and a no-GraphQL ceiling, side by side, in
 * alternating rounds, on two paths.
 *
 * Starts (all on 127.0.0.1, logs in .bench/logs/):
 *   - upstream   bench/upstream.ts, the fast WeCom stand-in, a process of its own;
 *   - gateway    `node dist/src/main.js` as production runs it (NODE_ENV=production,
 *                GATEWAY_API_KEYS, LOG_LEVEL=info, WECOM_* at the stand-in);
 *   - gateway-user  the same, called with a user's JWT (bench/user-token.ts: a JWKS on loopback);
 *   - gateway-redis the same, its shared cache (and quotas, tokens) in a redis-server of its own;
 *   - gateway-uncached  the same with the shared meeting cache off (both stale bounds 0): every
 *                read goes to the stand-in, as before the cache (CONTRACT §11);
 *   - peer       bench/peers/apollo-rest.ts: Apollo Server 5 standalone + RESTDataSource, SDL-first;
 *   - ceiling    bench/ceiling.ts: node:http in, http.request out, the same mapping.
 * The targets are the TARGETS list below: {name, headers, start()}; a variant of the gateway is
 * one more entry (same binary, extra env, other headers; start() may do any set-up first).
 *
 * Paths: create (createMeeting with settings, reminders, invitees), read
 * (`meeting(id) { status meetingCode }`: from the shared cache for the gateways that keep it,
 * from get_info for gateway-uncached and the others) and refused (gateway-trusted only: a
 * signed-in user's document that is in no trusted-documents manifest, answered 400). Each target is checked once per path
 * before any load; a target that fails the check is skipped for that path with a one-line note.
 * Load: wrk (`apt-get install -y wrk`; installed here when missing and running as root), a Lua
 * script in .bench/ for the body, the headers and counting wrong answers. Per path: a warm-up
 * per target, then BENCH_ROUNDS rounds, each running every target in turn.
 *
 * Environment:
 *   BENCH_ROUNDS (3)  BENCH_SECONDS (5)  BENCH_WARMUP (2, seconds per target and path)
 *   BENCH_CONNECTIONS (32)  BENCH_THREADS (2)  BENCH_PATHS (create,read,refused)  BENCH_TARGETS (all: gateway,peer,ceiling)
 *   BENCH_PROFILE=1   the gateway runs with --cpu-prof into .bench/profiles/; its time by package is printed
 *   BENCH_VARIANT_MAIN  another build's dist/src/main.js, run as one more target "variant"
 *   BENCH_VARIANT_ENV   extra environment of the variant, as JSON (e.g. {"LOG_LEVEL":"warn"})
 *
 * Prints, per path, one table (median of the rounds: req/s, p50, p99, server CPU µs per request
 * from /proc/<pid>/stat utime+stime, peak RSS, errors = socket errors + non-2xx + wrong answers,
 * loudly when not zero), then gateway ÷ peer and gateway ÷ ceiling (req/s and CPU per request,
 * medians of the per-round ratios). Figures also go to .bench/last.json. Exits 1 when any
 * request failed.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { format, summarise, type Summary } from "./profile-summary";
import { AUDIENCE, identityProvider, ISSUER } from "./user-token";
import { RedisProcess } from "./redis-process";
import {
  AUTH, BENCH_DIR, cpuMs, createBody, fmt, intEnv, median, memoryMb, readBody, request,
  run, startBenchServer, startGateway, startUpstream, table, track, type Server,
} from "./support";

const list = (name: string, fallback: string) => (process.env[name]?.trim() || fallback).split(",").map((s) => s.trim()).filter(Boolean);
const config = {
  rounds: intEnv("BENCH_ROUNDS", 3), seconds: intEnv("BENCH_SECONDS", 5), warmup: intEnv("BENCH_WARMUP", 2),
  connections: intEnv("BENCH_CONNECTIONS", 32), threads: intEnv("BENCH_THREADS", 2),
  paths: list("BENCH_PATHS", "create,read,refused"), targets: list("BENCH_TARGETS", ""), profile: process.env.BENCH_PROFILE === "1",
};
const PROFILE_DIR = join(BENCH_DIR, "profiles");
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const slug = (name: string) => name.replace(/[^\w.-]+/g, "-");

interface Context {
  upstreamUrl: string;
  /** Node flags for a profiled target (--cpu-prof… with BENCH_PROFILE=1, else none). */
  profileArgs(name: string): string[];
}
interface Target {
  name: string;
  headers: Record<string, string>;
  /** The paths it runs; default create and read. */
  paths?: string[];
  start(ctx: Context): Promise<Server>;
}
const runsPath = (target: Target, path: string) => (target.paths ?? ["create", "read"]).includes(path);

/** A user caller: an RS256 JWT verified against a JWKS on loopback, the user's quota counted. */
async function userGateway(name: string, ctx: Context, env: Record<string, string> = {}): Promise<Server> {
  const idp = await identityProvider();
  const server = await startGateway(name, ctx.upstreamUrl, {
    NODE_ENV: "development", // http:// JWKS on loopback; Sandbox stays off below
    GATEWAY_SANDBOX: "false",
    GATEWAY_JWT_JWKS_URL: idp.jwksUrl, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE,
    GATEWAY_USER_RATE_PER_MINUTE: "1000000",
    ...env,
  }, ctx.profileArgs(name));
  return { ...server, headers: { authorization: `Bearer ${idp.token}` } };
}

/** A trusted-documents manifest (the client preset's format) holding only the create path's document. */
function createManifest(): string {
  const file = join(BENCH_DIR, "trusted-documents.json");
  const { query } = JSON.parse(PATHS.create.body) as { query: string };
  writeFileSync(file, JSON.stringify({ [`sha256:${createHash("sha256").update(query).digest("hex")}`]: query }));
  return file;
}

/** The servers compared, in the order every round runs them. */
const TARGETS: Target[] = [
  { name: "gateway", headers: AUTH, start: (ctx) => startGateway("gateway", ctx.upstreamUrl, {}, ctx.profileArgs("gateway")) },
  // The same gateway, its caller a signed-in user: a JWT verified against a JWKS, a user quota counted.
  { name: "gateway-user", headers: {}, start: (ctx) => userGateway("gateway-user", ctx) },
  // A user with trusted documents enforced: the create is in the manifest (executed); `refused` is not.
  { name: "gateway-trusted", headers: {}, paths: ["create", "refused"], start: (ctx) => userGateway("gateway-trusted", ctx, { GATEWAY_TRUSTED_DOCUMENTS: createManifest() }) },
  {
    // Several instances' shape: the cache, quotas and tokens in Redis.
    name: "gateway-redis",
    headers: AUTH,
    async start(ctx) {
      const redis = await RedisProcess.start(join(BENCH_DIR, "gateway-redis-redis.log"));
      const server = await startGateway("gateway-redis", ctx.upstreamUrl, { REDIS_URL: redis.url }, ctx.profileArgs("gateway-redis"));
      return { ...server, stop: async () => (await server.stop(), await redis.stop()) };
    },
  },
  {
    name: "gateway-uncached",
    headers: AUTH,
    start: (ctx) => startGateway("gateway-uncached", ctx.upstreamUrl, { GATEWAY_CACHE_MAX_STALE_SECONDS: "0", GATEWAY_CACHE_MAX_STALE_FAR_SECONDS: "0" }, ctx.profileArgs("gateway-uncached")),
  },
  { name: "peer", headers: AUTH, start: (ctx) => startBenchServer("peer", "peers/apollo-rest.js", ctx.upstreamUrl) },
  { name: "ceiling", headers: AUTH, start: (ctx) => startBenchServer("ceiling", "ceiling.js", ctx.upstreamUrl) },
  // BENCH_VARIANT_MAIN: another build's main.js (a change to try), alternated with the others.
  ...(process.env.BENCH_VARIANT_MAIN
    ? [{ name: "variant", headers: AUTH, start: (ctx: Context) => startGateway("variant", ctx.upstreamUrl, JSON.parse(process.env.BENCH_VARIANT_ENV ?? "{}"), ctx.profileArgs("variant"), process.env.BENCH_VARIANT_MAIN) }]
    : []),
];

/** Each path: the body, the sanity check of one answer, and a text every good answer holds (for wrk), with its status (default 200). */
const PATHS: Record<string, { body: string; ok(answer: any): boolean; marker: string; status?: number }> = {
  create: { body: createBody(), ok: (a) => typeof a?.data?.createMeeting?.id === "string" && a.data.createMeeting.id !== "", marker: '"createMeeting":{"id":"' },
  read: { body: readBody(), ok: (a) => a?.data?.meeting?.status === "UPCOMING" && a.data.meeting.meetingCode === "482193756", marker: '"status":"UPCOMING"' },
  refused: {
    body: JSON.stringify({ query: "query Meeting($id: ID!) { meeting(id: $id) { title status meetingCode } }", variables: { id: "hybench0000000000000000000000000" } }),
    ok: (a) => a?.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_REQUIRED",
    marker: '"PERSISTED_QUERY_REQUIRED"',
    status: 400,
  },
};
const expectedStatus = (path: string) => PATHS[path].status ?? 200;

const say = (line = "") => process.stdout.write(`${line}\n`);

function ensureWrk(): void {
  if (!spawnSync("wrk", ["-v"]).error) return;
  if (process.getuid?.() !== 0) throw new Error("wrk is not installed: install the Debian package (sudo apt-get install -y wrk)");
  say("wrk is missing: apt-get update -qq && apt-get install -y wrk");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** A wrk Lua script: POST the body with the headers; counts 200 answers without the marker. */
function luaScript(path: string, target: string, headers: Record<string, string>): string {
  const file = join(BENCH_DIR, `${path}-${slug(target)}.lua`);
  const lua = [
    `wrk.method = "POST"`, `wrk.body = [==[${PATHS[path].body}]==]`, `wrk.headers["Content-Type"] = "application/json"`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    `local threads = {}`, `function setup(thread) table.insert(threads, thread) end`, `wrong = 0`,
    // A path answered 2xx: wrk counts other statuses itself. One answered otherwise: any other status is wrong.
    `function response(status, headers, body) if ${expectedStatus(path) === 200 ? "status == 200 and" : `status ~= ${expectedStatus(path)} or`} not string.find(body, ${JSON.stringify(PATHS[path].marker)}, 1, true) then wrong = wrong + 1 end end`,
    `function done() local n = 0 for _, t in ipairs(threads) do n = n + t:get("wrong") end io.write("wrong answers: " .. n .. "\\n") end`,
  ];
  writeFileSync(file, `${lua.join("\n")}\n`);
  return file;
}

interface Round {
  requests: number; reqPerSec: number; p50Ms: number; p99Ms: number;
  socketErrors: number; non2xx: number; wrong: number; cpuUsPerReq: number; peakRssMb: number;
}

const toMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN);

function wrk(url: string, script: string, seconds: number): Promise<Omit<Round, "cpuUsPerReq" | "peakRssMb">> {
  const args = ["-t", String(config.threads), "-c", String(config.connections), "-d", `${seconds}s`, "--latency", "-s", script, url];
  const child = track(spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] }));
  let out = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => {
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
      const pct = (p: string) => {
        const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(\\w+)`, "m").exec(out);
        return m ? toMs(m[1], m[2]) : NaN;
      };
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      if (code !== 0 || !/Requests\/sec/.test(out)) return reject(new Error(`wrk failed (${code}): ${out}`));
      resolve({
        requests: num(/(\d+) requests in/), reqPerSec: num(/Requests\/sec:\s+([\d.]+)/), p50Ms: pct("50"), p99Ms: pct("99"),
        socketErrors: socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
        non2xx: num(/Non-2xx or 3xx responses: (\d+)/), wrong: num(/wrong answers: (\d+)/),
      });
    }),
  );
}

/** A started target; per path, `windows` are its measured rounds (monotonic µs, as in CPU profiles), `measured` their requests. */
interface Running { target: Target; server: Server; headers: Record<string, string>; windows: Record<string, Array<[number, number]>>; measured: Record<string, number> }

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function measure(r: Running, path: string, seconds: number, counted = true): Promise<Round> {
  const script = luaScript(path, r.target.name, r.headers);
  const from = nowUs();
  const cpu0 = cpuMs(r.server.pid);
  let peak = memoryMb(r.server.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, memoryMb(r.server.pid))), 250);
  const result = await wrk(`${r.server.url}/graphql`, script, seconds).finally(() => clearInterval(sampler));
  if (counted) {
    (r.windows[path] ??= []).push([from, nowUs()]);
    r.measured[path] = (r.measured[path] ?? 0) + result.requests;
  }
  if (expectedStatus(path) >= 300) result.non2xx = 0; // every answer is; the Lua script counted any other status as wrong
  return { ...result, cpuUsPerReq: ((cpuMs(r.server.pid) - cpu0) * 1000) / result.requests, peakRssMb: Math.max(peak, memoryMb(r.server.pid)) };
}

/** undefined when the target answers the path correctly, else why not (one line). */
async function check(r: Running, path: string): Promise<string | undefined> {
  if (r.server.exited()) return `it ended (${r.server.exited()})`;
  const { status, text } = await request(`${r.server.url}/graphql`, r.headers, PATHS[path].body).catch((e: Error) => ({ status: 0, text: e.message }));
  let answer: any;
  try {
    answer = JSON.parse(text);
  } catch {
    return `HTTP ${status}, not JSON: ${text.slice(0, 120)}`;
  }
  return status === expectedStatus(path) && PATHS[path].ok(answer) ? undefined : `HTTP ${status}: ${answer?.errors?.[0]?.message ?? text.slice(0, 160)}`;
}

/** The median of the per-round ratios (rounds paired by number; a target that ended has fewer). */
const ratio = (a: Round[], b: Round[], pick: (r: Round) => number) => median(a.slice(0, b.length).map((r, i) => pick(r) / pick(b[i])));

async function main(): Promise<number> {
  ensureWrk();
  mkdirSync(PROFILE_DIR, { recursive: true });
  const targets = config.targets.length ? TARGETS.filter((t) => config.targets.includes(t.name)) : TARGETS;
  if (targets.length === 0) throw new Error(`BENCH_TARGETS matches none of ${TARGETS.map((t) => t.name).join(", ")}`);
  for (const p of config.paths) if (!PATHS[p]) throw new Error(`BENCH_PATHS: unknown path ${p} (${Object.keys(PATHS).join(", ")})`);
  say(`bench: ${targets.map((t) => t.name).join(", ")}; paths ${config.paths.join(", ")}; ${config.rounds} rounds × ${config.seconds} s after ${config.warmup} s warm-up; ` +
    `wrk ${config.threads} threads, ${config.connections} connections${config.profile ? "; gateway CPU-profiled" : ""}`);
  say(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}), load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; wrk, the upstream and the servers share them`);

  const upstream = await startUpstream();
  const ctx: Context = {
    upstreamUrl: upstream.url,
    profileArgs: (name) => (config.profile ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR, "--cpu-prof-name", `${slug(name)}-${stamp}.cpuprofile`] : []),
  };
  const running: Running[] = [];
  const notStarted: Record<string, string> = {};
  for (const target of targets) {
    try {
      const server = await target.start(ctx);
      running.push({ target, server, headers: { ...target.headers, ...server.headers }, windows: {}, measured: {} });
    } catch (error) {
      notStarted[target.name] = `did not start: ${(error as Error).message.split("\n")[0]}`;
    }
  }

  const report: Record<string, unknown> = {};
  let failed = false;
  for (const path of config.paths) {
    say(`\n== ${path} ==`);
    const skipped: Record<string, string> = { ...notStarted };
    const active: Running[] = [];
    for (const r of running.filter((r) => runsPath(r.target, path))) {
      const why = await check(r, path);
      if (why) skipped[r.target.name] = `skipped: ${why}`;
      else active.push(r);
    }
    const rounds: Record<string, Round[]> = Object.fromEntries(active.map((r) => [r.target.name, []]));
    /** A round (or warm-up) of `r`; undefined when the server ended meanwhile (said loudly, dropped from the path). */
    const load = async (r: Running, seconds: number, counted = true) => {
      const m = await measure(r, path, seconds, counted).catch((error: Error) => (r.server.exited() ? undefined : Promise.reject(error)));
      if (m && !r.server.exited()) return m;
      failed = true;
      say(`  !!! ${r.target.name} ended (${r.server.exited()}) during the ${path} rounds; see .bench/logs/${slug(r.target.name)}.log`);
      skipped[r.target.name] = `!!! ended (${r.server.exited()}) after ${rounds[r.target.name].length} of ${config.rounds} rounds`;
      active.splice(active.indexOf(r), 1);
    };
    if (config.warmup > 0) for (const r of [...active]) await load(r, config.warmup, false);
    for (let i = 1; i <= config.rounds; i++) {
      for (const r of [...active]) {
        const m = await load(r, config.seconds);
        if (!m) continue;
        rounds[r.target.name].push(m);
        const errors = m.socketErrors + m.non2xx + m.wrong;
        say(`  round ${i} ${r.target.name.padEnd(8)} ${fmt(m.reqPerSec).padStart(7)} req/s  p50 ${fmt(m.p50Ms, 2)} ms  p99 ${fmt(m.p99Ms, 2)} ms  ${fmt(m.cpuUsPerReq)} µs CPU/req${errors ? `  !!! ${errors} errors` : ""}`);
      }
    }
    const summary = Object.fromEntries(Object.entries(rounds).filter(([, rs]) => rs.length).map(([name, rs]) => [name, {
      reqPerSec: median(rs.map((r) => r.reqPerSec)), p50Ms: median(rs.map((r) => r.p50Ms)), p99Ms: median(rs.map((r) => r.p99Ms)),
      cpuUsPerReq: median(rs.map((r) => r.cpuUsPerReq)), peakRssMb: Math.max(...rs.map((r) => r.peakRssMb)),
      socketErrors: rs.reduce((n, r) => n + r.socketErrors, 0), non2xx: rs.reduce((n, r) => n + r.non2xx, 0), wrong: rs.reduce((n, r) => n + r.wrong, 0),
    }]));
    say(`\n${path}: median of ${config.rounds} rounds × ${config.seconds} s, ${config.connections} connections`);
    const rows = [["target", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "peak RSS MB", "errors"]];
    for (const name of targets.map((t) => t.name)) {
      const s = summary[name];
      if (s) rows.push([name, fmt(s.reqPerSec), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), fmt(s.cpuUsPerReq), fmt(s.peakRssMb), String(s.socketErrors + s.non2xx + s.wrong)]);
    }
    say(table(rows));
    for (const [name, why] of Object.entries(skipped)) say(`${name}  ${why}`);
    const ratios: Record<string, { reqPerSec: number; cpuPerRequest: number }> = {};
    for (const gateway of Object.keys(rounds).filter((name) => name.startsWith("gateway"))) {
      for (const other of ["peer", "ceiling"].filter((name) => rounds[name])) {
        const q = (ratios[`${gateway} / ${other}`] = { reqPerSec: ratio(rounds[gateway], rounds[other], (r) => r.reqPerSec), cpuPerRequest: ratio(rounds[gateway], rounds[other], (r) => r.cpuUsPerReq) });
        say(`${gateway} ÷ ${other}: req/s ${fmt(q.reqPerSec, 2)}, CPU per request ${fmt(q.cpuPerRequest, 2)}×`);
      }
    }
    if (rounds["gateway-user"] && rounds.gateway) {
      const q = (ratios["gateway-user / gateway"] = { reqPerSec: ratio(rounds["gateway-user"], rounds.gateway, (r) => r.reqPerSec), cpuPerRequest: ratio(rounds["gateway-user"], rounds.gateway, (r) => r.cpuUsPerReq) });
      say(`user token ÷ API key: req/s ${fmt(q.reqPerSec, 2)}, CPU per request ${fmt(q.cpuPerRequest, 2)}× (JWT verification and the user's quota)`);
    }
    for (const [name, s] of Object.entries(summary)) {
      if (s.socketErrors + s.non2xx + s.wrong === 0) continue;
      failed = true;
      say(`!!! ${name} (${path}): ${s.socketErrors} socket errors, ${s.non2xx} non-2xx, ${s.wrong} wrong answers; see .bench/logs/${slug(name)}.log`);
    }
    report[path] = { summary, ratios, skipped, rounds };
  }
  const trusted = (path: string) => (report[path] as { summary?: Record<string, { cpuUsPerReq: number }> } | undefined)?.summary?.["gateway-trusted"];
  if (trusted("create") && trusted("refused")) {
    const share = trusted("refused")!.cpuUsPerReq / trusted("create")!.cpuUsPerReq;
    report.trustedDocuments = { refusedCpuUsPerReq: trusted("refused")!.cpuUsPerReq, executedCpuUsPerReq: trusted("create")!.cpuUsPerReq, share };
    say(`\ntrusted documents: a refused document costs ${fmt(trusted("refused")!.cpuUsPerReq)} µs CPU, an executed create ${fmt(trusted("create")!.cpuUsPerReq)} µs: ${fmt(share, 3)} of it`);
  }

  await Promise.all(running.map((r) => r.server.stop())); // gracefully: a CPU profile is written on exit
  await upstream.stop();
  const profiles: Record<string, Summary & { requests: number }> = {};
  for (const r of running) {
    const file = join(PROFILE_DIR, `${slug(r.target.name)}-${stamp}.cpuprofile`);
    for (const path of Object.keys(r.windows).filter(() => existsSync(file))) {
      const p = (profiles[`${r.target.name} ${path}`] = { ...summarise(file, r.windows[path]), requests: r.measured[path] });
      say(`\n${r.target.name}, ${path}: where its main thread's time went in the measured rounds (${p.requests} requests; ${file.slice(BENCH_DIR.length - 6)})`);
      say(format(p, p.requests));
    }
  }
  writeFileSync(join(BENCH_DIR, "last.json"), `${JSON.stringify({ at: new Date().toISOString(), config, node: process.version, cpus: cpus().length, paths: report, profiles }, null, 2)}\n`);
  say(`\nload average now ${loadavg().map((l) => l.toFixed(2)).join(" ")}; figures written to .bench/last.json`);
  return failed ? 1 : 0;
}

run("bench", main);
