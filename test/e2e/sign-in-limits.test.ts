// Sign-in needs no credential (issue 18, item 2): every sign-in is metered per client, a code is
// exchanged upstream once at a time, and failed codes are counted against a budget of the corp,
// so a flood of bad codes never reaches WeCom's own limit (whose 45009 would pause sign-in for
// everyone) and a real user with a valid code still signs in while the flood is refused.
// WeCom's per-corp limit is emulated by the simulator's quota on auth/getuserinfo (calls with a
// valid code are exempt, as at WeCom).
import { codeOf, eventually, extensionsOf } from "../support/helpers";
import { postFrom } from "../support/clients";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";

const SIGN_IN = "mutation($code: String!) { signInWithWecom(code: $code) { token userId } }";
const AUTH_ENV = {
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: "sign-in-test-key-0123456789",
  GATEWAY_SESSION_SECRET: "sign-in-test-secret-0123456789abcdefghij",
};
const { sim, gateway } = useGateway({ ...AUTH_ENV, GATEWAY_SIGN_IN_RATE_PER_MINUTE: "10" });

const signIn = (via: GatewayProcess, from: string, code: string, headers: Record<string, string> = {}) =>
  postFrom(via, from, { query: SIGN_IN, variables: { code } }, headers);
/** The codes sent to WeCom (a call may be repeated once with a fresh access token). */
const codesSent = () => new Set(sim.calls("auth/getuserinfo").map((c) => c.query.code)).size;
const badCode = (i: number) => `not-a-real-code-${i}-${Math.random().toString(36).slice(2)}`;

describe("one client", () => {
  test("a flood of bad codes from one address is refused past its budget (CLIENT), WeCom's limit is never met, and a real user signs in", async () => {
    sim.endpoint("auth/getuserinfo").quotaPerMinute = 20;
    const flood = [];
    for (let batch = 0; batch < 4; batch++) {
      flood.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(gateway, "127.0.1.1", badCode(batch * 10 + i))))));
    }
    const refused = flood.filter((a) => codeOf(a) === "RATE_LIMITED");
    expect(refused).toHaveLength(30);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(extensionsOf(answer)).toMatchObject({ scope: "CLIENT", retryAfterSeconds: expect.any(Number) });
    }
    expect(flood.filter((a) => codeOf(a) === "UNAUTHENTICATED")).toHaveLength(10);
    expect(codesSent()).toBe(10);

    const real = await signIn(gateway, "127.0.1.2", sim.oauthCode("zhangsan"));
    expect(real.body.data?.signInWithWecom).toMatchObject({ userId: "zhangsan", token: expect.any(String) });
  });

  test("a client that varies X-Forwarded-For is still one client: its peer is not a trusted proxy", async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await signIn(gateway, "127.0.1.3", sim.oauthCode(`user${i}`), { "x-forwarded-for": `203.0.113.${i}` }));
    expect(answers.map(codeOf)).toEqual([...Array(10).fill(undefined), "RATE_LIMITED", "RATE_LIMITED"]);
    expect(codesSent()).toBe(10);
  });

  test("a service caller (an API key) signing its users in from one address is not limited per client", async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await signIn(gateway, "127.0.1.4", sim.oauthCode(`user${i}`), { authorization: `Bearer ${AUTH_ENV.GATEWAY_API_KEYS}` }));
    expect(answers.map(codeOf)).toEqual(Array(12).fill(undefined));
  });

  test("20 uses of one code at once make one upstream call, and share its answer; a later use makes none", async () => {
    // WeCom holds its answer until the uses have had time to arrive (a use arriving after it would find the code spent).
    sim.endpoint("auth/getuserinfo").hang = true;
    const code = sim.oauthCode("lisi");
    const uses = Promise.all(Array.from({ length: 20 }, (_, i) => signIn(gateway, `127.0.2.${i + 1}`, code)));
    await eventually(() => sim.calls("auth/getuserinfo").length > 0, "the exchange to reach WeCom");
    await new Promise((arrive) => setTimeout(arrive, 1_500));
    sim.endpoint("auth/getuserinfo").hang = false;
    const answers = await uses;
    expect(sim.calls("auth/getuserinfo")).toHaveLength(1);
    const userIds = answers.map((a) => a.body.data?.signInWithWecom?.userId ?? codeOf(a));
    expect(userIds.filter((u) => u === "lisi").length).toBeGreaterThan(1); // shared, not one winner
    expect(userIds.filter((u) => u !== "lisi" && u !== "UNAUTHENTICATED")).toEqual([]);

    const again = await signIn(gateway, "127.0.2.30", code);
    expect(codeOf(again)).toBe("UNAUTHENTICATED");
    expect(sim.calls("auth/getuserinfo")).toHaveLength(1);
  });
});

describe("behind a trusted proxy", () => {
  let proxied: GatewayProcess;
  beforeAll(async () => {
    proxied = await startGateway(productionEnv(sim, { ...AUTH_ENV, GATEWAY_SIGN_IN_RATE_PER_MINUTE: "3", GATEWAY_TRUSTED_PROXIES: "loopback, 10.0.0.0/8" }));
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  test("each address forwarded by the trusted proxies (loopback, then 10.9.9.9) has its own budget", async () => {
    const viaProxy = (client: string, user: string) => signIn(proxied, "127.0.0.1", sim.oauthCode(user), { "x-forwarded-for": `${client}, 10.9.9.9` });
    const answers = [];
    for (const client of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) for (let i = 0; i < 3; i++) answers.push(await viaProxy(client, `u${i}`));
    expect(answers.map(codeOf)).toEqual(Array(9).fill(undefined));
    expect(extensionsOf(await viaProxy("198.51.100.1", "u9"))).toMatchObject({ code: "RATE_LIMITED", scope: "CLIENT" });
  });
});

describe("a flood spread over many clients", () => {
  let spread: GatewayProcess;
  beforeAll(async () => {
    spread = await startGateway(productionEnv(sim, { ...AUTH_ENV, GATEWAY_SIGN_IN_RATE_PER_MINUTE: "100", GATEWAY_SIGN_IN_FAILURES_PER_MINUTE: "5" }));
  });
  afterAll(async () => {
    await spread?.stop();
  });

  test("failed codes stop at the corp's budget (CORP), under WeCom's limit, and a real user still signs in", async () => {
    sim.endpoint("auth/getuserinfo").quotaPerMinute = 10;
    const hosts = ["127.0.3.1", "127.0.3.2", "127.0.3.3", "127.0.3.4"];
    const flood = await Promise.all(hosts.flatMap((host) => Array.from({ length: 8 }, (_, i) => signIn(spread, host, badCode(i)))));
    // At most the budget, and one try per address once it is spent.
    expect(codesSent()).toBeLessThanOrEqual(5 + hosts.length);
    const refused = flood.filter((a) => codeOf(a) === "RATE_LIMITED");
    expect(refused.length).toBeGreaterThanOrEqual(32 - 5 - hosts.length);
    for (const answer of refused) expect(extensionsOf(answer)).toMatchObject({ scope: "CORP", retryAfterSeconds: expect.any(Number) });
    expect(flood.some((a) => extensionsOf(a).errcode === 45009)).toBe(false);

    const real = await signIn(spread, "127.0.3.9", sim.oauthCode("wangwu"));
    expect(real.body.data?.signInWithWecom).toMatchObject({ userId: "wangwu" });
  });
});
