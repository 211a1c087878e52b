import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { WecomSimulator } from "../../src/wecom/simulator";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";
import { RedisServer } from "../support/redis";
import { codeOf, idOf } from "../support/helpers";

// CONTRACT.md §6, last paragraph: REDIS_URL set and Redis unreachable. The Redis server has a
// password, which must never show in the gateway's output.

const PASSWORD = "outage-test-pw";
let sim: WecomSimulator;

beforeAll(async () => {
  sim = await WecomSimulator.start();
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.reset());

type Answer = Awaited<ReturnType<typeof create>>;
function create(via: GatewayProcess, idempotencyKey?: string) {
  return via.request(CreateOnlyDocument, { input: minimalInput(), idempotencyKey });
}
const readyStatus = async (via: GatewayProcess) => (await fetch(`${via.url}/ready`)).status;
const messages = (via: GatewayProcess) => via.logs().map((l) => String(l.msg));

/** Retries `attempt` until it returns true, for at most `withinMs`. */
async function eventually(attempt: () => Promise<boolean>, withinMs = 6_000): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await attempt())) {
    if (Date.now() > giveUpAt) throw new Error(`not within ${withinMs} ms`);
    await sleep(50);
  }
}

/** What the contract asks while Redis is down; nothing keyed reaches the upstream. */
async function expectDegraded(gateway: GatewayProcess) {
  await eventually(async () => (await readyStatus(gateway)) === 503, 2_000);

  const before = sim.requests.length;
  const started = Date.now();
  const keyed = await create(gateway, randomUUID());
  expect(codeOf(keyed)).toBe("STORE_UNAVAILABLE");
  expect(keyed.body.errors![0].message).toMatch(/nothing was sent/);
  expect(Date.now() - started).toBeLessThan(500); // fails fast, no waiting for Redis
  expect(sim.requests.length).toBe(before); // not even a gettoken

  const unkeyed = await create(gateway);
  expect(idOf(unkeyed)).toBeTruthy(); // with the instance's own token cache
}

test("Redis going down and coming back: 503 and STORE_UNAVAILABLE for keyed creates while down, unkeyed creates work, all back without a restart", async () => {
  const redis = await RedisServer.create({ password: PASSWORD });
  const gateway = await startGateway(productionEnv(sim, { REDIS_URL: redis.url }));
  try {
    expect(await readyStatus(gateway)).toBe(200);
    expect(idOf(await create(gateway, randomUUID()))).toBeTruthy();

    await redis.stop();
    await expectDegraded(gateway);
    const unkeyedAgain = await create(gateway);
    expect(idOf(unkeyedAgain)).toBeTruthy();

    await redis.start(); // same port, fresh and empty
    const key = randomUUID();
    const input = minimalInput();
    let recovered: Answer | undefined;
    await eventually(async () => {
      recovered = await gateway.request(CreateOnlyDocument, { input, idempotencyKey: key });
      return codeOf(recovered) !== "STORE_UNAVAILABLE";
    });
    expect(idOf(recovered!)).toBeTruthy();
    expect(await readyStatus(gateway)).toBe(200);
    // The key is in Redis again: a retry is answered from it.
    const creates = sim.createRequests.length;
    expect(idOf(await gateway.request(CreateOnlyDocument, { input, idempotencyKey: key }))).toBe(idOf(recovered!));
    expect(sim.createRequests.length).toBe(creates);

    // One line when it went down, one when it came back; the password in none.
    expect(messages(gateway).filter((m) => m.startsWith("Redis is unreachable"))).toHaveLength(1);
    expect(messages(gateway).filter((m) => m === "Redis is reachable again")).toHaveLength(1);
    expect(gateway.output.join("\n")).not.toContain(PASSWORD);
  } finally {
    await gateway.stop();
    await redis.stop();
  }
});

test("a gateway started while Redis is down starts, serves unkeyed creates, and uses Redis once it is up", async () => {
  const redis = await RedisServer.create({ password: PASSWORD, running: false });
  const gateway = await startGateway(productionEnv(sim, { REDIS_URL: redis.url }));
  try {
    expect(messages(gateway)).toContainEqual(expect.stringMatching(/^Redis is unreachable/));
    await expectDegraded(gateway);

    await redis.start();
    await eventually(async () => (await readyStatus(gateway)) === 200);
    expect(idOf(await create(gateway, randomUUID()))).toBeTruthy();
    expect(gateway.output.join("\n")).not.toContain(PASSWORD);
  } finally {
    await gateway.stop();
    await redis.stop();
  }
});
