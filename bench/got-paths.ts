/**
 * Which way of calling the upstream costs least (issue #6): `node dist/bench/got-paths.js`.
 *
 * Against the fast upstream stand-in (a separate process), 32 concurrent POSTs of a realistic
 * meeting/create body, for each client variant in turn, round after round (the variants alternate,
 * so the noise of a busy machine hits them all). Reports per variant: calls/s, p50/p99 latency,
 * the client process's CPU time per call (the steadier figure on a shared machine) and how many
 * new upstream connections it opened (keep-alive check). Then a synchronous micro-benchmark of
 * got's option normalisation.
 *
 * Environment: GOT_PATHS_SECONDS (default 3), GOT_PATHS_ROUNDS (default 3),
 * GOT_PATHS_CONCURRENCY (default 32), GOT_PATHS_ONLY (comma-separated variant ids to run),
 * GOT_PATHS_MICRO=0 (skip the option-normalisation micro-benchmark, e.g. when profiling).
 */
import http from "node:http";
import https from "node:https";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import got, { Options, type CancelableRequest, type Got, type Request, type Response } from "got";
import { toCreateMeetingBody } from "../src/meeting/meeting.mapping";
import type { CreateMeetingInput } from "../src/meeting/meeting.input";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "../src/meeting/meeting.enums";
import { silentObserver } from "../src/wecom/wecom.observer";
import { WecomHttp as CurrentWecomHttp } from "../src/wecom/wecom.http";
import { ROOT, median, request as oneRequest, spawnTracked, stopAllChildren, table, killAllChildrenSync, waitForLogLine } from "./support";

const SECONDS = Number(process.env.GOT_PATHS_SECONDS ?? 3);
const ROUNDS = Number(process.env.GOT_PATHS_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.GOT_PATHS_CONCURRENCY ?? 32);
const ONLY = process.env.GOT_PATHS_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
const TIMEOUT_MS = 10_000;
const TOKEN = "bench-access-token-".padEnd(128, "x");

type Call = () => Promise<unknown>;
interface Variant {
  id: string;
  name: string;
  make(base: string): Call;
}

// A realistic body: the example meeting of schema/operations, through the project's own mapping.
const START = new Date(Date.now() + 30 * 86_400_000);
const INPUT: CreateMeetingInput = {
  adminUserId: "zhangsan",
  title: "Weekly product sync",
  meetingStart: START,
  meetingDuration: 3600,
  description: "Roadmap review and open questions",
  location: "Guangzhou, Media Harbour",
  invitees: ["lisi", "wangwu"],
  settings: {
    password: "1234",
    enableWaitingRoom: false,
    allowEnterBeforeHost: true,
    remindScope: RemindScope.HOST_ONLY,
    enableEnterMute: EnterMute.AUTO_ABOVE_SIX,
    hosts: ["lisi"],
  },
  reminders: {
    isRepeat: true,
    repeatType: RepeatType.WEEKLY,
    repeatInterval: 1,
    repeatUntil: new Date(START.getTime() + 90 * 86_400_000),
    remindBefore: [RemindBefore.FIFTEEN_MINUTES],
  },
} as CreateMeetingInput;
const BODY = toCreateMeetingBody(INPUT);

const keepAlive = () => new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32, scheduling: "lifo" });
const createUrl = (base: string) => `${base}/cgi-bin/meeting/create?access_token=${encodeURIComponent(TOKEN)}`;

function check(result: any): void {
  if (!result || result.errcode !== 0 || typeof result.meetingid !== "string") throw new Error(`unexpected answer ${JSON.stringify(result)}`);
}

// ---- plain node:http ---------------------------------------------------------------------------

function plainHttp(agent: http.Agent): (base: string) => Call {
  return (base) => {
    const url = new URL(createUrl(base));
    const path = `${url.pathname}${url.search}`;
    return () =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify(BODY);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method: "POST",
            agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), accept: "application/json" },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
              } catch (error) {
                reject(error);
              }
            });
            res.on("error", reject);
          },
        );
        req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("timeout")));
        req.on("error", reject);
        req.end(payload);
      });
  };
}

// ---- got's promise API -----------------------------------------------------------------------------

const CURRENT_EXTEND = (agent: http.Agent) => ({
  agent: { http: agent, https: new https.Agent({ keepAlive: true }) },
  timeout: { request: TIMEOUT_MS },
  retry: { limit: 0 },
  responseType: "json" as const,
  throwHttpErrors: true,
  followRedirect: false,
});

// ---- got's core Request ------------------------------------------------------------------------------

// got 14 exports `Request` as a type only (index.js re-exports core/index.js with `export *`, which
// leaves out its default export, and package.json "exports" forbids deep imports). Two ways in:
//  - public: `got(undefined, undefined, options)` (typed in got's Got interface) with `isStream: true`
//    in pre-normalised options gives the core Request stream;
//  - not public: the class itself, taken from a stream that is destroyed before it sends anything.
//    Used here only to measure the floor under got's public paths.
const probe = got.stream("http://127.0.0.1:9/", { retry: { limit: 0 } });
probe.destroy();
// (Request declares a `constructor` field, so the instance's own `constructor` is undefined.)
const RequestClass = Object.getPrototypeOf(probe).constructor as typeof Request;

type CoreWay =
  | "class-clone" // new Request(url, undefined, base); options.body = …; _noPipe (not public)
  | "class-merge" // new Request(url, {body}, base) (not public)
  | "class-json" // new Request(url, {json}, base) (not public)
  | "stream-prenormalized" // opts = new Options(url, undefined, base); opts.body = …; got(undefined, undefined, opts) (public)
  | "stream-alias" // instance.stream.post(url, {body}) (public)
  | "promise-prenormalized"; // got(undefined, undefined, opts) with isStream false: the promise API without the merge

interface CoreSetup {
  way?: CoreWay;
  options?: Record<string, unknown>; // added to the base options
  drop?: string[]; // removed from the base options
  bodyAs?: "string" | "buffer";
  ownTimeout?: boolean; // a setTimeout + destroy instead of got's timeout.request
  /**
   * `options.cacheOptions = {}` on the base (outside a merge the setter replaces the object): got's
   * createNativeRequestOptions() builds `{...cacheOptions, ...unixOptions, <30 more keys>}` on every
   * request, and with cacheOptions' four (undefined) keys that literal hits a V8 11 (Node 20) slow
   * path of about 40 µs; with an empty object it costs about 2 µs.
   */
  emptyCacheOptions?: boolean;
  /** A `request` function handing http.request only agent, method and headers (not the ~30 keys). */
  compactRequest?: boolean;
}

function baseInit(agent: http.Agent, setup: CoreSetup): Record<string, unknown> {
  const base: Record<string, unknown> = {
    method: "POST",
    agent: { http: agent },
    timeout: { request: TIMEOUT_MS },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: false,
    headers: { accept: "application/json", "content-type": "application/json" },
    ...(setup.way?.startsWith("stream") ? { isStream: true } : {}),
    ...setup.options,
  };
  for (const key of setup.drop ?? []) delete base[key];
  return base;
}

const compactRequest = (url: URL, options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) =>
  http.request(url, { agent: options.agent, method: options.method, headers: options.headers }, callback);

function coreBase(agent: http.Agent, setup: CoreSetup): Options {
  const options = new Options(baseInit(agent, setup));
  if (setup.emptyCacheOptions) options.cacheOptions = {};
  if (setup.compactRequest) options.request = compactRequest as never;
  options.freeze();
  return options;
}

const parse = (raw: Buffer) => JSON.parse(raw.toString("utf8"));

/** One POST through got's core Request; resolves with the parsed JSON. */
function coreCall(url: string, defaults: Options, setup: CoreSetup, instance?: Got): Promise<unknown> {
  const way = setup.way ?? "class-clone";
  const payload = JSON.stringify(BODY);
  const body = setup.bodyAs === "buffer" ? Buffer.from(payload) : payload;
  if (way === "promise-prenormalized") {
    const options = new Options(url, undefined, defaults);
    options.body = body;
    return (got(undefined, undefined, options) as CancelableRequest<Response>).then((r) => parse(r.rawBody));
  }
  return new Promise((resolve, reject) => {
    let request: Request;
    let buffered = true; // _noPipe: got buffers the body into response.rawBody
    if (way === "class-merge") request = new RequestClass(url, { body }, defaults);
    else if (way === "class-json") request = new RequestClass(url, { json: BODY }, defaults);
    else if (way === "class-clone") {
      request = new RequestClass(url, undefined, defaults);
      request.options.body = body;
    } else if (way === "stream-prenormalized") {
      const options = new Options(url, undefined, defaults);
      options.body = body;
      request = got(undefined, undefined, options) as Request;
      buffered = false;
    } else {
      request = instance!.stream.post(url, { body });
      buffered = false;
    }
    let timer: NodeJS.Timeout | undefined;
    if (setup.ownTimeout) timer = setTimeout(() => request.destroy(new Error("timeout")), TIMEOUT_MS);
    let settled = false;
    const done = (error: Error | undefined, raw?: Buffer) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (error) return reject(error);
      request.destroy();
      try {
        resolve(parse(raw!));
      } catch (e) {
        reject(e);
      }
    };
    request.on("error", (error: Error) => done(error));
    if (buffered) {
      request._noPipe = true;
      request.once("response", (response: Response) => done(undefined, response.rawBody));
      void request.flush();
    } else {
      // The stream API: got has already started it; read it like any readable stream.
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.once("end", () => done(undefined, Buffer.concat(chunks)));
    }
  });
}

function core(setup: CoreSetup): (base: string) => Call {
  return (base) => {
    const agent = keepAlive();
    const defaults = coreBase(agent, setup);
    const instance = setup.way === "stream-alias" ? got.extend(baseInit(agent, setup)) : undefined;
    const url = createUrl(base);
    return () => coreCall(url, defaults, setup, instance);
  };
}

// ---- the variants ------------------------------------------------------------------------------------

const VARIANTS: Variant[] = [
  { id: "http", name: "plain http.request (keep-alive agent)", make: plainHttp(keepAlive()) },
  {
    id: "promise-now",
    name: "got promise: extend + .post(url,{json}).json(), responseType json (wecom.http.ts now)",
    make: (base) => {
      const client = got.extend(CURRENT_EXTEND(keepAlive()));
      const url = createUrl(base);
      return () => client.post(url, { json: BODY }).json();
    },
  },
  {
    id: "promise-once",
    name: "got promise: same without responseType (JSON parsed once)",
    make: (base) => {
      const { responseType: _r, ...options } = CURRENT_EXTEND(keepAlive());
      const client = got.extend(options);
      const url = createUrl(base);
      return () => client.post(url, { json: BODY }).json();
    },
  },
  {
    id: "promise-extend-per-call",
    name: "got promise: got.extend(...) on every call",
    make: (base) => {
      const options = CURRENT_EXTEND(keepAlive());
      const url = createUrl(base);
      return () => got.extend(options).post(url, { json: BODY }).json();
    },
  },
  {
    id: "promise-prenorm",
    name: "got promise: got(undefined, undefined, options), options = clone of a frozen base + body",
    make: core({ way: "promise-prenormalized" }),
  },
  { id: "stream-alias", name: "got stream (public): instance.stream.post(url, {body}), read the stream", make: core({ way: "stream-alias" }) },
  {
    id: "stream-prenorm",
    name: "got stream (public): got(undefined, undefined, options), options = clone of a frozen base + body",
    make: core({ way: "stream-prenormalized" }),
  },
  {
    id: "stream-prenorm-co",
    name: "  the same + cacheOptions = {} on the base",
    make: core({ way: "stream-prenormalized", emptyCacheOptions: true }),
  },
  {
    id: "stream-prenorm-co-compact",
    name: "  the same + request: compact http.request (agent, method, headers only)",
    make: core({ way: "stream-prenormalized", emptyCacheOptions: true, compactRequest: true }),
  },
  { id: "core-merge", name: "core Request class (not exported): new Request(url, {body}, base)", make: core({ way: "class-merge" }) },
  { id: "core-json", name: "core Request class: new Request(url, {json}, base), got stringifies", make: core({ way: "class-json" }) },
  { id: "core", name: "core Request class: new Request(url, undefined, base) + options.body  [baseline]", make: core({}) },
  { id: "core-co", name: "  baseline + cacheOptions = {} on the base", make: core({ emptyCacheOptions: true }) },
  { id: "core-co-compact", name: "  baseline + cacheOptions = {} + request: compact http.request", make: core({ emptyCacheOptions: true, compactRequest: true }) },
  { id: "core-buffer", name: "  baseline, body as Buffer", make: core({ bodyAs: "buffer" }) },
  { id: "core-decompress", name: "  baseline + decompress: true (got's default)", make: core({ options: { decompress: true } }) },
  { id: "core-no-timeout", name: "  baseline without timeout.request (no timer)", make: core({ drop: ["timeout"] }) },
  { id: "core-own-timeout", name: "  baseline, own setTimeout instead of timeout.request", make: core({ drop: ["timeout"], ownTimeout: true }) },
  { id: "core-all-timeouts", name: "  baseline + timeout lookup/connect/send/response too", make: core({ options: { timeout: { request: TIMEOUT_MS, lookup: 1000, connect: 1000, send: 5000, response: 5000 } } }) },
  {
    id: "core-hooks",
    name: "  baseline + one no-op beforeRequest hook",
    make: core({ options: { hooks: { beforeRequest: [() => undefined] } } }),
  },
  { id: "core-context", name: "  baseline + context {a,b} (copied per call)", make: core({ options: { context: { a: 1, b: "two" } } }) },
  { id: "core-dnscache", name: "  baseline + dnsCache: true", make: core({ options: { dnsCache: true } }) },
  { id: "core-cache", name: "  baseline + cache: new Map() (cacheable-request path)", make: core({ options: { cache: new Map() } }) },
  {
    id: "core-no-keepalive",
    name: "  baseline with a non-keep-alive agent (new connection per call)",
    make: (base) => {
      const defaults = coreBase(new http.Agent({ keepAlive: false, maxSockets: 128 }), {});
      const url = createUrl(base);
      return () => coreCall(url, defaults, {});
    },
  },
  {
    id: "wecomhttp-now",
    name: "WecomHttp.post, src/wecom/wecom.http.ts",
    make: (base) => {
      const client = new CurrentWecomHttp({ baseUrl: base, timeoutMs: TIMEOUT_MS, observer: silentObserver });
      return () => client.post("meeting/create", TOKEN, BODY);
    },
  },
];

// ---- running ----------------------------------------------------------------------------------------

interface Sample {
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerCall: number;
  errors: number;
  newConnections: number;
}

async function upstreamConnections(base: string): Promise<number> {
  return JSON.parse((await oneRequest(`${base}/__stats`)).body).connections;
}

async function drive(call: Call, seconds: number): Promise<Omit<Sample, "newConnections">> {
  const latencies: number[] = [];
  let errors = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(timer);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    callsPerSec: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    cpuUsPerCall: (cpu.user + cpu.system) / Math.max(1, latencies.length),
    errors,
  };
}

/** µs per operation of a synchronous function, best of 5 batches. */
function perOp(fn: () => unknown, batch = 20_000): number {
  for (let i = 0; i < 2_000; i++) fn();
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    best = Math.min(best, ((performance.now() - t) * 1000) / batch);
  }
  return best;
}

let leakWarnings = 0;

async function main(): Promise<void> {
  // got's cache path (core-cache) adds an 'error' listener per request to keyv's emitter: count
  // those warnings instead of printing thousands.
  // (keyv, under cacheable-request, prints them itself with console.warn.)
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).includes("Possible event memory leak")) leakWarnings++;
    else warn(...args);
  };
  const logDir = join(ROOT, ".bench", "logs");
  mkdirSync(logDir, { recursive: true });
  const file = join(logDir, "got-paths-upstream.log");
  const fd = openSync(file, "w");
  const child = spawnTracked(process.execPath, [join(__dirname, "fast-upstream.js")], { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: ["ignore", fd, fd, "ipc"] });
  closeSync(fd);
  const base = await waitForLogLine(file, child, (e) => (e.msg === "fast upstream listening" ? (e.url as string) : undefined));

  const variants = VARIANTS.filter((v) => !ONLY || ONLY.includes(v.id));
  process.stdout.write(`got paths: ${variants.length} variants × ${ROUNDS} rounds × ${SECONDS} s, ${CONCURRENCY} concurrent POSTs to ${base} (node ${process.version})\n`);
  const calls = new Map<string, Call>();
  for (const v of variants) {
    const call = v.make(base);
    check(await call()); // answers correctly, and warms the code path and a connection
    for (let i = 0; i < 500; i++) await call();
    calls.set(v.id, call);
  }

  const samples = new Map<string, Sample[]>(variants.map((v) => [v.id, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const before = await upstreamConnections(base);
      const s = await drive(calls.get(v.id)!, SECONDS);
      const sample = { ...s, newConnections: (await upstreamConnections(base)) - before };
      samples.get(v.id)!.push(sample);
      process.stdout.write(`  round ${round}  ${v.id.padEnd(24)} ${sample.callsPerSec.toFixed(0).padStart(6)}/s  ${sample.cpuUsPerCall.toFixed(0).padStart(4)} µs CPU/call\n`);
    }
  }

  const ref = median(samples.get("http")?.map((s) => s.cpuUsPerCall) ?? []);
  const rows: Array<Array<string | number>> = [["variant", "calls/s", "p50 ms", "p99 ms", "CPU µs/call", "vs http", "new conns", "errors"]];
  const summary: Record<string, unknown> = {};
  for (const v of variants) {
    const mine = samples.get(v.id)!;
    const cpu = median(mine.map((s) => s.cpuUsPerCall));
    const row = {
      callsPerSec: median(mine.map((s) => s.callsPerSec)),
      p50Ms: median(mine.map((s) => s.p50Ms)),
      p99Ms: median(mine.map((s) => s.p99Ms)),
      cpuUsPerCall: cpu,
      newConnections: mine.reduce((n, s) => n + s.newConnections, 0),
      errors: mine.reduce((n, s) => n + s.errors, 0),
    };
    summary[v.id] = { name: v.name, ...row, samples: mine };
    rows.push([
      `${v.id}: ${v.name}`,
      row.callsPerSec.toFixed(0),
      row.p50Ms.toFixed(2),
      row.p99Ms.toFixed(2),
      row.cpuUsPerCall.toFixed(0),
      Number.isFinite(ref) ? `${(cpu / ref).toFixed(2)}x` : "n/a",
      row.newConnections,
      row.errors,
    ]);
  }
  process.stdout.write(`\nmedians over ${ROUNDS} rounds (CPU µs/call: this process's user+system time per call; the upstream runs apart)\n`);
  process.stdout.write(`${table(rows)}\n`);
  if (leakWarnings > 0) process.stdout.write(`(${leakWarnings} MaxListenersExceededWarnings: 'error' listeners pile up in keyv on got's cache path)\n`);

  writeFileSync(
    join(ROOT, ".bench", "got-paths.json"),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, variants: summary }, null, 2)}\n`,
  );
  if (process.env.GOT_PATHS_MICRO === "0") return;

  // Option normalisation alone, synchronously.
  const agent = keepAlive();
  const url = createUrl(base);
  const baseOptions = coreBase(agent, {});
  const extendOptions = CURRENT_EXTEND(agent);
  const client = got.extend(extendOptions);
  const payload = JSON.stringify(BODY);
  const nativeOf = new Options(url, undefined, baseOptions);
  const nativeOfEmpty = new Options(url, undefined, coreBase(agent, { emptyCacheOptions: true }));
  const micro: Array<[string, number]> = [
    ["new URL(url)", perOp(() => new URL(url))],
    ["JSON.stringify(body)", perOp(() => JSON.stringify(BODY))],
    ["new Options(url, undefined, frozenBase)  (the clone the core path pays)", perOp(() => new Options(url, undefined, baseOptions))],
    ["new Options(undefined, undefined, perCallOptions)  (got()'s second clone)", perOp(() => new Options(undefined, undefined, baseOptions))],
    ["options.createNativeRequestOptions()  (got, every request)", perOp(() => nativeOf.createNativeRequestOptions(), 5_000)],
    ["  the same with cacheOptions = {} on the base", perOp(() => nativeOfEmpty.createNativeRequestOptions(), 5_000)],
    ["new Options(url, {body}, frozenBase)  (merge of per-call options)", perOp(() => new Options(url, { body: payload }, baseOptions))],
    ["new Options(url, {json, method}, instance defaults)  (what .post(url,{json}) normalises)", perOp(() => new Options(url, { json: BODY, method: "POST" }, client.defaults.options))],
    ["new Options(url, fullOptions)  (no instance, all options per call)", perOp(() => new Options(url, { ...extendOptions, json: BODY, method: "POST" }), 5_000)],
    ["got.extend(options)", perOp(() => got.extend(extendOptions), 5_000)],
  ];
  process.stdout.write(`\noption normalisation, µs per operation (best of 5 batches)\n`);
  process.stdout.write(`${table([["operation", "µs/op"], ...micro.map(([name, us]) => [name, us.toFixed(2)])])}\n`);

  writeFileSync(
    join(ROOT, ".bench", "got-paths.json"),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, variants: summary, micro: Object.fromEntries(micro) }, null, 2)}\n`,
  );
  process.stdout.write(`\nfigures written to .bench/got-paths.json\n`);
}

process.on("exit", killAllChildrenSync);
process.on("SIGINT", () => void stopAllChildren(2_000).finally(() => process.exit(130)));
main().then(
  () => stopAllChildren(2_000).then(() => process.exit(0)),
  (error) => {
    process.stderr.write(`got-paths failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    void stopAllChildren(2_000).finally(() => process.exit(1));
  },
);
