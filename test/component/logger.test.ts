import { createLogger } from "../../src/server/logger";

/** What the gateway's logger would write for one call. */
function written(log: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  log(createLogger("debug", { write: (line: string) => void lines.push(line) }));
  return lines.join("");
}

const SECRET = "s3cret-value-7f2d";

describe("the logger's redaction", () => {
  test.each([
    ["a request's authorization header", { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
    ["bare headers", { headers: { authorization: `Bearer ${SECRET}` } }],
    ["an authorization field", { authorization: SECRET }],
    ["a corp secret", { corpSecret: SECRET }],
    ["a corp secret one level down", { app: { corpSecret: SECRET } }],
    ["gettoken's query", { query: { corpid: "ww1", corpsecret: SECRET } }],
    ["an access token", { accessToken: SECRET }],
    ["an access token one level down", { upstream: { access_token: SECRET } }],
  ])("censors %s", (_name, fields) => {
    const line = written((log) => log.info(fields, "something happened"));
    expect(line).toContain("[redacted]");
    expect(line).not.toContain(SECRET);
  });

  test("leaves everything else alone", () => {
    const line = JSON.parse(written((log) => log.info({ requestId: "r-1", corpId: "ww1" }, "hello")));
    expect(line).toMatchObject({ requestId: "r-1", corpId: "ww1", msg: "hello", service: "wecom-meeting-gateway" });
  });
});
