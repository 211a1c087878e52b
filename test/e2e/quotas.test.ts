// Quotas (CONTRACT §9) on one instance: the corp's budget per endpoint, a user's own budget, and
// WeCom's 45009/45033 pausing the endpoint. Nothing is sent past a budget.
import { WecomSimulator } from "../../src/wecom/simulator";
import { useGateway } from "../support/fixture";
import { bookMeeting, codeOf, extensionsOf, gql } from "../support/helpers";
import { CACHE_OFF, productionEnv, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

const KEY = "quota-key-0123456789";
const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_SESSION_SECRET: "quota-session-secret-0123456789abcdefgh",
  GATEWAY_USER_RATE_PER_MINUTE: "3",
});
const service = { authorization: `Bearer ${KEY}` };
const CREATE = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";

async function signIn(userid: string): Promise<Record<string, string>> {
  const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
  return { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` };
}

test("the corp's minute budget per endpoint: past it nothing is sent, RATE_LIMITED CORP, HTTP 429 with Retry-After", async () => {
  const lone = await WecomSimulator.start();
  // The same meeting read again: the cache is off, so each read is a call to count.
  const limited = await startGateway(productionEnv(lone, { GATEWAY_UPSTREAM_RATE_PER_MINUTE: "5", ...CACHE_OFF }));
  try {
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await limited.post({ query: CREATE, variables: { input: minimalInput({ title: `m${i}` }) } }));
    expect(lone.calls("meeting/create")).toHaveLength(5);
    expect(answers.slice(0, 5).map(codeOf)).toEqual(Array(5).fill(undefined));
    for (const refused of answers.slice(5)) {
      expect(refused.status).toBe(429);
      expect(extensionsOf(refused)).toEqual({ code: "RATE_LIMITED", scope: "CORP", retryAfterSeconds: expect.any(Number) });
      const seconds = extensionsOf(refused).retryAfterSeconds;
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(refused.headers.get("retry-after")).toBe(String(seconds));
    }
    // Each endpoint has its own budget: reads still go.
    const id = (answers[0].body.data as any).createMeeting.id;
    expect(((await limited.post({ query: "query($id: ID!) { meeting(id: $id) { status } }", variables: { id } })).body.data as any).meeting.status).toBe("UPCOMING");
    const metrics = await (await fetch(`${limited.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_rate_limited_total\{scope="CORP"\} 2/);
  } finally {
    await limited.stop();
    await lone.close();
  }
});

test("a user's own budget: past it RATE_LIMITED USER; a service caller and other users go on; sign-in is not counted", async () => {
  const lisi = await signIn("lisi");
  await signIn("lisi");
  await signIn("lisi"); // getuserinfo calls: not this user's budget
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await gql(gateway, CREATE, { input: minimalInput({ adminUserId: undefined, title: `u${i}` }) }, lisi));
  expect(answers.slice(0, 3).map(codeOf)).toEqual([undefined, undefined, undefined]);
  expect(answers[3].status).toBe(429);
  expect(extensionsOf(answers[3])).toMatchObject({ code: "RATE_LIMITED", scope: "USER" });
  expect(sim.calls("meeting/create")).toHaveLength(3);

  expect(codeOf(await gql(gateway, CREATE, { input: minimalInput() }, service))).toBeUndefined();
  expect(codeOf(await gql(gateway, CREATE, { input: minimalInput({ adminUserId: undefined }) }, await signIn("wangwu")))).toBeUndefined();
});

test("reads a user causes count too: a listing whose detail fetches its budget cannot cover is refused before any is sent", async () => {
  const zhaoliu = await signIn("zhaoliu");
  for (let i = 0; i < 5; i++) sim.seedMeeting({ admin_userid: "zhaoliu", meeting_start: Math.floor(Date.now() / 1000) + 3600 * (i + 1) });
  const answer = await gql(gateway, "{ meetings { edges { node { title } } } }", {}, zhaoliu);
  // 1 list call spent; 5 get_info do not fit in the 2 left: none is sent, never half a list (CONTRACT §11).
  expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(1);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
  expect(extensionsOf(answer)).toMatchObject({ code: "RATE_LIMITED", scope: "USER" });
});

test("WeCom's 45009 pauses the endpoint: that call is WECOM_ERROR, the next is RATE_LIMITED and not sent", async () => {
  await bookMeeting(gateway, {}, service); // a token
  sim.reset();
  sim.endpoint("meeting/update").failNext({ errcode: 45009 });
  const id = sim.seedMeeting({});
  const first = await gql(gateway, "mutation($id: ID!) { updateMeeting(id: $id, input: { title: \"a\" }) { id } }", { id }, service);
  expect(extensionsOf(first)).toMatchObject({ code: "WECOM_ERROR", errcode: 45009 });
  const next = await gql(gateway, "mutation($id: ID!) { updateMeeting(id: $id, input: { title: \"b\" }) { id } }", { id }, service);
  expect(extensionsOf(next)).toMatchObject({ code: "RATE_LIMITED", scope: "CORP" });
  expect(extensionsOf(next).retryAfterSeconds).toBeGreaterThan(50);
  expect(sim.calls("meeting/update")).toHaveLength(1);
  // Other endpoints are not paused.
  expect(codeOf(await gql(gateway, "mutation { cancelMeeting(id: \"" + id + "\") { id } }", {}, service))).toBeUndefined();
});

test("45033 (too many at once) pauses it for a second", async () => {
  sim.endpoint("meeting/get_info").failNext({ errcode: 45033 });
  const id = sim.seedMeeting({});
  const read = () => gql(gateway, "query($id: ID!) { meeting(id: $id) { title } }", { id }, service);
  expect(extensionsOf(await read())).toMatchObject({ code: "WECOM_ERROR", errcode: 45033 });
  expect(extensionsOf(await read())).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 1 });
  await new Promise((r) => setTimeout(r, 1_100));
  expect(codeOf(await read())).toBeUndefined();
});

test("a 45033 pause does not reset the minute's count", async () => {
  const lone = await WecomSimulator.start();
  // The same meeting read again: the cache is off, so each read is a call to count.
  const limited = await startGateway(productionEnv(lone, { GATEWAY_UPSTREAM_RATE_PER_MINUTE: "5", ...CACHE_OFF }));
  try {
    const id = lone.seedMeeting({});
    const read = () => limited.post({ query: "query($id: ID!) { meeting(id: $id) { title } }", variables: { id } });
    for (let i = 0; i < 3; i++) expect(codeOf(await read())).toBeUndefined();
    lone.endpoint("meeting/get_info").failNext({ errcode: 45033 });
    expect(extensionsOf(await read())).toMatchObject({ errcode: 45033 }); // the 4th call
    await new Promise((r) => setTimeout(r, 1_100));
    expect(codeOf(await read())).toBeUndefined(); // the 5th
    expect(extensionsOf(await read())).toMatchObject({ code: "RATE_LIMITED", scope: "CORP" }); // past 5 this minute
    expect(lone.calls("meeting/get_info")).toHaveLength(5);
  } finally {
    await limited.stop();
    await lone.close();
  }
});

test("a pause holds for sign-ins too, which have no budget of their own", async () => {
  sim.endpoint("auth/getuserinfo").failNext({ errcode: 45009 });
  const signIn = () => gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode("lisi") });
  expect(extensionsOf(await signIn())).toMatchObject({ code: "WECOM_ERROR", errcode: 45009 });
  expect(extensionsOf(await signIn())).toMatchObject({ code: "RATE_LIMITED", scope: "CORP" });
  expect(sim.calls("auth/getuserinfo")).toHaveLength(1);
});

test("one sign-in per operation: aliases cannot make one anonymous request many WeCom calls", async () => {
  const answer = await gql(gateway, `mutation { a: signInWithWecom(code: "x") { token } b: signInWithWecom(code: "y") { token } }`);
  expect(answer.status).toBe(400);
  expect(answer.body.errors![0].message).toMatch(/sign in once/);
  expect(sim.calls("auth/getuserinfo")).toHaveLength(0);
});
