/**
 * `npm run bench:faults`: keyed creates under faults, and whether each happened exactly once.
 *
 * Starts (all on 127.0.0.1, logs in .bench/faults/):
 *   - the WeCom simulator (in this process), behind a fault proxy (also here) that, on
 *     meeting/create, resets BENCH_FAULTS_RESET of the connections before forwarding (nothing
 *     made), answers -1 to BENCH_FAULTS_BUSY (nothing made), and forwards BENCH_FAULTS_LATE but
 *     answers only after BENCH_FAULTS_LATE_MS (the meeting is made; the answer comes too late);
 *   - a real redis-server without persistence;
 *   - two gateways as in production (REDIS_URL shared, WECOM_TIMEOUT_MS=800), in front of the proxy.
 * The client makes BENCH_FAULTS_KEYS keyed creates, BENCH_FAULTS_CONCURRENCY at a time, over both
 * instances, each key with a unique title, and follows the README's advice: an id ends the key;
 * UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT, STORE_UNAVAILABLE, RATE_LIMITED, WECOM_ERROR -1,
 * IDEMPOTENCY_OUTCOME_UNKNOWN, a refused connection or a 5xx: the same key and input again (after
 * retryAfterSeconds when given, else a backoff); anything else ends the key unresolved.
 * A third of the way in, Redis is killed for 3 s and comes back empty; two thirds in, one gateway
 * is sent SIGTERM and started again.
 * BENCH_FAULTS_SCENARIO=failover: the store is a Sentinel set instead (one primary, one replica,
 * three sentinels; the gateways on REDIS_SENTINELS with REDIS_MIN_REPLICAS at its default, 1), and
 * a third of the way in the primary is SIGKILLed: the sentinels promote the replica, and the old
 * primary is started again (empty) and rejoins as a replica.
 *
 * Prints: keys, resolved, unresolved (by code), duplicates (a title made twice), wrong ids (an id
 * whose meeting is another key's), lost (a meeting made whose key never learned its id), retries
 * and time per key, and a verdict: PASS only with 0 duplicates, wrong ids, unresolved and lost.
 * Figures also go to .bench/faults/last.json. Exits 1 unless PASS.
 *
 * Env: BENCH_FAULTS_KEYS (3000) BENCH_FAULTS_CONCURRENCY (32) BENCH_FAULTS_RESET (0.01)
 *      BENCH_FAULTS_BUSY (0.02) BENCH_FAULTS_LATE (0.05) BENCH_FAULTS_LATE_MS (1500)
 *      BENCH_FAULTS_SEED (1) BENCH_FAULTS_MAX_SECONDS_PER_KEY (120)
 *      BENCH_FAULTS_MAIN (another build's dist/src/main.js) BENCH_FAULTS_SCENARIO (restart | failover)
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { WecomSimulator } from "../src/wecom/simulator";
import { API_KEY, BENCH_DIR, median, request, startGateway, type Server } from "./support";
import { RedisProcess } from "./redis-process";
import { RedisSentinelSet } from "../test/support/redis";

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const config = {
  keys: num("BENCH_FAULTS_KEYS", 3000), concurrency: num("BENCH_FAULTS_CONCURRENCY", 32),
  reset: num("BENCH_FAULTS_RESET", 0.01), busy: num("BENCH_FAULTS_BUSY", 0.02), late: num("BENCH_FAULTS_LATE", 0.05),
  lateMs: num("BENCH_FAULTS_LATE_MS", 1500), seed: num("BENCH_FAULTS_SEED", 1), maxSecondsPerKey: num("BENCH_FAULTS_MAX_SECONDS_PER_KEY", 120),
  failover: process.env.BENCH_FAULTS_SCENARIO === "failover",
};

/** The shared store of the run: one redis-server restarted empty, or a Sentinel set that fails over. */
async function sharedStore(): Promise<{ env: Record<string, string>; fault: () => Promise<string>; stop: () => Promise<void> }> {
  if (config.failover) {
    const set = await RedisSentinelSet.create();
    return {
      env: set.env,
      fault: async () => {
        const promoted = await set.failover({ rejoin: true });
        return `the replica on port ${promoted.port} promoted, the old primary back as its replica`;
      },
      stop: () => set.stop(),
    };
  }
  const redis = await RedisProcess.start(join(DIR, "redis.log"));
  return {
    env: { REDIS_URL: redis.url },
    fault: async () => {
      await redis.stop();
      await sleep(3_000);
      await redis.startAgain();
      return "back empty after 3 s";
    },
    stop: () => redis.stop(),
  };
}
const DIR = join(BENCH_DIR, "faults");
const RETRIED = new Set(["UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "STORE_UNAVAILABLE", "RATE_LIMITED", "IDEMPOTENCY_OUTCOME_UNKNOWN"]);
const CREATE = "mutation($input: CreateMeetingInput!, $key: String) { createMeeting(input: $input, idempotencyKey: $key) { id } }";
const say = (line = "") => process.stdout.write(`${line}\n`);

/** A small seeded PRNG (mulberry32), so a run's faults can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault proxy in front of the simulator: faults on meeting/create only. */
async function faultProxy(target: string): Promise<{ url: string; faults: Record<string, number> }> {
  const random = prng(config.seed);
  const faults = { reset: 0, busy: 0, late: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const isCreate = req.url?.startsWith("/cgi-bin/meeting/create") ?? false;
      const roll = isCreate ? random() : 1;
      if (roll < config.reset) return void (faults.reset++, req.socket.destroy());
      if (roll < config.reset + config.busy) {
        faults.busy++;
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":-1,"errmsg":"system busy"}');
      }
      const late = roll < config.reset + config.busy + config.late;
      if (late) faults.late++;
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, agent }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (c: Buffer) => body.push(c));
        answer.on("end", () => {
          const send = () => !res.destroyed && res.writeHead(answer.statusCode ?? 502, { "content-type": "application/json" }).end(Buffer.concat(body));
          if (late) setTimeout(send, config.lateMs);
          else send();
        });
      });
      upstream.on("error", () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, faults };
}

interface KeyOutcome { key: string; title: string; id?: string; unresolved?: string; attempts: number; ms: number }

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const sim = await WecomSimulator.start();
  const proxy = await faultProxy(sim.url);
  const redis = await sharedStore();
  const env = { ...redis.env, WECOM_TIMEOUT_MS: "800", WECOM_CORP_ID: sim.corpId, WECOM_CORP_SECRET: sim.corpSecret };
  // BENCH_FAULTS_MAIN: another build's main.js (e.g. an older one, to see the harness catch what it misses).
  const start = (name: string) => startGateway(name, proxy.url, env, [], process.env.BENCH_FAULTS_MAIN || undefined);
  const gateways: Array<Server | undefined> = [await start("faults-a"), await start("faults-b")];
  say(`faults: ${config.keys} keys, ${config.concurrency} at a time over two gateways; create faults: reset ${config.reset}, busy ${config.busy}, late ${config.late} (${config.lateMs} ms); seed ${config.seed}`);

  const outcomes: KeyOutcome[] = [];
  let next = 0;
  let done = 0;
  const began = Date.now();
  const startAt = new Date(Date.now() + 2 * 86_400_000);
  startAt.setUTCMilliseconds(0);

  async function createOne(n: number): Promise<KeyOutcome> {
    const key = randomUUID();
    const title = `f-${n}-${key.slice(0, 8)}`;
    // Distinct starts keep each admin's lookups small, as real meetings are spread out.
    const input = { adminUserId: `u${n % 50}`, title, meetingStart: new Date(startAt.getTime() + n * 60_000).toISOString(), meetingDuration: 1800 };
    const body = JSON.stringify({ query: CREATE, variables: { input, key } });
    const t0 = Date.now();
    let backoff = 100;
    for (let attempt = 1; ; attempt++) {
      const via = gateways[(n + attempt) % 2] ?? gateways[(n + attempt + 1) % 2];
      let wait = backoff;
      try {
        if (!via) throw new Error("no gateway");
        const { status, text } = await request(`${via.url}/graphql`, { authorization: `Bearer ${API_KEY}` }, body);
        const answer = JSON.parse(text);
        const id = answer.data?.createMeeting?.id;
        if (id) return { key, title, id, attempts: attempt, ms: Date.now() - t0 };
        const ext = answer.errors?.[0]?.extensions ?? {};
        const retry = RETRIED.has(ext.code) || (ext.code === "WECOM_ERROR" && ext.errcode === -1) || status >= 500;
        if (!retry) return { key, title, unresolved: `${ext.code ?? status}${ext.errcode ? ` ${ext.errcode}` : ""}`, attempts: attempt, ms: Date.now() - t0 };
        if (typeof ext.retryAfterSeconds === "number") wait = ext.retryAfterSeconds * 1000;
      } catch {
        // A refused connection (an instance restarting): the same key again.
      }
      if (Date.now() - t0 > config.maxSecondsPerKey * 1000) return { key, title, unresolved: "gave up", attempts: attempt, ms: Date.now() - t0 };
      await sleep(wait);
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  const events = (async () => {
    while (done < config.keys / 3) await sleep(50);
    say(`  ${done} keys done: ${config.failover ? "the Redis primary SIGKILLed" : "Redis killed"}`);
    say(`  ${done} keys done: ${await redis.fault()}`);
    while (done < (2 * config.keys) / 3) await sleep(50);
    say(`  ${done} keys done: SIGTERM to gateway b, then started again`);
    const b = gateways[1]!;
    gateways[1] = undefined;
    await b.stop(); // SIGTERM: it drains, then exits
    gateways[1] = await start("faults-b-again");
  })();

  await Promise.all(Array.from({ length: config.concurrency }, async () => {
    while (next < config.keys) {
      const outcome = await createOne(next++);
      outcomes.push(outcome);
      done++;
    }
  }));
  await events;
  const wall = (Date.now() - began) / 1000;

  const meetings = sim.meetings();
  const byTitle = new Map<string, string[]>();
  for (const m of meetings) byTitle.set(m.title, [...(byTitle.get(m.title) ?? []), m.meetingid]);
  const duplicates = [...byTitle.values()].filter((ids) => ids.length > 1).length;
  const wrong = outcomes.filter((o) => o.id && !(byTitle.get(o.title) ?? []).includes(o.id)).length;
  const lost = outcomes.filter((o) => !o.id && byTitle.has(o.title)).length;
  const unresolved: Record<string, number> = {};
  for (const o of outcomes) if (o.unresolved) unresolved[o.unresolved] = (unresolved[o.unresolved] ?? 0) + 1;
  const resolved = outcomes.filter((o) => o.id).length;
  const attempts = outcomes.map((o) => o.attempts).sort((x, y) => x - y);
  const ms = outcomes.filter((o) => o.id).map((o) => o.ms).sort((x, y) => x - y);
  const pick = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
  const report = {
    scenario: config.failover ? "failover" : "restart", keys: outcomes.length, resolved, unresolved, duplicates, wrongIds: wrong, lost, faults: proxy.faults,
    creates: sim.calls("meeting/create").length, lookups: sim.calls("meeting/get_user_meetingid").length,
    attempts: { median: median(attempts), p99: pick(attempts, 0.99), max: attempts[attempts.length - 1] },
    msToResolve: { median: median(ms), p99: pick(ms, 0.99), max: ms[ms.length - 1] }, wallSeconds: wall,
  };
  const pass = duplicates === 0 && wrong === 0 && lost === 0 && Object.keys(unresolved).length === 0;
  say();
  say(`keys ${report.keys}  resolved ${resolved}  unresolved ${JSON.stringify(unresolved)}`);
  say(`duplicates ${duplicates}  wrong ids ${wrong}  lost ${lost}`);
  say(`faults injected: ${JSON.stringify(proxy.faults)}; creates reaching WeCom ${report.creates}; lookups (get_user_meetingid) ${report.lookups}`);
  say(`attempts per key: median ${report.attempts.median}, p99 ${report.attempts.p99}, max ${report.attempts.max}`);
  say(`time to resolve: median ${report.msToResolve.median} ms, p99 ${report.msToResolve.p99} ms, max ${report.msToResolve.max} ms; wall ${wall.toFixed(0)} s`);
  say(`verdict: ${pass ? "PASS" : "FAIL"}`);
  writeFileSync(join(DIR, config.failover ? "last-failover.json" : "last.json"), `${JSON.stringify(report, null, 2)}\n`);
  await Promise.all(gateways.map((g) => g?.stop()));
  await redis.stop();
  process.exit(pass ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
