// Who is asking (CONTRACT §8): API keys, the identity provider's tokens, the gateway's sessions,
// and the attacks people actually use, each over real HTTP against a JWKS server on loopback.
import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { useGateway } from "../support/fixture";
import { codeOf, gql } from "../support/helpers";
import { AUDIENCE, b64, ISSUER, JwksServer, signingKey, userToken } from "../support/jwks";
import { runGatewayToExit } from "../support/gateway";

const KEY = "service-key-0123456789";
const SECRET = "a-session-secret-of-at-least-32-bytes!!";
const rsa = signingKey("rsa-1", "RS256");
const ec = signingKey("ec-1", "ES256");
const ed = signingKey("ed-1", "EdDSA");
const stranger = signingKey("rsa-1", "RS256"); // same kid, another key: not the provider's
let jwks: JwksServer;

beforeAll(async () => {
  jwks = await JwksServer.start([rsa, ec, ed]);
});
afterAll(() => jwks.close());

const { sim, gateway } = useGateway(() => ({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_JWT_JWKS_URL: jwks.url.replace("http://", "http://"),
  GATEWAY_JWT_ISSUER: ISSUER,
  GATEWAY_JWT_AUDIENCE: AUDIENCE,
  GATEWAY_SESSION_SECRET: SECRET,
  NODE_ENV: "development", // an http:// JWKS URL is refused in production (tested below)
  GATEWAY_SANDBOX: "false",
}));
const me = (authorization?: string) => gql(gateway, "{ me { kind userId } }", {}, authorization ? { authorization } : {});
const bearer = (token: string) => `Bearer ${token}`;

describe("who is asking: me", () => {
  test("an API key is a SERVICE caller", async () => {
    expect((await me(bearer(KEY))).body.data.me).toEqual({ kind: "SERVICE", userId: null });
  });

  test.each([["RS256", rsa], ["ES256", ec], ["EdDSA", ed]] as const)("a %s token of the identity provider is a USER", async (_alg, key) => {
    expect((await me(bearer(await userToken(key, { sub: "lisi" })))).body.data.me).toEqual({ kind: "USER", userId: "lisi" });
  });

  test("a token just past exp, within 30 s of clock tolerance, still verifies", async () => {
    const token = await userToken(rsa, { exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await me(bearer(token))).body.data.me.kind).toBe("USER");
  });

  test("no credential where auth is configured: 401, saying what to send", async () => {
    const answer = await me();
    expect(answer.status).toBe(401);
    expect(answer.body.errors![0].message).toMatch(/Missing credential/);
  });
});

describe("refused tokens: 401 UNAUTHENTICATED, a short reason, never the token", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => Promise<string> | string, RegExp]> = [
    ["alg: none", () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "zhangsan", iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.`, /algorithm not allowed|malformed/],
    ["HS256 signed with the provider's public key", () => {
      const head = b64({ alg: "HS256", typ: "JWT", kid: rsa.kid });
      const body = b64({ sub: "zhangsan", iss: ISSUER, aud: AUDIENCE, exp: now() + 600 });
      const signature = createHmac("sha256", rsa.publicPem).update(`${head}.${body}`).digest("base64url");
      return `${head}.${body}.${signature}`;
    }, /algorithm not allowed/],
    ["an expired token", () => userToken(rsa, { exp: now() - 120 }), /token expired/],
    ["another audience", () => userToken(rsa, { aud: "someone-else" }), /wrong audience/],
    ["another issuer", () => userToken(rsa, { iss: "https://evil.example.com" }), /wrong issuer/],
    ["a tampered payload (another sub, the old signature)", async () => {
      const [head, , signature] = (await userToken(rsa, { sub: "zhangsan" })).split(".");
      return `${head}.${b64({ sub: "boss", iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.${signature}`;
    }, /signature invalid/],
    ["signed by a key not in the set (same kid)", () => userToken(stranger), /signature invalid/],
    ["signed by a key with an unknown kid", () => userToken(signingKey("unknown-kid")), /signing key unknown/],
    ["no exp", () => userToken(rsa, {}, { noExp: true }), /exp/],
    ["not valid yet (nbf in 10 minutes)", () => userToken(rsa, { nbf: now() + 600 }), /not yet valid/],
    ["no userid claim", () => userToken(rsa, { sub: undefined }), /no sub claim/],
    ["a session of another gateway (another secret)", () =>
      new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("zhangsan").setIssuer("wecom-meeting-gateway").setAudience(sim.corpId).setExpirationTime("1h").sign(new TextEncoder().encode("another-gateway-secret-of-32-bytes-or-more")), /signature invalid/],
    ["a session for another corp", () =>
      new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("zhangsan").setIssuer("wecom-meeting-gateway").setAudience("another-corp").setExpirationTime("1h").sign(new TextEncoder().encode(SECRET)), /wrong audience/],
    ["garbage", () => "garbage-credential-xyz", /invalid credential/],
  ];

  test.each(cases)("%s", async (_name, make, reason) => {
    const token = await make();
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", {
      input: { title: "x", meetingStart: "2099-01-01T00:00:00Z", meetingDuration: 600 },
    }, { authorization: bearer(token) });
    expect(answer.status).toBe(401);
    expect(codeOf(answer)).toBe("UNAUTHENTICATED");
    expect(answer.body.errors![0].message).toMatch(reason);
    expect(answer.body.errors![0].message.length).toBeLessThan(120);
    expect(JSON.stringify(answer.body)).not.toContain(token.split(".")[1] || token);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("the gateway's own sessions", () => {
  test("signInWithWecom needs no credential, and its token is a USER", async () => {
    const code = sim.oauthCode("wangwu");
    const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token userId expiresAt } }", { code });
    expect(answer.status).toBe(200);
    const session = answer.body.data.signInWithWecom;
    expect(session.userId).toBe("wangwu");
    expect(new Date(session.expiresAt).getTime() - Date.now()).toBeGreaterThan(7_100_000);
    expect((await me(bearer(session.token))).body.data.me).toEqual({ kind: "USER", userId: "wangwu" });
  });

  test("only signInWithWecom passes without a credential: with another field beside it, 401", async () => {
    const code = sim.oauthCode("wangwu");
    const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } createMeeting(input: { title: \"x\", meetingStart: \"2099-01-01T00:00:00Z\", meetingDuration: 600 }) { id } }", { code });
    expect(answer.status).toBe(401);
    expect(sim.requests).toHaveLength(0);
  });

  test("a used code is UNAUTHENTICATED (40029); a non-member is FORBIDDEN; nothing else is sent", async () => {
    const code = sim.oauthCode("wangwu");
    const signIn = (c: string) => gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: c });
    await signIn(code);
    const again = await signIn(code);
    expect(again.status).toBe(401);
    expect(codeOf(again)).toBe("UNAUTHENTICATED");
    const outsider = await signIn(sim.oauthCodeForNonMember("oAbC123"));
    expect(outsider.status).toBe(403);
    expect(codeOf(outsider)).toBe("FORBIDDEN");
    expect(sim.calls("meeting/create")).toHaveLength(0);
  });

  test("the older UserId spelling of the answer works too", async () => {
    sim.legacyUserIdKey = true;
    const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { userId } }", { code: sim.oauthCode("zhaoliu") });
    expect(answer.body.data.signInWithWecom.userId).toBe("zhaoliu");
  });
});

describe("key rotation", () => {
  test("a newly published key verifies once the set may be refetched (30 s), and a removed one stops", async () => {
    const rotated = signingKey("rsa-2");
    const oldToken = await userToken(rsa, { sub: "old" });
    expect((await me(bearer(oldToken))).body.data.me.userId).toBe("old"); // the set is fetched (or fresh)
    const fetched = jwks.fetches;
    jwks.published = [rotated, ec, ed];

    // Within 30 s of the last fetch the unknown kid does not refetch: the set is not hammered.
    const newToken = await userToken(rotated, { sub: "new" });
    const early = await me(bearer(newToken));
    expect(early.status).toBe(401);
    expect(jwks.fetches - fetched).toBeLessThanOrEqual(1);

    await new Promise((r) => setTimeout(r, 31_000));
    expect((await me(bearer(newToken))).body.data.me.userId).toBe("new");
    const old = await me(bearer(oldToken));
    expect(old.status).toBe(401);
    expect(old.body.errors![0].message).toMatch(/signing key unknown/);
  }, 45_000);
});

describe("start-up refuses what cannot be safe", () => {
  test.each([
    [{ GATEWAY_SESSION_SECRET: "too-short" }, /GATEWAY_SESSION_SECRET: must be at least 32 bytes/],
    [{ GATEWAY_JWT_JWKS_URL: "https://id.example.com/jwks" }, /GATEWAY_JWT_ISSUER: required/],
    [{ NODE_ENV: "production", WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s", GATEWAY_JWT_JWKS_URL: "http://id.example.com/jwks", GATEWAY_JWT_ISSUER: "i", GATEWAY_JWT_AUDIENCE: "a" }, /GATEWAY_JWT_JWKS_URL: must be an https:\/\/ URL/],
    [{ NODE_ENV: "production", WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s" }, /GATEWAY_API_KEYS, GATEWAY_JWT_JWKS_URL, GATEWAY_SESSION_SECRET.*GATEWAY_ALLOW_ANONYMOUS/],
  ])("%j", async (env, message) => {
    const { code, output } = await runGatewayToExit({ NODE_ENV: "development", ...env });
    expect(code).not.toBe(0);
    expect(output).toMatch(message);
    expect(output).not.toContain("too-short");
  });
});
