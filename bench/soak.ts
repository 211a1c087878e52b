/**
 * `npm run bench:soak`: does the gateway's memory stay flat under a steady load?
 *
 * Starts the upstream stand-in and the gateway as in production (bench/support.ts; memory
 * store, no REDIS_URL), then sends the bench's createMeeting at a fixed overall rate for
 * BENCH_SOAK_SECONDS with autocannon (Debian's wrk 4.1 has no fixed-rate mode). BENCH_SOAK_KEYED
 * percent of the requests carry a fresh idempotencyKey: each leaves a record in the memory store
 * for 24 h, up to its 50,000-entry bound. Every BENCH_SOAK_SAMPLE seconds it prints the gateway's
 * RSS (/proc) and heap used (`nodejs_heap_size_used_bytes` from its /metrics). Verdict: "flat"
 * when, after BENCH_SOAK_WARMUP, the least-squares slope of heap used is under 1 MB/min and that
 * of RSS under 2 MB/min; "growing" otherwise. Figures go to .bench/soak.json; exits 1 when a
 * request failed or the rate was not kept.
 *
 * Env: BENCH_SOAK_SECONDS (600)  BENCH_SOAK_RATE (300 req/s)  BENCH_SOAK_CONNECTIONS (8)
 *      BENCH_SOAK_SAMPLE (30 s)  BENCH_SOAK_WARMUP (60 s)  BENCH_SOAK_KEYED (50 %)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AUTH, BENCH_DIR, createBody, fmt, intEnv, memoryMb, request, run, startGateway, startUpstream } from "./support";

interface Result { requests: { total: number }; latency: { p50: number; p99: number }; duration: number; errors: number; timeouts: number; non2xx: number; mismatches: number }
interface Instance { on(event: "response", listener: () => void): void; stop(): void }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (opts: object, done: (error: Error | null, result: Result) => void) => Instance;

const config = {
  seconds: intEnv("BENCH_SOAK_SECONDS", 600), rate: intEnv("BENCH_SOAK_RATE", 300), connections: intEnv("BENCH_SOAK_CONNECTIONS", 8),
  sampleSeconds: intEnv("BENCH_SOAK_SAMPLE", 30), warmupSeconds: intEnv("BENCH_SOAK_WARMUP", 60), keyedPercent: Math.min(100, intEnv("BENCH_SOAK_KEYED", 50)),
};
const LIMITS = { heapMbPerMin: 1, rssMbPerMin: 2 };
const say = (line = "") => process.stdout.write(`${line}\n`);
const signed = (n: number) => `${n >= 0 ? "+" : ""}${fmt(n, 2)}`;

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return n < 2 || sxx === 0 ? NaN : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

async function main(): Promise<number> {
  if (config.warmupSeconds >= config.seconds) throw new Error("BENCH_SOAK_WARMUP must be shorter than BENCH_SOAK_SECONDS");
  say(`soak: ${config.seconds} s at ${config.rate} req/s over ${config.connections} connections, ${config.keyedPercent} % with a fresh idempotencyKey, ` +
    `a sample every ${config.sampleSeconds} s, the first ${config.warmupSeconds} s = warm-up`);
  const upstream = await startUpstream();
  const gateway = await startGateway("soak-gateway", upstream.url);
  const plain = createBody();
  const [head, tail] = createBody("@@KEY@@").split("@@KEY@@");
  const run = `soak-${Date.now().toString(36)}`;
  let sent = 0;
  let keyed = 0;
  const nextBody = () => (Math.floor((++sent * config.keyedPercent) / 100) > keyed ? `${head}${run}-${++keyed}${tail}` : plain);
  const isCreated = (text: string) => text.includes('"createMeeting":{"id":"');
  for (const body of [plain, nextBody()]) {
    const { status, text } = await request(`${gateway.url}/graphql`, AUTH, body);
    if (status !== 200 || !isCreated(text)) throw new Error(`the gateway did not create a meeting (HTTP ${status}): ${text.slice(0, 300)}`);
  }

  const samples: Array<{ s: number; requests: number; rssMb: number; heapMb: number }> = [];
  let answered = 0;
  const started = Date.now();
  const sample = async () => {
    const metrics = (await request(`${gateway.url}/metrics`)).text;
    const heapMb = Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(metrics)?.[1]) / 1048576;
    const s = { s: Math.round((Date.now() - started) / 1000), requests: answered, rssMb: memoryMb(gateway.pid), heapMb };
    samples.push(s);
    say(`  ${String(s.s).padStart(5)} s  ${String(s.requests).padStart(7)} answered  RSS ${fmt(s.rssMb, 1).padStart(6)} MB  heap used ${fmt(s.heapMb, 1).padStart(6)} MB`);
  };
  await sample();
  const timer = setInterval(() => void sample().catch((e: Error) => say(`  sample failed: ${e.message}`)), config.sampleSeconds * 1000);
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${gateway.url}/graphql`, method: "POST", headers: { "content-type": "application/json", ...AUTH },
      requests: [{ setupRequest: (req: Record<string, unknown>) => Object.assign(req, { body: nextBody() }) }],
      connections: config.connections, overallRate: config.rate, duration: config.seconds, timeout: 10, verifyBody: isCreated,
    }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on("response", () => answered++);
  });
  clearInterval(timer);
  if (samples[samples.length - 1].s < Math.round((Date.now() - started) / 1000)) await sample();
  const peakMb = memoryMb(gateway.pid, "VmHWM");
  await gateway.stop();

  const after = samples.filter((s) => s.s >= config.warmupSeconds);
  const warm = after[0] ?? samples[0];
  const end = samples[samples.length - 1];
  const heapSlope = slope(after.map((s) => [s.s / 60, s.heapMb]));
  const rssSlope = slope(after.map((s) => [s.s / 60, s.rssMb]));
  const flat = heapSlope < LIMITS.heapMbPerMin && rssSlope < LIMITS.rssMbPerMin;
  const errors = result.errors + result.non2xx + result.mismatches;
  const problems = [
    ...(errors ? [`${result.non2xx} non-2xx, ${result.errors} connection errors (${result.timeouts} timeouts), ${result.mismatches} wrong answers`] : []),
    ...(result.requests.total < 0.95 * config.rate * config.seconds ? [`only ${result.requests.total} of ${config.rate * config.seconds} requests answered: the rate was not kept`] : []),
  ];

  say(`\nafter the warm-up (${warm.s} s to ${end.s} s, ${after.length} samples):`);
  say(`  RSS        ${fmt(warm.rssMb, 1)} → ${fmt(end.rssMb, 1)} MB, slope ${signed(rssSlope)} MB/min (flat below ${LIMITS.rssMbPerMin})`);
  say(`  heap used  ${fmt(warm.heapMb, 1)} → ${fmt(end.heapMb, 1)} MB, slope ${signed(heapSlope)} MB/min (flat below ${LIMITS.heapMbPerMin})`);
  say(`requests: ${result.requests.total} in ${fmt(result.duration)} s (${fmt(result.requests.total / result.duration)} req/s), ${keyed} keyed; ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; peak RSS ${fmt(peakMb, 1)} MB`);
  say(`verdict: ${flat ? "flat" : "growing"} (heap ${signed(heapSlope)} MB/min, RSS ${signed(rssSlope)} MB/min)`);
  for (const p of problems) say(`!!! ${p}`);
  writeFileSync(join(BENCH_DIR, "soak.json"), `${JSON.stringify({ at: new Date().toISOString(), config, verdict: flat ? "flat" : "growing", slopes: { heapSlope, rssSlope }, peakMb, result, keyed, problems, samples }, null, 2)}\n`);
  await upstream.stop();
  return problems.length ? 1 : 0;
}

run("soak", main);
