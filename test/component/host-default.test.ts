// CONTRACT §2, §12: a development gateway listens on loopback unless told otherwise.
import { loadConfig } from "../../src/server/config";

describe("HOST's default", () => {
  const production = { NODE_ENV: "production", GATEWAY_ALLOW_ANONYMOUS: "true", WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s" };
  test("is every interface in production, loopback outside it; HOST always wins", () => {
    expect(loadConfig(production).host).toBe("0.0.0.0");
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "development" }).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ ...production, HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
  });
});
