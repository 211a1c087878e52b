// Quotas across instances (CONTRACT §9): two gateways sharing one real redis-server send
// together no more than the budget; a 45009 seen by one pauses both; with Redis gone, each
// counts on its own and keeps serving.
import { codeOf, eventually, expectPauseShared, extensionsOf, gql } from "../support/helpers";
import { useInstancesSharingRedis } from "../support/fixture";
import { CACHE_OFF, productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";

const CREATE = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";
const { sim, redis, a, b } = useInstancesSharingRedis({ GATEWAY_UPSTREAM_RATE_PER_MINUTE: "5", GATEWAY_UPSTREAM_RATE_PER_HOUR: "8" }, { resetEach: false });

const create = (via: GatewayProcess, title: string) => gql(via, CREATE, { input: minimalInput({ title }) });

test("10 creates spread over both instances with a budget of 5 a minute: exactly 5 reach WeCom, 5 are RATE_LIMITED with a retry time", async () => {
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? a : b, `spread ${i}`)));
  expect(sim.calls("meeting/create")).toHaveLength(5);
  const refused = answers.filter((x) => codeOf(x) === "RATE_LIMITED");
  expect(refused).toHaveLength(5);
  for (const answer of refused) {
    expect(answer.status).toBe(429);
    expect(extensionsOf(answer)).toMatchObject({ scope: "CORP", retryAfterSeconds: expect.any(Number) });
  }
  // Both instances refused some: the count is shared, not per instance.
  expect(new Set(answers.map((x, i) => (codeOf(x) === "RATE_LIMITED" ? i % 2 : -1)).filter((x) => x >= 0)).size).toBeGreaterThanOrEqual(1);
});

test("a 45009 answered to one instance pauses the endpoint for the other", async () => {
  await expectPauseShared(sim, a, b);
});

describe("the hour and the user budgets hold across instances as the minute one does", () => {
  const SECRET = "shared-session-secret-0123456789abcdefgh";
  let c: GatewayProcess;
  let d: GatewayProcess;
  beforeAll(async () => {
    const env = productionEnv(sim, {
      REDIS_URL: redis.url,
      GATEWAY_UPSTREAM_RATE_PER_MINUTE: "100",
      GATEWAY_UPSTREAM_RATE_PER_HOUR: "4",
      GATEWAY_USER_RATE_PER_MINUTE: "2",
      ...CACHE_OFF, // each read is an upstream call to count (the meeting cache has its own tests)
      GATEWAY_SESSION_SECRET: SECRET,
      GATEWAY_API_KEYS: "shared-key-0123456789",
      WECOM_CORP_ID: sim.corpId,
    });
    [c, d] = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
  });

  test("hour: 4 of 8 get_info reach WeCom", async () => {
    const id = sim.seedMeeting({});
    const before = sim.calls("meeting/get_info").length;
    const reads = await Promise.all(Array.from({ length: 8 }, (_, i) => gql(i % 2 ? c : d, "query($id: ID!) { meeting(id: $id) { title } }", { id }, { authorization: "Bearer shared-key-0123456789" })));
    expect(sim.calls("meeting/get_info").length - before).toBe(4);
    expect(reads.filter((r) => codeOf(r) === "RATE_LIMITED")).toHaveLength(4);
  });

  test("user: 2 upstream calls a minute for one user, whichever instance serves it", async () => {
    const signIn = await gql(c, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode("lisi") });
    const headers = { authorization: `Bearer ${signIn.body.data.signInWithWecom.token}` };
    const answers = [];
    for (const via of [c, d, c, d]) answers.push(await gql(via, "{ meetings { edges { cursor } } }", {}, headers));
    expect(answers.map(codeOf)).toEqual([undefined, undefined, "RATE_LIMITED", "RATE_LIMITED"]);
    expect(extensionsOf(answers[3]).scope).toBe("USER");
  });
});

test("Redis gone: each instance counts its own, keeps serving, and says so once", async () => {
  await redis.stop();
  await eventually(async () => (await fetch(`${a.url}/ready`)).status === 503 && (await fetch(`${b.url}/ready`)).status === 503, "both to notice");
  const before = sim.calls("meeting/update").length;
  const id = sim.seedMeeting({});
  const answers = [];
  for (let i = 0; i < 7; i++) answers.push(await gql(a, "mutation($id: ID!) { updateMeeting(id: $id, input: { title: \"t\" }) { id } }", { id }));
  // a counts from the moment it lost Redis: 5 go, the rest wait.
  expect(sim.calls("meeting/update").length - before).toBe(5);
  expect(answers.slice(5).map(codeOf)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  expect(a.logs().filter((l) => /Redis is unreachable/.test(l.msg ?? "")).length).toBe(1);
  expect(a.logs().find((l) => /Redis is unreachable/.test(l.msg ?? ""))?.msg).toMatch(/quotas/);
  await redis.start();
});
