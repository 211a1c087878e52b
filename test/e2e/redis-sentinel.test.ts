// CONTRACT §13 on a Sentinel set (one primary, one replica, three sentinels, real redis-servers):
// two gateways share it; keyed creates wait for the replica; a failover is found and survived
// without a restart, and keyed creates around it stay exactly once.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { WecomSimulator } from "../../src/wecom/simulator";
import { codeOf, eventually, expectPauseShared, idOf } from "../support/helpers";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput, tomorrow } from "../support/inputs";
import { RedisSentinelSet } from "../support/redis";

let sim: WecomSimulator;
let redis: RedisSentinelSet;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  [sim, redis] = await Promise.all([WecomSimulator.start(), RedisSentinelSet.create()]);
  // A short upstream timeout keeps the apply window (2 × it + 5 s) short for a create cut off by the failover.
  const env = productionEnv(sim, { ...redis.env, WECOM_TIMEOUT_MS: "1000" });
  [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([sim?.close(), redis?.stop()]);
});

const START = tomorrow().toISOString(); // one input per title, however late a retry comes
const create = (via: GatewayProcess, title: string, idempotencyKey?: string) =>
  via.request(CreateOnlyDocument, { input: minimalInput({ title, meetingStart: START }), idempotencyKey });
const readyOf = async (via: GatewayProcess) => {
  const response = await fetch(`${via.url}/ready`);
  return { status: response.status, body: await response.json() };
};
/** Meetings WeCom made with this title (a create refused for its token made none). */
const createsOf = (title: string) => sim.meetings().filter((m) => m.title === title).length;

/** As a client following the advice: the same key and input until it has a meeting. */
async function createUntilDone(title: string, key: string, attempt = 0): Promise<string> {
  for (;;) {
    const via = attempt++ % 2 ? b : a;
    const answer = await create(via, title, key);
    const id = idOf(answer);
    if (id) return id;
    // STORE_UNAVAILABLE while the sentinels promote; IDEMPOTENCY_OUTCOME_UNKNOWN for a claim cut off by it.
    await sleep(100);
  }
}

test("keyed creates on a Sentinel set: one meeting for four concurrent calls on two instances", async () => {
  const key = randomUUID();
  const answers = await Promise.all([a, b, a, b].map((via) => create(via, "sentinel once", key)));
  expect(new Set(answers.map((x) => idOf(x))).size).toBe(1);
  expect(idOf(answers[0])).toBeTruthy();
  expect(createsOf("sentinel once")).toBe(1);
  expect((await readyOf(a)).status).toBe(200);
});

test("quotas are shared through the Sentinel set: a 45009 answered to one instance pauses the endpoint for the other", async () => {
  await expectPauseShared(sim, a, b);
});

test("a claim the replica does not acknowledge is STORE_UNAVAILABLE, and nothing is sent", async () => {
  const primary = await redis.primary();
  const frozen = redis.nodes.find((n) => n !== primary)!;
  frozen.pause();
  try {
    const before = sim.createRequests.length;
    const answer = await create(a, "unacknowledged", randomUUID());
    expect(codeOf(answer)).toBe("STORE_UNAVAILABLE");
    expect(sim.createRequests.length).toBe(before);
    // Unkeyed creates need no claim.
    expect(idOf(await create(b, "unkeyed while the replica is frozen"))).toBeTruthy();
  } finally {
    frozen.resume();
  }
  // The key was freed: the retry creates, once.
  const key = randomUUID();
  expect(idOf(await create(a, "acknowledged again", key))).toBeTruthy();
  expect(createsOf("acknowledged again")).toBe(1);
});

test("the primary killed: the gateways follow the promoted replica without a restart, keyed creates around the failover stay exactly once", async () => {
  const titles = Array.from({ length: 12 }, (_, i) => `around the failover ${i}`);
  const keys = titles.map(() => randomUUID());
  const lookupsBefore = sim.calls("meeting/get_user_meetingid").length;
  // Half the keys before and during the failover, the rest after; every client retries until done.
  const early = titles.slice(0, 6).map((title, i) => sleep(i * 150).then(() => createUntilDone(title, keys[i], i)));
  await sleep(300);
  await redis.failover({ rejoin: true });
  const late = titles.slice(6).map((title, i) => createUntilDone(title, keys[i + 6], i));
  const ids = await Promise.all([...early, ...late]);

  expect(new Set(ids).size).toBe(titles.length);
  for (const title of titles) expect(createsOf(title)).toBe(1); // no duplicates
  // Asked again with its key, each gives the same meeting.
  const again = await Promise.all(titles.map((title, i) => create(i % 2 ? a : b, title, keys[i])));
  expect(again.map((x) => idOf(x))).toEqual(ids);

  for (const via of [a, b]) expect((await readyOf(via)).status).toBe(200);
  // The failover was noticed, and keyed creates looked meetings up in WeCom before creating.
  const noticed = [a, b].some((via) => via.logs().some((l) => /failed over/.test(l.msg ?? "")));
  expect(noticed).toBe(true);
  expect(sim.calls("meeting/get_user_meetingid").length).toBeGreaterThan(lookupsBefore);
}, 60_000);

test("a sentinel name the sentinels do not know: the gateway starts, and /ready says 503 naming REDIS_SENTINEL_NAME", async () => {
  const wrong = await startGateway(productionEnv(sim, { ...redis.env, REDIS_SENTINEL_NAME: "no-such-primary" }));
  try {
    const ready = await eventually(async () => {
      const answer = await readyOf(wrong);
      return answer.status === 503 && /REDIS_SENTINEL_NAME/.test(answer.body.reason) && answer;
    }, "a 503 naming the variable");
    expect(ready.body.status).toBe("unavailable");
    expect(codeOf(await create(wrong, "no store", randomUUID()))).toBe("STORE_UNAVAILABLE");
  } finally {
    await wrong.stop();
  }
});
