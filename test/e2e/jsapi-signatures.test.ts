import { createHash } from "node:crypto";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { codeOf, extensionsOf, gql } from "../support/helpers";

// CONTRACT §12b: what a WeCom H5 page passes to ww.register, signed with tickets that are
// fetched once and kept, never more often than WeCom allows.

const ORIGIN = "https://meetings.example.com";
const AGENT_ID = "1000002";
const { sim, gateway } = useGateway({ WECOM_AGENT_ID: AGENT_ID, GATEWAY_JSAPI_ORIGINS: ORIGIN, LOG_LEVEL: "debug" });

const SIGNATURES = `query($url: String!) { jsApiSignatures(url: $url) {
  corpId agentId corp { timestamp nonceStr signature } app { timestamp nonceStr signature } } }`;

const sign = (via: GatewayProcess, url: string) => gql(via, SIGNATURES, { url });

/** The signature as WeCom checks it: recomputed here from the document's recipe, not the gateway's code. */
const sha1 = (ticket: string, s: { nonceStr: string; timestamp: number }, url: string) =>
  createHash("sha1").update(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${url}`).digest("hex");

test("50 pages asking at once: one fetch of each ticket, and every signature verifies with it (the URL without #…)", async () => {
  const page = `${ORIGIN}/book?room=3`;
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => sign(gateway, `${page}#/step/${i}`)));

  expect(answers.map(codeOf)).toEqual(Array(50).fill(undefined));
  expect(sim.calls("get_jsapi_ticket")).toHaveLength(1);
  expect(sim.calls("ticket/get")).toHaveLength(1);
  expect(sim.calls("ticket/get")[0].query.type).toBe("agent_config");
  const [corpTicket] = sim.ticketsIssued("corp");
  const [appTicket] = sim.ticketsIssued("app");
  for (const { body } of answers) {
    const s = body.data.jsApiSignatures;
    expect(s.corpId).toBe(sim.corpId);
    expect(s.agentId).toBe(Number(AGENT_ID));
    expect(s.corp.signature).toBe(sha1(corpTicket, s.corp, page));
    expect(s.app.signature).toBe(sha1(appTicket, s.app, page));
    expect(Math.abs(s.corp.timestamp - Date.now() / 1000)).toBeLessThan(60);
  }

  // Later requests reuse the kept tickets; no ticket is in an answer or a log line.
  sim.reset();
  expect(codeOf(await sign(gateway, page))).toBeUndefined();
  expect(sim.calls("get_jsapi_ticket")).toHaveLength(0);
  const everything = JSON.stringify(answers.map((a) => a.body)) + gateway.output.join("\n");
  expect(everything).not.toContain(corpTicket);
  expect(everything).not.toContain(appTicket);
});

test("a URL of another origin, not http(s), or not a URL: BAD_USER_INPUT naming url, and no ticket fetched", async () => {
  for (const url of ["https://evil.example.net/book", "javascript:alert(1)", "ftp://meetings.example.com/", "book", `http://meetings.example.com/book`]) {
    const answer = await sign(gateway, url);
    expect(codeOf(answer)).toBe("BAD_USER_INPUT");
    expect(extensionsOf(answer).fields).toEqual([expect.objectContaining({ path: "url", code: expect.stringMatching(/^INVALID_(CHOICE|FORMAT)$/) })]);
  }
  expect(sim.calls("get_jsapi_ticket")).toHaveLength(0);
  expect(sim.calls("ticket/get")).toHaveLength(0);
});

describe("gateways of their own", () => {
  let other: GatewayProcess | undefined;
  afterEach(async () => {
    await other?.stop();
    other = undefined;
  });

  test("without WECOM_AGENT_ID: the corp's signature, app null, and the app's ticket is never fetched", async () => {
    other = await startGateway(productionEnv(sim, { GATEWAY_JSAPI_ORIGINS: ORIGIN }));
    const answer = await sign(other, `${ORIGIN}/`);
    expect(answer.body.data?.jsApiSignatures).toMatchObject({ agentId: null, app: null, corp: { signature: expect.any(String) } });
    expect(sim.calls("ticket/get")).toHaveLength(0);
  });

  test("never more than 100 ticket fetches an hour: with tickets WeCom says cannot be kept, the 51st page is RATE_LIMITED and WeCom saw 100", async () => {
    sim.ticketTtlSeconds = 0; // every signature needs both tickets fetched anew
    other = await startGateway(productionEnv(sim, { WECOM_AGENT_ID: AGENT_ID, GATEWAY_JSAPI_ORIGINS: ORIGIN }));
    for (let i = 0; i < 50; i++) expect(codeOf(await sign(other, `${ORIGIN}/`))).toBeUndefined();

    const refused = await sign(other, `${ORIGIN}/`);

    expect(codeOf(refused)).toBe("RATE_LIMITED");
    expect(extensionsOf(refused).retryAfterSeconds).toBeGreaterThan(60);
    expect(sim.calls("get_jsapi_ticket").length + sim.calls("ticket/get").length).toBe(100);
  });
});
