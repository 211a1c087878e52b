import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { WecomSimulator } from "../../src/wecom/simulator";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { productionEnv, runGatewayToExit, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

describe("start-up", () => {
  test("without credentials outside production it serves the embedded simulator, and says so", async () => {
    const gateway = await startGateway({ NODE_ENV: "development" });
    try {
      const warning = gateway.logs().find((l) => /SIMULATOR/.test(l.msg));
      expect(warning?.level).toBe(40);
      const answer = await gateway.request(CreateOnlyDocument, { input: minimalInput() });
      expect(answer.body.data?.createMeeting?.id).toBeTruthy();
    } finally {
      await gateway.stop();
    }
  });

  test("with NODE_ENV=production and no credentials it refuses to start, naming them", async () => {
    const { code, output } = await runGatewayToExit({ NODE_ENV: "production", GATEWAY_ALLOW_ANONYMOUS: "true" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/WECOM_CORP_ID/);
    expect(output).toMatch(/WECOM_CORP_SECRET/);
  });

  test.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ WECOM_CORP_ID: "ww1" }, "WECOM_CORP_SECRET"],
    [{ WECOM_API_BASE_URL: "not a url" }, "WECOM_API_BASE_URL"],
    [{ WECOM_TIMEOUT_MS: "-5" }, "WECOM_TIMEOUT_MS"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("an invalid value %j is a start-up error naming %s", async (env, variable) => {
    const { code, output } = await runGatewayToExit({ NODE_ENV: "development", ...env });
    expect(code).not.toBe(0);
    expect(output).toContain(variable);
  });

  test("a port in use: it exits non-zero saying so, and no line reads as if it started", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, output } = await runGatewayToExit({ NODE_ENV: "development", PORT: String(port) });
      expect(code).not.toBe(0);
      expect(output).toMatch(new RegExp(`port ${port} is already in use.*set PORT`));
      expect(output).not.toMatch(/gateway listening|SIMULATOR|OPEN/);
    } finally {
      blocker.close();
    }
  });

  test("the listen line says where it listens: every interface for 0.0.0.0", async () => {
    const gateway = await startGateway({ NODE_ENV: "development", HOST: "0.0.0.0" });
    try {
      const line = gateway.logs().find((l) => l.msg === "gateway listening");
      expect(line?.address).toMatch(/^0\.0\.0\.0:\d+ \(every interface\)$/);
      // The warnings come before it, once the port is taken, never after a failure.
      const order = gateway.logs().map((l) => l.msg);
      expect(order.indexOf("gateway listening")).toBeGreaterThan(order.findIndex((m) => /SIMULATOR/.test(m)));
    } finally {
      await gateway.stop();
    }
  });

  test("GET /health answers once it listens", async () => {
    const sim = await WecomSimulator.start();
    const gateway = await startGateway(productionEnv(sim));
    try {
      const response = await fetch(`${gateway.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    } finally {
      await gateway.stop();
      await sim.close();
    }
  });
});

describe("Apollo Sandbox", () => {
  test("GET /graphql from a browser serves Sandbox pre-filled with the example createMeeting", async () => {
    const gateway = await startGateway({ NODE_ENV: "development" });
    try {
      const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: "text/html" } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("embeddable-sandbox");
      // Every operation is offered, each with an example.
      for (const operation of ["mutation CreateMeeting", "query Meeting", "query Meetings", "mutation UpdateMeeting", "mutation CancelMeeting", "mutation SetMeetingInvitees"]) {
        expect(html).toContain(operation);
      }
      // The start is tomorrow at 10:00 UTC as of this visit, and no idempotencyKey is pre-set:
      // an edited example pressed again must not collide with the first.
      const now = new Date();
      const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 10)).toISOString();
      expect(html).toContain(tomorrow);
      expect(html).not.toMatch(/\\?"idempotencyKey\\?":/);
    } finally {
      await gateway.stop();
    }
  });

  test("in production Sandbox and introspection are off unless GATEWAY_SANDBOX=true", async () => {
    const sim = await WecomSimulator.start();
    const off = await startGateway(productionEnv(sim));
    const on = await startGateway(productionEnv(sim, { GATEWAY_SANDBOX: "true" }));
    try {
      const page = await fetch(`${off.url}/graphql`, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("embeddable-sandbox");
      const introspection = { query: "{ __schema { queryType { name } } }" };
      expect((await off.post(introspection)).body.errors?.[0]?.message).toMatch(/introspection/i);
      expect((await on.post(introspection)).body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
      const onPage = await fetch(`${on.url}/graphql`, { headers: { accept: "text/html" } });
      expect(await onPage.text()).toContain("embeddable-sandbox");
    } finally {
      await off.stop();
      await on.stop();
      await sim.close();
    }
  });
});
