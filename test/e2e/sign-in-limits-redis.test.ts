// Sign-in limits across instances (issue 18, item 2): two gateways sharing one real redis-server
// hold one client's budget and the corp's budget of failed codes together, as behind a load balancer.
import { codeOf, extensionsOf } from "../support/helpers";
import { postFrom } from "../support/clients";
import { useInstancesSharingRedis } from "../support/fixture";
import type { GatewayProcess } from "../support/gateway";

const { sim, a, b } = useInstancesSharingRedis({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: "sign-in-redis-key-0123456789",
  GATEWAY_SESSION_SECRET: "sign-in-redis-secret-0123456789abcdefghij",
  GATEWAY_SIGN_IN_RATE_PER_MINUTE: "4",
  GATEWAY_SIGN_IN_FAILURES_PER_MINUTE: "3",
});

/** The codes sent to WeCom (a call may be repeated once with a fresh access token). */
const codesSent = () => new Set(sim.calls("auth/getuserinfo").map((c) => c.query.code)).size;
const signIn = (via: GatewayProcess, from: string, code: string) =>
  postFrom(via, from, { query: "mutation($code: String!) { signInWithWecom(code: $code) { userId } }", variables: { code } });

test("one client's sign-ins are counted together, whichever instance serves them", async () => {
  const answers = [];
  for (let i = 0; i < 8; i++) answers.push(await signIn(i % 2 ? a : b, "127.0.7.1", sim.oauthCode(`user${i}`)));
  expect(answers.map(codeOf)).toEqual([undefined, undefined, undefined, undefined, "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
  expect(extensionsOf(answers[5])).toMatchObject({ scope: "CLIENT" });
  expect(codesSent()).toBe(4);
});

test("failed codes sent through both instances stop at the corp's one budget, and a real user signs in", async () => {
  sim.endpoint("auth/getuserinfo").quotaPerMinute = 8; // WeCom's limit, emulated
  const hosts = ["127.0.7.2", "127.0.7.3"];
  const flood = [];
  for (let i = 0; i < 4; i++) for (const [n, host] of hosts.entries()) flood.push(await signIn((i + n) % 2 ? a : b, host, `bad-code-${host}-${i}`));
  // Three failures on the corp's budget; then one more try for an address that had none (none had).
  expect(codesSent()).toBe(3);
  expect(flood.map(codeOf)).toEqual([...Array(3).fill("UNAUTHENTICATED"), ...Array(5).fill("RATE_LIMITED")]);
  expect(flood.slice(3).map((x) => extensionsOf(x).scope)).toEqual(Array(5).fill("CORP"));

  const real = await signIn(a, "127.0.7.9", sim.oauthCode("zhaoliu"));
  expect(real.body.data?.signInWithWecom).toEqual({ userId: "zhaoliu" });
});
