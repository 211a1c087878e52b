import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

// Two keys of different lengths: the comparison must not depend on a key's length.
const KEYS = ["first-key-0123456789abcdef", "k2"];
const APP_ORIGIN = "https://meetings.example.com";

const { sim, gateway } = useGateway({
    GATEWAY_ALLOW_ANONYMOUS: undefined,
    GATEWAY_API_KEYS: KEYS.join(", "),
    GATEWAY_CORS_ORIGINS: `${APP_ORIGIN},https://other-app.example.com`,
    GATEWAY_SANDBOX: "true",
});

const create = (headers?: Record<string, string>) =>
  gateway.request(CreateOnlyDocument, { input: minimalInput() }, headers);

describe("API keys", () => {
  test.each([
    ["no Authorization header", {}, /Missing credential/],
    ["a wrong key", { authorization: "Bearer not-a-key" }, /invalid API key/],
    ["a wrong key of a right key's length", { authorization: `Bearer ${"x".repeat(KEYS[0].length)}` }, /invalid API key/],
    ["a right key with a suffix", { authorization: `Bearer ${KEYS[0]}x` }, /invalid API key/],
    ["a right key in another scheme", { authorization: `Basic ${KEYS[0]}` }, /must be `Bearer <credential>`/],
  ])("%s: 401 UNAUTHENTICATED in GraphQL's shape, and nothing is sent upstream", async (_name, headers, message) => {
    const answer = await create(headers);

    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: "UNAUTHENTICATED" } }] });
    expect(sim.requests).toHaveLength(0);
  });

  test.each(KEYS)("the key %s works", async (key) => {
    const answer = await create({ authorization: `Bearer ${key}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.createMeeting?.id).toBeTruthy();
    expect(sim.createRequests).toHaveLength(1);
  });

  test("a GET operation (not only a POST) needs the key", async () => {
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent("{ ping }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(401);
    const allowed = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent("{ ping }")}`, {
      headers: { "apollo-require-preflight": "true", authorization: `Bearer ${KEYS[1]}` },
    });
    expect(await allowed.json()).toEqual({ data: { ping: true } });
  });

  test("the Sandbox landing page is served without a key, and holds no key", async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("embeddable-sandbox");
    expect(html).toContain('"sharedHeaders":{"Authorization":""}'); // a header row for the user's key
    for (const key of KEYS) expect(html).not.toContain(key);
  });
});

describe("browsers (CORS)", () => {
  const preflight = (origin: string) =>
    fetch(`${gateway.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });

  test("an allowed origin passes the preflight, with authorization and content-type allowed", async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    const allowed = response.headers.get("access-control-allow-headers")?.toLowerCase().split(",");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type"]));
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });

  test("another origin gets no Access-Control-Allow-Origin (the browser refuses), on the preflight and the request", async () => {
    const response = await preflight("https://evil.example.net");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const answer = await create({ origin: "https://evil.example.net", authorization: `Bearer ${KEYS[0]}` });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a 401 to an allowed origin carries CORS headers, so the app can read why", async () => {
    const answer = await create({ origin: APP_ORIGIN });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
  });
});

describe("an open gateway", () => {
  test("without GATEWAY_API_KEYS outside production it serves, and warns that it is open", async () => {
    const open = await startGateway({ NODE_ENV: "development" });
    try {
      const answer = await open.request(CreateOnlyDocument, { input: minimalInput() });
      expect(answer.body.data?.createMeeting?.id).toBeTruthy();
      const warning = open.logs().find((l) => /GATEWAY_API_KEYS/.test(l.msg));
      expect(warning?.level).toBe(40);
    } finally {
      await open.stop();
    }
  });
});
