import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useInstancesSharingRedis } from "../support/fixture";
import type { GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";
import { codeOf, idOf } from "../support/helpers";

// Two gateway processes behind one Redis (REDIS_URL), as behind a load balancer: one truth for
// idempotency keys and for the access token.

const TIMEOUT_MS = 1_000;
const { sim, redis, a, b } = useInstancesSharingRedis({ WECOM_TIMEOUT_MS: String(TIMEOUT_MS) });

function create(via: GatewayProcess, input = minimalInput(), idempotencyKey?: string) {
  return via.request(CreateOnlyDocument, { input, idempotencyKey });
}

test("both instances use Redis", async () => {
  for (const gateway of [a, b]) expect(gateway.logs().some((l) => l.msg === "connected to Redis")).toBe(true);
});

test("one access token for both: after a revocation, creates on both instances cause one gettoken", async () => {
  await Promise.all([create(a), create(b)]); // both have used the shared token
  sim.revokeTokens();
  sim.reset();

  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => create(i % 2 ? a : b)));

  expect(answers.map(codeOf)).toEqual(Array(12).fill(undefined));
  expect(sim.tokenRequests).toBe(1);
});

test("four concurrent creates with one key, two on each instance, make one upstream create and get one meeting", async () => {
  sim.createDelayMs = 300; // the four overlap
  const key = randomUUID();
  const input = minimalInput();

  const answers = await Promise.all([a, b, a, b].map((via) => create(via, input, key)));

  expect(answers.map(codeOf)).toEqual([undefined, undefined, undefined, undefined]);
  expect(sim.createRequests).toHaveLength(1);
  expect(new Set(answers.map((answer) => idOf(answer))).size).toBe(1);

  // Later retries on either instance: the stored meeting, with its times, nothing sent.
  sim.reset();
  const later = await Promise.all([create(a, input, key), create(b, input, key)]);
  expect(later.map((l) => l.body)).toEqual([answers[0].body, answers[0].body]);
  expect(sim.createRequests).toHaveLength(0);
});

test("the same key with another input on the other instance is IDEMPOTENCY_KEY_REUSED", async () => {
  const key = randomUUID();
  expect(idOf(await create(a, minimalInput({ title: "One" }), key))).toBeTruthy();
  const answer = await create(b, minimalInput({ title: "Two" }), key);
  expect(codeOf(answer)).toBe("IDEMPOTENCY_KEY_REUSED");
  expect(sim.createRequests).toHaveLength(1);
});

test("a first call that WeCom did not apply and did not answer: a retry on the other instance is OUTCOME_UNKNOWN, with when to ask", async () => {
  const key = randomUUID();
  const input = minimalInput(); // one input: minimalInput() moves with the clock
  sim.endpoint("meeting/create").failNextHttp(504, { applied: false });
  expect(codeOf(await create(a, input, key))).toBe("UPSTREAM_TIMEOUT");
  const retry = await create(b, input, key);
  expect(codeOf(retry)).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
  expect(retry.body.errors![0].extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(sim.createRequests).toHaveLength(1);
});

test("a caller on the other instance waiting for a first call that fails claims the freed key and creates", async () => {
  const key = randomUUID();
  const input = minimalInput();
  sim.createDelayMs = 300;
  sim.failNextCreates({ errcode: 400021, errmsg: "invalid userid" });

  const first = create(a, input, key);
  await sleep(100); // a's create is in flight
  const waiter = await create(b, input, key);

  expect(codeOf(await first)).toBe("WECOM_ERROR");
  expect(idOf(waiter)).toBeTruthy();
  expect(sim.createRequests).toHaveLength(2); // a's (refused) and b's: never two accepted
  expect(idOf(await create(a, input, key))).toBe(idOf(waiter));
});
