/**
 * `npm run bench:soak`: does the gateway's memory stay flat under a moderate, steady load?
 *
 * Starts, all on 127.0.0.1 (the same start-up as `npm run bench`, bench/support.ts):
 *   - the fast upstream stand-in (bench/fast-upstream.ts), log .bench/logs/soak-fast-upstream.log,
 *   - the gateway as in production (`node dist/src/main.js`, NODE_ENV=production, an API key,
 *     LOG_LEVEL=info, no REDIS_URL: the memory store), log .bench/logs/soak-gateway.log.
 * Then drives it for BENCH_SOAK_SECONDS at a fixed overall rate (autocannon, `overallRate`) with
 * the bench's realistic createMeeting: BENCH_SOAK_KEYED percent of the requests (default half)
 * carry a fresh idempotencyKey, so every one of them leaves a record in the memory store (held
 * 24 h, CONTRACT.md §6), the others carry none. Every BENCH_SOAK_SAMPLE seconds it samples the
 * gateway's RSS (/proc/<pid>/status VmRSS) and heap used (`nodejs_heap_size_used_bytes` scraped
 * from its /metrics) and prints a line. At the end: RSS and heap after the warm-up against the
 * end, the growth per minute (least-squares slope over the samples after the warm-up), errors,
 * and a verdict: "flat" when the heap grows less than 1 MB/min and RSS less than 2 MB/min after
 * the warm-up, "growing" otherwise. With keyed requests it also measures what one record costs
 * (bench/record-cost.ts, a child with --expose-gc) and how much of the growth the records explain.
 * The figures go to .bench/soak.json.
 *
 * Environment:
 *   BENCH_SOAK_SECONDS      how long the load runs (default 600)
 *   BENCH_SOAK_RATE         requests per second over all connections (default 300)
 *   BENCH_SOAK_CONNECTIONS  concurrent connections (default 8)
 *   BENCH_SOAK_SAMPLE       seconds between samples (default 30)
 *   BENCH_SOAK_WARMUP       seconds left out of the slope (default 60)
 *   BENCH_SOAK_KEYED        percent of requests with a fresh idempotencyKey (default 50; 0 = none)
 */
import { MEMORY_STORE_MAX_ENTRIES } from "../src/store/memory.store";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import {
  ANSWER_PREFIX,
  BENCH_DIR,
  HEADERS,
  LOG_DIR,
  MAIN,
  autocannon,
  isRunning,
  keyedBodies,
  loadAverage,
  memoryOf,
  request,
  requestBody,
  spawnTracked,
  startFastUpstream,
  startGateway,
  stopChild,
  runToExit,
  table,
  intEnv,
  type AutocannonInstance,
  type AutocannonResult,
  type Server,
} from "./support";

// ---- configuration -------------------------------------------------------------------------------

const config = {
  seconds: intEnv("BENCH_SOAK_SECONDS", 600, 10),
  rate: intEnv("BENCH_SOAK_RATE", 300, 1),
  connections: intEnv("BENCH_SOAK_CONNECTIONS", 8, 1),
  sampleSeconds: intEnv("BENCH_SOAK_SAMPLE", 30, 1),
  warmupSeconds: intEnv("BENCH_SOAK_WARMUP", 60, 0),
  keyedPercent: intEnv("BENCH_SOAK_KEYED", 50, 0),
};
if (config.keyedPercent > 100) {
  process.stderr.write(`BENCH_SOAK_KEYED must be a percentage from 0 to 100; got ${config.keyedPercent}\n`);
  process.exit(2);
}
if (config.warmupSeconds >= config.seconds) {
  process.stderr.write(`BENCH_SOAK_WARMUP (${config.warmupSeconds}) must be shorter than BENCH_SOAK_SECONDS (${config.seconds})\n`);
  process.exit(2);
}
/** The verdict's limits, after the warm-up (MB per minute). */
const FLAT_HEAP_MB_PER_MIN = 1;
const FLAT_RSS_MB_PER_MIN = 2;
const MB = 1024 * 1024;

// ---- the load ------------------------------------------------------------------------------------

/** Keyed or not, in the configured share, spread evenly (a Bresenham-like walk). */
function mixedBodies(): { next: () => string; counts: { keyed: number; plain: number } } {
  const plain = requestBody();
  const keyed = keyedBodies();
  const counts = { keyed: 0, plain: 0 };
  let sent = 0;
  return {
    counts,
    next: () => {
      sent++;
      if (Math.floor((sent * config.keyedPercent) / 100) > counts.keyed) {
        counts.keyed++;
        return keyed();
      }
      counts.plain++;
      return plain;
    },
  };
}

/** What the load saw so far (autocannon's events; its result object only comes at the end). */
interface Tally {
  responses: number;
  non2xx: number;
  reqErrors: number; // connection errors and timeouts
  mismatches: number; // 2xx answers that were not a created meeting
}
const errorsOf = (t: Tally) => t.non2xx + t.reqErrors + t.mismatches;

let running: AutocannonInstance | undefined;

// ---- samples -------------------------------------------------------------------------------------

interface Sample {
  elapsedS: number;
  requests: number; // responses so far
  keyedSent: number; // keyed bodies handed to autocannon so far
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  errors: number; // non-2xx + connection errors/timeouts + wrong bodies, so far
}

function metric(text: string, name: string): number {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, "m").exec(text)?.[1];
  return value === undefined ? Number.NaN : Number(value);
}

async function sample(gateway: Server, elapsedS: number, tally: Tally, keyedSent: number): Promise<Sample> {
  if (!isRunning(gateway.child)) throw new Error(`the gateway exited (code ${gateway.child.exitCode}); see .bench/logs/${gateway.name}.log`);
  const rssMb = memoryOf(gateway.pid).rssMb;
  const answer = await request(`${gateway.url}/metrics`, { timeoutMs: 10_000 });
  if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}`);
  return {
    elapsedS,
    requests: tally.responses,
    keyedSent,
    rssMb,
    heapUsedMb: metric(answer.body, "nodejs_heap_size_used_bytes") / MB,
    heapTotalMb: metric(answer.body, "nodejs_heap_size_total_bytes") / MB,
    externalMb: metric(answer.body, "nodejs_external_memory_bytes") / MB,
    errors: errorsOf(tally),
  };
}

/** Least-squares slope of y over x (per unit of x); NaN with fewer than two distinct x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

// ---- what one keyed record costs -----------------------------------------------------------------

interface RecordCost {
  records: number;
  bytesPerRecord: number;
  storeKeyChars: number;
  recordChars: number;
  heapLimitMb: number;
}

/** bench/record-cost.ts in a child of its own (it needs --expose-gc; the gateway runs without). */
async function measureRecordCost(records: number): Promise<RecordCost> {
  const child = spawnTracked(process.execPath, ["--expose-gc", join(__dirname, "record-cost.js"), String(records)], {
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (out += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (err += c));
  const code = await new Promise<number | null>((done) => child.once("exit", (c) => done(c)));
  if (code !== 0) throw new Error(`record-cost exited ${code}: ${err.slice(-2000)}`);
  return JSON.parse(out.trim().split("\n").pop()!) as RecordCost;
}

// ---- output --------------------------------------------------------------------------------------

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "n/a");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");
const signed = (n: number, digits = 2) => (Number.isFinite(n) ? `${n >= 0 ? "+" : ""}${n.toFixed(digits)}` : "n/a");

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

// ---- the run -------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  mkdirSync(LOG_DIR, { recursive: true });
  const loadBefore = loadAverage();
  say(`gateway soak — ${config.seconds} s at ${config.rate} req/s over ${config.connections} connections, ` +
    `${config.keyedPercent}% of requests with a fresh idempotencyKey (memory store), a sample every ${config.sampleSeconds} s, ` +
    `first ${config.warmupSeconds} s = warm-up`);
  say(`node ${process.version}, ${cpus().length} CPUs (${cpuModel()}), load average ${loadBefore.join(" ")}`);
  if (config.keyedPercent > 0) {
    say(`note: each keyed request leaves a record in the gateway's memory store for 24 h (CONTRACT.md §6): those are part of what is measured.`);
  }

  const upstream = await startFastUpstream("soak-fast-upstream");
  const gateway = await startGateway("soak-gateway", MAIN, upstream.url, undefined);
  say(`fast upstream on ${upstream.url}; gateway on ${gateway.url} (pid ${gateway.pid}, log .bench/logs/${gateway.name}.log)`);

  const bodies = mixedBodies();
  // Both kinds must answer a created meeting before any load (these two are not counted).
  for (const body of [requestBody(), keyedBodies()()]) {
    const answer = await request(`${gateway.url}/graphql`, { method: "POST", headers: HEADERS, body });
    if (answer.status !== 200 || !answer.body.startsWith(ANSWER_PREFIX)) {
      throw new Error(`the gateway did not answer a created meeting (HTTP ${answer.status}):\n${answer.body.slice(0, 1000)}`);
    }
  }

  const tally: Tally = { responses: 0, non2xx: 0, reqErrors: 0, mismatches: 0 };
  const samples: Sample[] = [];
  const printSample = (s: Sample, previous?: Sample) => {
    const rate = previous && s.elapsedS > previous.elapsedS ? (s.requests - previous.requests) / (s.elapsedS - previous.elapsedS) : Number.NaN;
    say(`  ${f0(s.elapsedS).padStart(5)} s  requests ${String(s.requests).padStart(7)} (${f0(rate).padStart(4)} req/s)  ` +
      `RSS ${f1(s.rssMb).padStart(6)} MB  heap ${f1(s.heapUsedMb).padStart(6)} MB  errors ${s.errors}`);
  };
  const takeSample = async (elapsedS: number) => {
    const s = await sample(gateway, elapsedS, tally, bodies.counts.keyed);
    printSample(s, samples.at(-1));
    samples.push(s);
  };

  say();
  say("samples (elapsed, requests answered so far and the rate since the last sample, gateway RSS, heap used, errors so far):");
  await takeSample(0);
  const started = Date.now();
  const elapsedS = () => (Date.now() - started) / 1000;

  // Samples on a fixed grid from the start; the last one is taken when the load has stopped.
  let sampling = Promise.resolve();
  let samplingError: Error | undefined;
  let timer: NodeJS.Timeout | undefined;
  const scheduleSample = (k: number) => {
    const at = k * config.sampleSeconds;
    if (at >= config.seconds) return;
    timer = setTimeout(() => {
      sampling = sampling
        .then(() => takeSample(Math.round(elapsedS())))
        .catch((error: Error) => {
          samplingError ??= error;
          running?.stop();
        });
      scheduleSample(k + 1);
    }, Math.max(0, started + at * 1000 - Date.now()));
  };
  scheduleSample(1);

  // Must stop by itself: should autocannon overrun its duration by a minute, it is stopped (the
  // run is then invalid below: fewer requests than asked).
  const watchdog = setTimeout(() => running?.stop(), (config.seconds + 60) * 1000);
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${gateway.url}/graphql`,
        method: "POST",
        headers: HEADERS,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              req.body = bodies.next();
              return req;
            },
          },
        ],
        connections: config.connections,
        overallRate: config.rate,
        duration: config.seconds,
        timeout: 10,
        verifyBody: (answer: string) => answer.startsWith(ANSWER_PREFIX),
      },
      (error, res) => {
        running = undefined;
        if (error) reject(error);
        else resolve(res);
      },
    );
    running = instance;
    instance.on("response", (_client, statusCode) => {
      tally.responses++;
      if (statusCode < 200 || statusCode >= 300) tally.non2xx++;
    });
    instance.on("reqError", () => tally.reqErrors++);
    instance.on("reqMismatch", () => tally.mismatches++);
  });
  clearTimeout(watchdog);
  clearTimeout(timer);
  await sampling;
  if (samplingError) throw samplingError;
  await takeSample(Math.round(elapsedS()));
  const loadAfter = loadAverage();

  // What one keyed record costs, with as many records as the gateway now holds.
  const keyedTotal = bodies.counts.keyed + 1; // + the keyed check before the load
  let recordCost: RecordCost | undefined;
  if (config.keyedPercent > 0) recordCost = await measureRecordCost(Math.max(10_000, keyedTotal));

  const peakRssMb = memoryOf(gateway.pid).peakMb;
  await stopChild(gateway.child, "SIGTERM", 20_000);

  // ---- summary ----
  const warm = samples.find((s) => s.elapsedS >= config.warmupSeconds) ?? samples[0];
  const end = samples.at(-1)!;
  const after = samples.filter((s) => s.elapsedS >= config.warmupSeconds);
  const perMin = (pick: (s: Sample) => number) => slope(after.map((s) => [s.elapsedS / 60, pick(s)]));
  const heapSlope = perMin((s) => s.heapUsedMb);
  const rssSlope = perMin((s) => s.rssMb);
  const heapTotalSlope = perMin((s) => s.heapTotalMb);
  const windowMin = (end.elapsedS - warm.elapsedS) / 60;
  const keyedPerMin = windowMin > 0 ? (end.keyedSent - warm.keyedSent) / windowMin : Number.NaN;
  const expectedHeapSlope = recordCost ? (keyedPerMin * recordCost.bytesPerRecord) / MB : 0;
  const flat = heapSlope < FLAT_HEAP_MB_PER_MIN && rssSlope < FLAT_RSS_MB_PER_MIN;
  const errors = {
    total: errorsOf(tally),
    non2xx: result.non2xx,
    connectionErrorsAndTimeouts: result.errors,
    timeouts: result.timeouts,
    wrongBody: result.mismatches,
  };
  const expectedRequests = config.rate * config.seconds;
  const problems: string[] = [];
  if (errors.non2xx + errors.connectionErrorsAndTimeouts + errors.wrongBody > 0) {
    problems.push(`${errors.non2xx} non-2xx, ${errors.connectionErrorsAndTimeouts} connection errors/timeouts, ${errors.wrongBody} answers that were not a created meeting (see .bench/logs/${gateway.name}.log)`);
  }
  if (result.requests.total < 0.95 * expectedRequests) {
    problems.push(`only ${result.requests.total} requests answered of the ${expectedRequests} asked for (${f0(result.requests.total / result.duration)} req/s): the gateway or the machine could not keep the rate`);
  }

  say();
  say(`summary (after the ${config.warmupSeconds} s warm-up: samples from ${f0(warm.elapsedS)} s to ${f0(end.elapsedS)} s, ${after.length} samples)`);
  say(table([
    ["", `at ${f0(warm.elapsedS)} s`, `at ${f0(end.elapsedS)} s (end)`, "change", "slope MB/min", "limit for flat"],
    ["RSS MB", f1(warm.rssMb), f1(end.rssMb), signed(end.rssMb - warm.rssMb, 1), signed(rssSlope), `< ${FLAT_RSS_MB_PER_MIN}`],
    ["heap used MB", f1(warm.heapUsedMb), f1(end.heapUsedMb), signed(end.heapUsedMb - warm.heapUsedMb, 1), signed(heapSlope), `< ${FLAT_HEAP_MB_PER_MIN}`],
    ["heap total MB", f1(warm.heapTotalMb), f1(end.heapTotalMb), signed(end.heapTotalMb - warm.heapTotalMb, 1), signed(heapTotalSlope), ""],
  ]));
  say(`requests: ${result.requests.total} answered in ${f0(result.duration)} s (${f0(result.requests.total / result.duration)} req/s; asked ${config.rate}), ` +
    `${bodies.counts.keyed} with a fresh idempotencyKey, ${bodies.counts.plain} without; latency p50 ${f1(result.latency.p50)} ms, p99 ${f1(result.latency.p99)} ms, max ${f0(result.latency.max)} ms`);
  say(`errors: ${errors.non2xx} non-2xx, ${errors.connectionErrorsAndTimeouts} connection errors/timeouts (${errors.timeouts} timeouts), ${errors.wrongBody} wrong bodies`);
  say(`peak RSS (VmHWM): ${f1(peakRssMb)} MB; load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);

  const verdict = flat
    ? `flat: heap ${signed(heapSlope)} MB/min (< ${FLAT_HEAP_MB_PER_MIN}), RSS ${signed(rssSlope)} MB/min (< ${FLAT_RSS_MB_PER_MIN}) after the warm-up`
    : `growing: heap ${signed(heapSlope)} MB/min (limit ${FLAT_HEAP_MB_PER_MIN}), RSS ${signed(rssSlope)} MB/min (limit ${FLAT_RSS_MB_PER_MIN}) after the warm-up`;
  say(`verdict: ${verdict}`);

  let explanation: Record<string, number | string> | undefined;
  if (recordCost) {
    const perDay = keyedPerMin * 1440;
    const dayMb = (perDay * recordCost.bytesPerRecord) / MB;
    const hoursToLimit = expectedHeapSlope > 0 ? recordCost.heapLimitMb / expectedHeapSlope / 60 : Number.NaN;
    explanation = {
      keyedRecordsPerMin: keyedPerMin,
      bytesPerRecord: recordCost.bytesPerRecord,
      recordCostMeasuredWith: recordCost.records,
      storeKeyChars: recordCost.storeKeyChars,
      recordChars: recordCost.recordChars,
      expectedHeapMbPerMin: expectedHeapSlope,
      residualHeapMbPerMin: heapSlope - expectedHeapSlope,
      recordsHeldAfter24h: perDay,
      heapMbAfter24h: dayMb,
      heapLimitMb: recordCost.heapLimitMb,
      hoursToHeapLimitAtThisRate: hoursToLimit,
    };
    say();
    say(`keyed records: the memory store (src/store/memory.store.ts) keeps each idempotency record for its 24 h time to live, ` +
      `up to ${MEMORY_STORE_MAX_ENTRIES} entries (oldest dropped first): about ${f0((MEMORY_STORE_MAX_ENTRIES * recordCost.bytesPerRecord) / 1048576)} MB of records at most.`);
    say(`  one record costs ${f0(recordCost.bytesPerRecord)} bytes of heap (bench/record-cost.ts: ${recordCost.records} keyed creates through the gateway's own IdempotencyGuard + MemoryStore, ` +
      `heap after full GCs; the stored JSON is ${recordCost.recordChars} chars under an ${recordCost.storeKeyChars}-char key)`);
    say(`  ${f0(keyedPerMin)} keyed requests/min × ${f0(recordCost.bytesPerRecord)} B = ${f2(expectedHeapSlope)} MB/min expected from the records; ` +
      `heap slope measured ${f2(heapSlope)} MB/min; not explained by the records: ${signed(heapSlope - expectedHeapSlope)} MB/min`);
    say(`  unbounded, at this rate the store would hold ${f0(perDay)} records (${f0(dayMb)} MB) before the first one expires; ` +
      `the gateway's heap limit (${f0(recordCost.heapLimitMb)} MB, this node's default) would be reached after about ${f1(hoursToLimit)} h; ` +
      `the bound is reached after about ${f1(MEMORY_STORE_MAX_ENTRIES / keyedPerMin)} min`);
  }
  for (const problem of problems) say(`INVALID: ${problem}`);

  const report = {
    at: new Date().toISOString(),
    valid: problems.length === 0,
    problems,
    config: { ...config, flatHeapMbPerMin: FLAT_HEAP_MB_PER_MIN, flatRssMbPerMin: FLAT_RSS_MB_PER_MIN },
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpuModel(), loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
    requests: {
      total: result.requests.total,
      perSecond: result.requests.total / result.duration,
      keyed: bodies.counts.keyed,
      plain: bodies.counts.plain,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average, max: result.latency.max },
    },
    errors,
    warmup: warm,
    end,
    peakRssMb,
    slopesMbPerMin: { heapUsed: heapSlope, rss: rssSlope, heapTotal: heapTotalSlope },
    verdict: flat ? "flat" : "growing",
    verdictText: verdict,
    keyedRecords: explanation,
    samples,
  };
  writeFileSync(join(BENCH_DIR, "soak.json"), `${JSON.stringify(report, null, 2)}\n`);
  say();
  say("figures written to .bench/soak.json");
  return problems.length === 0;
}

// Never leaves a child behind, whatever happens.
runToExit("soak", main, () => running?.stop());
