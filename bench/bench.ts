/**
 * `npm run bench`: the gateway's own overhead, measured against a "ceiling" (issue #6).
 *
 * Starts, all on 127.0.0.1:
 *   - a fast upstream stand-in (bench/fast-upstream.ts; answers gettoken and meeting/create at once),
 *   - the gateway as in production (`node dist/src/main.js`, NODE_ENV=production, an API key,
 *     LOG_LEVEL=info, WECOM_* pointing at the stand-in), its log written to .bench/logs/gateway.log,
 *   - the ceiling (bench/ceiling.ts: plain node:http, the project's input rules and mapping, plain
 *     http.request upstream, no GraphQL),
 *   - with BENCH_MODE=keys-redis, a redis-server of its own (`--save ''`) on a free port.
 * Measures the gateway's start-up (spawn → first 200 from GET /health), then drives both servers
 * with the same createMeeting load (autocannon), alternating them round by round so that the
 * noise of a busy machine hits both, and prints a table per target and the gateway/ceiling ratio.
 * The figures also go to .bench/last.json (and one line to .bench/history.jsonl).
 *
 * Environment:
 *   BENCH_MODE         plain (default) | keys (a fresh idempotencyKey per request, memory store)
 *                      | keys-redis (the same with REDIS_URL)
 *   BENCH_ROUNDS       measured rounds per target (default 5)
 *   BENCH_SECONDS      seconds per round (default 5)
 *   BENCH_WARMUP       warm-up seconds per target before the rounds (default 3)
 *   BENCH_CONNECTIONS  concurrent connections (default 32)
 *   BENCH_STARTUPS     start-up time samples (default 5; 0 skips)
 *   BENCH_PROFILE      1: run the servers with --cpu-prof into .bench/profiles and summarise
 *   BENCH_VARIANT_MAIN paths (comma-separated) of other builds' main.js, e.g. with a change to try:
 *                      more targets ("variant", or "variant1", "variant2"…), started like the gateway
 *                      and alternated with it in every round
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_CORP_ID, BENCH_CORP_SECRET } from "./fast-upstream";
import { formatSummary, newestProfile, summariseProfile, type ProfileSummary } from "./profile-summary";
import {
  ANSWER_PREFIX,
  API_KEY,
  BENCH_DIR,
  HEADERS,
  LOG_DIR,
  MAIN,
  ROOT,
  autocannon,
  cpuMsOf,
  freePort,
  gatewayEnv,
  intEnv,
  isRunning,
  keyedBodies,
  loadAverage,
  median,
  memoryOf,
  request,
  requestBody,
  spawnTracked,
  startFastUpstream,
  startGateway,
  startRedis,
  stopChild,
  runToExit,
  table,
  waitForLogLine,
  type AutocannonInstance,
  type AutocannonResult,
  type Server,
} from "./support";

// ---- configuration -------------------------------------------------------------------------------

type Mode = "plain" | "keys" | "keys-redis";
const MODES: Mode[] = ["plain", "keys", "keys-redis"];

const mode = (process.env.BENCH_MODE ?? "plain") as Mode;
if (!MODES.includes(mode)) {
  process.stderr.write(`BENCH_MODE must be one of ${MODES.join(", ")}; got ${JSON.stringify(mode)}\n`);
  process.exit(2);
}
const config = {
  mode,
  rounds: intEnv("BENCH_ROUNDS", 5, 1),
  seconds: intEnv("BENCH_SECONDS", 5, 1),
  warmupSeconds: intEnv("BENCH_WARMUP", 3, 0),
  connections: intEnv("BENCH_CONNECTIONS", 32, 1),
  startups: intEnv("BENCH_STARTUPS", 5, 0),
  profile: process.env.BENCH_PROFILE === "1" || process.env.BENCH_PROFILE === "true",
};

/** Other builds of the gateway to compare, alternating with the others (BENCH_VARIANT_MAIN, comma-separated). */
const VARIANT_MAINS = (process.env.BENCH_VARIANT_MAIN ?? "").split(",").map((p) => p.trim()).filter(Boolean).map((p) => resolve(p));
const variantName = (i: number) => (VARIANT_MAINS.length === 1 ? "variant" : `variant${i + 1}`);
const PROFILE_DIR = join(BENCH_DIR, "profiles");
const stamp = new Date().toISOString().replace(/[:.]/g, "-");

// ---- processes ---------------------------------------------------------------------------------

function profileArgs(name: string): string[] {
  return config.profile
    ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}-${mode}-${stamp}.cpuprofile`]
    : [];
}

async function startCeiling(upstreamUrl: string): Promise<Server> {
  const file = join(LOG_DIR, "ceiling.log");
  const fd = openSync(file, "w");
  const child = spawnTracked(process.execPath, [...profileArgs("ceiling"), join(__dirname, "ceiling.js")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      UPSTREAM_URL: upstreamUrl,
      API_KEY,
      WECOM_CORP_ID: BENCH_CORP_ID,
      WECOM_CORP_SECRET: BENCH_CORP_SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", fd, fd, "ipc"],
  });
  closeSync(fd);
  const url = await waitForLogLine(file, child, (e) => (e.msg === "ceiling listening" ? (e.url as string) : undefined));
  return { name: "ceiling", url, child, pid: child.pid!, startRssMb: memoryOf(child.pid!).rssMb };
}

/** spawn → first 200 from GET /health, and spawn → the "gateway listening" log line. */
async function measureStartup(upstreamUrl: string, redisUrl: string | undefined): Promise<{ healthMs: number; listeningMs: number }> {
  const port = await freePort();
  const file = join(LOG_DIR, "gateway-startup.log");
  const fd = openSync(file, "w");
  const spawnedAt = Date.now();
  const started = performance.now();
  const child = spawnTracked(process.execPath, [MAIN], {
    cwd: ROOT,
    env: gatewayEnv(upstreamUrl, redisUrl, String(port)),
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  let healthMs = Number.NaN;
  try {
    for (;;) {
      if (!isRunning(child)) throw new Error(`the gateway exited during start-up:\n${readFileSync(file, "utf8").slice(-2000)}`);
      if (performance.now() - started > 30_000) throw new Error("no 200 from /health within 30 s");
      const answer = await request(`http://127.0.0.1:${port}/health`, { timeoutMs: 1_000 }).catch(() => undefined);
      if (answer?.status === 200) {
        healthMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await stopChild(child, "SIGTERM", 5_000);
  }
  // The log line's own timestamp (ISO, ms) against the spawn time, as wall-clock.
  let listeningMs = Number.NaN;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.includes('"gateway listening"')) continue;
    try {
      listeningMs = Date.parse(JSON.parse(line).time) - spawnedAt;
    } catch {
      // keep NaN
    }
  }
  return { healthMs, listeningMs };
}

// ---- load ----------------------------------------------------------------------------------------

let running: AutocannonInstance | undefined;

type Load = { body: string } | { bodies: () => string };

function load(server: Server, what: Load, seconds: number): Promise<AutocannonResult> {
  const shape =
    "body" in what
      ? { body: what.body }
      : {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                req.body = what.bodies();
                return req;
              },
            },
          ],
        };
  return new Promise((resolve, reject) => {
    running = autocannon(
      {
        url: `${server.url}/graphql`,
        method: "POST",
        headers: HEADERS,
        ...shape,
        connections: config.connections,
        duration: seconds,
        timeout: 10,
        // A 200 with GraphQL errors is not a success: the answer must be the created meeting.
        verifyBody: (answer: string) => answer.startsWith(ANSWER_PREFIX),
      },
      (error, result) => {
        running = undefined;
        if (error) reject(error);
        else resolve(result);
      },
    );
  });
}

interface RoundResult {
  round: number; // 0 = warm-up
  target: string;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  cpuUsPerReq: number; // the server process's CPU time per request
  upstreamCpuUsPerReq: number; // the fast upstream's, a check that it did the same work for both
  redisCpuUsPerReq?: number; // redis-server's (keys-redis): it shares the machine's cores too
  maxRssMb: number;
}

/** The helper processes whose CPU time is read around each round. */
interface Helpers {
  upstreamPid: number;
  redisPid?: number;
}

async function measure(server: Server, helpers: Helpers, what: Load, seconds: number, round: number): Promise<RoundResult> {
  const { upstreamPid, redisPid } = helpers;
  const cpu0 = cpuMsOf(server.pid);
  const up0 = cpuMsOf(upstreamPid);
  const redis0 = redisPid ? cpuMsOf(redisPid) : 0;
  let maxRssMb = memoryOf(server.pid).rssMb;
  const sampler = setInterval(() => {
    maxRssMb = Math.max(maxRssMb, memoryOf(server.pid).rssMb);
  }, 200);
  let result: AutocannonResult;
  try {
    result = await load(server, what, seconds);
  } finally {
    clearInterval(sampler);
  }
  const total = result.requests.total;
  const perReq = (ms: number) => (total > 0 ? (ms * 1000) / total : Number.NaN);
  return {
    round,
    target: server.name,
    requests: total,
    reqPerSec: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    cpuUsPerReq: perReq(cpuMsOf(server.pid) - cpu0),
    upstreamCpuUsPerReq: perReq(cpuMsOf(upstreamPid) - up0),
    ...(redisPid ? { redisCpuUsPerReq: perReq(cpuMsOf(redisPid) - redis0) } : {}),
    maxRssMb: Math.max(maxRssMb, memoryOf(server.pid).rssMb),
  };
}

/** One request to each server before any load: both must answer the created meeting. */
async function checkAnswers(servers: Server[], what: Load): Promise<void> {
  for (const server of servers) {
    const one = "body" in what ? what.body : what.bodies();
    const answer = await request(`${server.url}/graphql`, { method: "POST", headers: HEADERS, body: one });
    if (answer.status !== 200 || !answer.body.startsWith(ANSWER_PREFIX)) {
      throw new Error(`${server.name} did not answer a created meeting (HTTP ${answer.status}):\n${answer.body.slice(0, 1000)}`);
    }
  }
}

// ---- output --------------------------------------------------------------------------------------

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "n/a");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");

interface TargetSummary {
  rounds: number;
  reqPerSec: number; // median over rounds
  reqPerSecMin: number;
  reqPerSecMax: number;
  p50Ms: number; // median over rounds
  p99Ms: number; // median over rounds
  p99MsWorst: number;
  errors: number; // summed over rounds: connection errors + timeouts
  non2xx: number;
  mismatches: number; // 2xx answers that were not a created meeting
  cpuUsPerReq: number; // median over rounds
  upstreamCpuUsPerReq: number;
  redisCpuUsPerReq?: number;
  startRssMb: number;
  peakRssMb: number; // VmHWM at the end of the run
}

function summarise(results: RoundResult[], server: Server): TargetSummary {
  const mine = results.filter((r) => r.target === server.name && r.round > 0);
  const rps = mine.map((r) => r.reqPerSec);
  return {
    rounds: mine.length,
    reqPerSec: median(rps),
    reqPerSecMin: Math.min(...rps),
    reqPerSecMax: Math.max(...rps),
    p50Ms: median(mine.map((r) => r.p50Ms)),
    p99Ms: median(mine.map((r) => r.p99Ms)),
    p99MsWorst: Math.max(...mine.map((r) => r.p99Ms)),
    errors: mine.reduce((n, r) => n + r.errors + r.timeouts, 0),
    non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
    mismatches: mine.reduce((n, r) => n + r.mismatches, 0),
    cpuUsPerReq: median(mine.map((r) => r.cpuUsPerReq)),
    upstreamCpuUsPerReq: median(mine.map((r) => r.upstreamCpuUsPerReq)),
    ...(mine[0]?.redisCpuUsPerReq !== undefined ? { redisCpuUsPerReq: median(mine.map((r) => r.redisCpuUsPerReq ?? Number.NaN)) } : {}),
    startRssMb: server.startRssMb,
    peakRssMb: memoryOf(server.pid).peakMb,
  };
}

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

// ---- the run -------------------------------------------------------------------------------------

/** Runs the benchmark; false when its figures are not valid (failed requests, a silent round). */
async function main(): Promise<boolean> {
  mkdirSync(LOG_DIR, { recursive: true });
  if (config.profile) mkdirSync(PROFILE_DIR, { recursive: true });
  const what: Load = mode === "plain" ? { body: requestBody() } : { bodies: keyedBodies() };
  const loadBefore = loadAverage();

  say(`gateway benchmark — mode ${mode}, ${config.connections} connections, ${config.rounds} rounds × ${config.seconds} s per target` +
    `${config.warmupSeconds ? ` after ${config.warmupSeconds} s warm-up each` : ""}${config.profile ? ", CPU profiles on" : ""}`);
  say(`node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.join(" ")} (other work on this machine skews absolute numbers; the ratio is the figure)`);

  const upstream = await startFastUpstream();
  const helpers: Helpers = { upstreamPid: upstream.child.pid! };
  let redisUrl: string | undefined;
  if (mode === "keys-redis") {
    const redis = await startRedis();
    redisUrl = redis.url;
    helpers.redisPid = redis.child.pid!;
    say(`redis-server on ${redis.url} (--save '')`);
  }
  say(`fast upstream on ${upstream.url}`);

  // Start-up first, while nothing else runs.
  const startups: Array<{ healthMs: number; listeningMs: number }> = [];
  for (let i = 0; i < config.startups; i++) startups.push(await measureStartup(upstream.url, redisUrl));
  if (startups.length > 0) {
    say(`gateway start-up, spawn → first 200 from GET /health: median ${f0(median(startups.map((s) => s.healthMs)))} ms ` +
      `(${startups.map((s) => f0(s.healthMs)).join(", ")}); spawn → "gateway listening" logged: median ${f0(median(startups.map((s) => s.listeningMs)))} ms`);
  }

  const gateway = await startGateway("gateway", MAIN, upstream.url, redisUrl, profileArgs("gateway"));
  const variants: Server[] = [];
  for (const [i, main] of VARIANT_MAINS.entries()) {
    variants.push(await startGateway(variantName(i), main, upstream.url, redisUrl, profileArgs(variantName(i))));
    say(`${variantName(i)} = ${main}`);
  }
  const ceiling = await startCeiling(upstream.url);
  const servers = [gateway, ...variants, ceiling];
  for (const server of servers) say(`${server.name} on ${server.url} (pid ${server.pid}, log .bench/logs/${server.name}.log)`);
  await checkAnswers(servers, what);

  const results: RoundResult[] = [];
  if (config.warmupSeconds > 0) {
    for (const server of servers) results.push(await measure(server, helpers, what, config.warmupSeconds, 0));
    say(`warm-up done (${results.map((r) => `${r.target} ${f0(r.reqPerSec)} req/s`).join(", ")})`);
  }
  say();
  for (let round = 1; round <= config.rounds; round++) {
    for (const server of servers) {
      const r = await measure(server, helpers, what, config.seconds, round);
      results.push(r);
      say(`  round ${round} ${r.target.padEnd(7)} ${f0(r.reqPerSec).padStart(6)} req/s  p50 ${f1(r.p50Ms)} ms  p99 ${f1(r.p99Ms)} ms  ${f0(r.cpuUsPerReq)} µs CPU/req`);
    }
  }

  const summary: Record<string, TargetSummary> = Object.fromEntries(servers.map((server) => [server.name, summarise(results, server)]));
  const roundOf = (target: string, round: number) => results.find((r) => r.round === round && r.target === target)!;
  /** Median over rounds of a/b, each round's figures against the same round's. */
  const ratioOf = (a: string, b: string) => {
    const pairs = Array.from({ length: config.rounds }, (_, i) => ({
      throughput: roundOf(a, i + 1).reqPerSec / roundOf(b, i + 1).reqPerSec,
      cpu: roundOf(a, i + 1).cpuUsPerReq / roundOf(b, i + 1).cpuUsPerReq,
    }));
    return {
      throughput: median(pairs.map((p) => p.throughput)),
      throughputPerRound: pairs.map((p) => p.throughput),
      cpuPerRequest: median(pairs.map((p) => p.cpu)),
    };
  };
  const ratio = ratioOf("gateway", "ceiling");
  const variantRatios = variants.map((v, i) => ({
    name: v.name,
    main: VARIANT_MAINS[i],
    toCeiling: ratioOf(v.name, "ceiling"),
    toGateway: ratioOf(v.name, "gateway"),
  }));
  const loadAfter = loadAverage();
  const problems: string[] = [];
  for (const r of results.filter((x) => x.round > 0)) {
    if (r.requests === 0) problems.push(`round ${r.round} ${r.target}: no request completed`);
  }
  for (const [name, s] of Object.entries(summary)) {
    if (s.errors + s.non2xx + s.mismatches > 0) {
      problems.push(`${name}: ${s.errors} errors, ${s.non2xx} non-2xx, ${s.mismatches} answers that were not a created meeting (see .bench/logs/${name}.log)`);
    }
  }

  say();
  say(`results (median over ${config.rounds} rounds; errors summed)`);
  const row = (name: string, s: TargetSummary) => [
    name,
    f0(s.reqPerSec),
    `${f0(s.reqPerSecMin)}-${f0(s.reqPerSecMax)}`,
    f1(s.p50Ms),
    f1(s.p99Ms),
    f0(s.cpuUsPerReq),
    s.errors,
    s.non2xx,
    s.mismatches,
    f0(s.startRssMb),
    f0(s.peakRssMb),
  ];
  say(table([
    ["target", "req/s", "range", "p50 ms", "p99 ms", "cpu µs/req", "errors", "non-2xx", "wrong body", "RSS start MB", "RSS peak MB"],
    ...servers.map((server) => row(server.name, summary[server.name])),
  ]));
  say();
  const sayRatio = (label: string, r: ReturnType<typeof ratioOf>) => {
    say(`${label} throughput: ${f2(r.throughput)} (median of per-round ratios ${r.throughputPerRound.map(f2).join(", ")})`);
    say(`${label} CPU per request: ${f2(r.cpuPerRequest)}× (server process CPU time / requests, less sensitive to other load)`);
  };
  sayRatio("gateway / ceiling", ratio);
  for (const v of variantRatios) {
    sayRatio(`${v.name} / ceiling`, v.toCeiling);
    sayRatio(`${v.name} / gateway`, v.toGateway);
  }
  say(`upstream stand-in CPU per request: ${servers.map((x) => `${x.name} rounds ${f0(summary[x.name].upstreamCpuUsPerReq)} µs`).join(", ")}`);
  if (summary.gateway.redisCpuUsPerReq !== undefined) {
    say(`redis-server CPU per request: ${servers.filter((x) => x !== ceiling).map((x) => `${x.name} rounds ${f0(summary[x.name].redisCpuUsPerReq ?? Number.NaN)} µs`).join(", ")} (on the same cores; not in the gateway's figure)`);
  }
  say(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  if (mode !== "plain") say("note: the ceiling ignores idempotencyKey (no store): the ratio includes the gateway's idempotency work.");
  for (const problem of problems) say(`INVALID: ${problem}`);

  // Stop the servers (the gateways gracefully: a CPU profile is written on exit).
  await Promise.all(servers.map((server) => stopChild(server.child, "SIGTERM", server === ceiling ? 5_000 : 20_000)));

  let profiles: Record<string, ProfileSummary> | undefined;
  if (config.profile) {
    profiles = {};
    for (const { name } of servers) {
      const file = newestProfile(PROFILE_DIR, `${name}-${mode}-${stamp}`);
      if (!file) {
        say(`(no ${name} CPU profile was written)`);
        continue;
      }
      profiles[name] = summariseProfile(file, 15);
      say();
      say(formatSummary(profiles[name], `${name} CPU profile`));
    }
  }

  const report = {
    at: new Date().toISOString(),
    valid: problems.length === 0,
    problems,
    config,
    machine: { node: process.version, cpus: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
    startup: {
      samples: startups,
      medianHealthMs: median(startups.map((s) => s.healthMs)),
      medianListeningMs: median(startups.map((s) => s.listeningMs)),
    },
    summary,
    ratio,
    variants: variantRatios,
    rounds: results,
    profiles,
  };
  writeFileSync(join(BENCH_DIR, "last.json"), `${JSON.stringify(report, null, 2)}\n`);
  appendFileSync(
    join(BENCH_DIR, "history.jsonl"),
    `${JSON.stringify({ at: report.at, valid: report.valid, mode, config, variants: VARIANT_MAINS, startupMs: report.startup.medianHealthMs, ratio: ratio.throughput, cpuRatio: ratio.cpuPerRequest, summary })}\n`,
  );
  say();
  say("figures written to .bench/last.json");
  return problems.length === 0;
}

// Never leaves a child behind, whatever happens.
runToExit("bench", main, () => running?.stop());
