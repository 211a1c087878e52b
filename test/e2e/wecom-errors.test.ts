// WeCom's refusals as callers see them (issue 18 item 9): WeCom's errmsg can carry the gateway's
// egress IP and WeCom's request ids, and a configuration hint ("Invalid corp secret") means
// nothing to a signed-in user. A user gets the errcode and the gateway's own words; a trusted
// backend also gets WeCom's text; the operator's log gets both, with the hint.
import { useGateway } from "../support/fixture";
import { eventually, extensionsOf, gql } from "../support/helpers";
import { minimalInput } from "../support/inputs";

const KEY = "backend-key-wecom-errors-0123456789";
const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_SESSION_SECRET: "wecom-errors-session-secret-0123456789abcdef",
});
const service = { authorization: `Bearer ${KEY}` };
const CREATE = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";

const EGRESS_IP = "203.0.113.7";
const ipRefusal = { errcode: 60020, errmsg: `not allow to access from your ip, hint: [1733490000_77_5f3e9c], from ip: ${EGRESS_IP}, more info at https://open.work.weixin.qq.com/devtool/query?e=60020` };
const secretRefusal = { errcode: 40001, errmsg: `invalid credential, hint: [1733490001_12_8ab21c], from ip: ${EGRESS_IP}, more info at https://open.work.weixin.qq.com/devtool/query?e=40001` };

async function signedIn(userid: string): Promise<Record<string, string>> {
  const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
  return { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` };
}
const createAs = (headers: Record<string, string>) => gql(gateway, CREATE, { input: minimalInput({ adminUserId: "lisi" }) }, headers);

describe("a signed-in user", () => {
  test("WeCom's errmsg (the gateway's IP, WeCom's ids) never reaches it; the errcode and the gateway's words do", async () => {
    const user = await signedIn("lisi");
    sim.failNextCreates(ipRefusal);
    const answer = await createAs(user);

    expect(extensionsOf(answer)).toEqual({
      code: "WECOM_ERROR",
      errcode: 60020,
      errmsg: "the gateway cannot reach WeCom as configured",
      hint: "The gateway cannot reach WeCom as configured; tell its operator.",
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(EGRESS_IP);
    expect(text).not.toMatch(/hint: \[|devtool|not allow to access/);
    expect(text).not.toMatch(/trusted IP/i); // the operator's hint is the operator's
    expect(answer.body.errors![0].message).toMatch(/errcode 60020/);
  });

  test("a refusal the user can act on keeps its hint, in the gateway's words", async () => {
    const user = await signedIn("lisi");
    sim.failNextCreates({ errcode: 400021, errmsg: `invalid userid ghost, hint: [1733490002_3_aa], from ip: ${EGRESS_IP}` });
    const answer = await createAs(user);

    expect(extensionsOf(answer)).toEqual({
      code: "WECOM_ERROR",
      errcode: 400021,
      errmsg: "an invitee or host is not a valid member the app can see",
      hint: expect.stringMatching(/visible range/),
    });
    expect(JSON.stringify(answer.body)).not.toContain(EGRESS_IP);
  });
});

describe("a trusted backend (API key)", () => {
  test("gets WeCom's own errmsg, to quote to WeCom's support, and the configuration hint", async () => {
    sim.failNextCreates(ipRefusal);
    const answer = await createAs(service);
    expect(extensionsOf(answer)).toEqual({
      code: "WECOM_ERROR",
      errcode: 60020,
      errmsg: ipRefusal.errmsg,
      hint: expect.stringMatching(/trusted IP list/),
    });
    // The message is the gateway's own, for every caller.
    expect(answer.body.errors![0].message).not.toContain(EGRESS_IP);
  });
});

describe("a signed-in user, when gettoken is refused", () => {
  // Last but the log: the gateway then remembers the refusal for 60 s (CONTRACT §5).
  test("a gettoken refused for the corp secret is not 'Invalid corp secret' to a user", async () => {
    const user = await signedIn("lisi"); // the sign-in fetched a token
    sim.revokeTokens();
    sim.failNextTokens(secretRefusal);
    const answer = await createAs(user);

    expect(extensionsOf(answer)).toMatchObject({ code: "WECOM_ERROR", errcode: 40001, hint: expect.stringMatching(/tell its operator/) });
    expect(JSON.stringify(answer.body)).not.toMatch(/secret|WECOM_CORP|203\.0\.113\.7|invalid credential/i);
  });
});

describe("the operator's log", () => {
  test("keeps WeCom's text and the configuration hint", async () => {
    // The lines come from the gateway's stdout, which may arrive after the answers did.
    await eventually(() => gateway.logs().some((line) => line.errcode === 40001), "the gettoken refusal's log line");
    const refusals = gateway.logs().filter((line) => line.errcode === 60020);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toMatchObject({ level: 50, endpoint: "meeting/create", errmsg: ipRefusal.errmsg, hint: expect.stringMatching(/trusted IP list/) });
    expect(gateway.logs().some((line) => line.errcode === 40001 && line.errmsg === secretRefusal.errmsg)).toBe(true);
  });
});
