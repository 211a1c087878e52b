// Development that does not fight the frontend (CONTRACT §12): a local dev server's origin is
// allowed outside production when GATEWAY_CORS_ORIGINS is unset, never in production; a refused
// origin is logged (the browser alone shows the refusal); HOST is loopback outside production.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WecomSimulator } from "../../src/wecom/simulator";
import { productionEnv, runGatewayToExit, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";
import { eventually, gql } from "../support/helpers";

/** A browser's CORS preflight from `origin`; the origin the gateway allows back, if any. */
async function preflight(gateway: GatewayProcess, origin: string): Promise<string | null> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
  });
  return response.headers.get("access-control-allow-origin");
}

const refusals = (gateway: GatewayProcess, origin: string) =>
  gateway.logs().filter((l) => l.level === 40 && l.origin === origin && /GATEWAY_CORS_ORIGINS/.test(l.msg));

describe("in development, with GATEWAY_CORS_ORIGINS unset", () => {
  let gateway: GatewayProcess;
  beforeAll(async () => {
    gateway = await startGateway({ NODE_ENV: "development", HOST: undefined });
  });
  afterAll(() => gateway?.stop());

  test("it listens on 127.0.0.1 only", () => {
    const line = gateway.logs().find((l) => l.msg === "gateway listening");
    expect(line?.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test.each(["http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:3000"])("a page on %s may call /graphql", async (origin) => {
    expect(await preflight(gateway, origin)).toBe(origin);
    const response = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: '{"query":"{ ping }"}' });
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(await response.json()).toEqual({ data: { ping: true } });
  });

  test.each(["https://localhost:5173", "http://localhost.evil.example:5173", "http://192.168.1.20:5173", "null"])("%s is refused, and logged naming GATEWAY_CORS_ORIGINS", async (origin) => {
    expect(await preflight(gateway, origin)).toBeNull();
    await eventually(() => refusals(gateway, origin).length > 0, "the refusal's log line");
  });

  test("a refused origin is logged once a minute, not once a request", async () => {
    const origin = "http://intranet.example:8080";
    for (let i = 0; i < 5; i++) expect(await preflight(gateway, origin)).toBeNull();
    await eventually(() => refusals(gateway, origin).length > 0, "the refusal's log line");
    await preflight(gateway, "http://another.example"); // logged after the five: they were all written by then
    await eventually(() => refusals(gateway, "http://another.example").length > 0, "the second origin's line");
    expect(refusals(gateway, origin)).toHaveLength(1);
  });

  test("the gateway's own pages (same origin) are not logged as refused", async () => {
    const own = gateway.url;
    await preflight(gateway, own);
    await preflight(gateway, "http://marker.example");
    await eventually(() => refusals(gateway, "http://marker.example").length > 0, "the marker's line");
    expect(refusals(gateway, own)).toHaveLength(0);
  });
});

describe("in production", () => {
  let sim: WecomSimulator;
  let open: GatewayProcess;
  let configured: GatewayProcess;
  beforeAll(async () => {
    sim = await WecomSimulator.start();
    [open, configured] = await Promise.all([
      startGateway(productionEnv(sim)),
      startGateway(productionEnv(sim, { GATEWAY_CORS_ORIGINS: "https://meetings.example.com" })),
    ]);
  }, 60_000); // two gateways at once, on a shared machine
  afterAll(async () => {
    await Promise.all([open?.stop(), configured?.stop()]);
    await sim?.close();
  });

  test("without GATEWAY_CORS_ORIGINS a localhost page is refused, and the refusal logged", async () => {
    expect(await preflight(open, "http://localhost:5173")).toBeNull();
    await eventually(() => refusals(open, "http://localhost:5173").length > 0, "the refusal's log line");
  });

  test("with it, only its origins are allowed", async () => {
    expect(await preflight(configured, "https://meetings.example.com")).toBe("https://meetings.example.com");
    expect(await preflight(configured, "http://localhost:5173")).toBeNull();
    await eventually(() => refusals(configured, "http://localhost:5173").length > 0, "the refusal's log line");
  });
});

describe("GATEWAY_DEV_STATE_DIR (npm run dev)", () => {
  const dir = mkdtempSync(join(tmpdir(), "dev-state-"));
  const dev = { NODE_ENV: "development", GATEWAY_DEV_STATE_DIR: dir };

  test("a restart keeps the simulator's meetings and the development sessions", async () => {
    const first = await startGateway(dev);
    let token: string;
    let id: string;
    try {
      const { code } = await (await fetch(`${first.url}/simulator/sign-in?userid=zhangsan`)).json();
      token = (await gql(first, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code })).body.data.signInWithWecom.token;
      const created = await gql(first, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: { ...minimalInput({ title: "Kept across restarts" }), adminUserId: undefined } }, { authorization: `Bearer ${token}` });
      id = created.body.data.createMeeting.id;
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(statSync(join(dir, "session-secret")).mode & 0o077).toBe(0); // readable by its owner only

    const second = await startGateway(dev);
    try {
      const answer = await gql(second, "query($id: ID!) { me { kind userId } meeting(id: $id) { title } }", { id }, { authorization: `Bearer ${token}` });
      expect(answer.body).toEqual({ data: { me: { kind: "USER", userId: "zhangsan" }, meeting: { title: "Kept across restarts" } } });
    } finally {
      await second.stop();
    }
  });

  test("is refused in production", async () => {
    const { code, output } = await runGatewayToExit({ NODE_ENV: "production", GATEWAY_ALLOW_ANONYMOUS: "true", WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s", GATEWAY_DEV_STATE_DIR: dir });
    expect(code).not.toBe(0);
    expect(output).toMatch(/GATEWAY_DEV_STATE_DIR: development only/);
  });
});
