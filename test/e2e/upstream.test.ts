import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";
import { codeOf } from "../support/helpers";

const TIMEOUT_MS = 800;

const { sim, gateway } = useGateway({ WECOM_TIMEOUT_MS: String(TIMEOUT_MS) });

const create = (input = minimalInput()) => gateway.request(CreateOnlyDocument, { input });

describe("access tokens", () => {
  test("twenty concurrent creates after the token is revoked cause exactly one gettoken", async () => {
    await create(); // a token is cached
    sim.revokeTokens();
    const before = sim.tokenRequests;

    const answers = await Promise.all(Array.from({ length: 20 }, () => create()));

    expect(answers.map(codeOf)).toEqual(Array(20).fill(undefined));
    expect(sim.tokenRequests - before).toBe(1);
  });

  test("an expired token (42001) is replaced once and the create succeeds", async () => {
    await create();
    sim.expireTokens();
    const before = sim.tokenRequests;
    const answer = await create();
    expect(answer.body.data?.createMeeting?.id).toBeTruthy();
    expect(sim.tokenRequests - before).toBe(1);
  });

  test("a token is reused until its expires_in (less a margin) runs out", async () => {
    sim.tokenTtlSeconds = 1;
    sim.revokeTokens();
    await create(); // fetches a 1-second token
    const before = sim.tokenRequests;
    await create();
    expect(sim.tokenRequests).toBe(before); // still cached
    await new Promise((r) => setTimeout(r, 1_100));
    await create();
    expect(sim.tokenRequests).toBe(before + 1);
    sim.tokenTtlSeconds = 7200;
  });

  test("a token refused twice in a row is WECOM_ERROR, after exactly one retry", async () => {
    await create();
    sim.revokeTokens();
    sim.failNextCreates({ errcode: 42001, errmsg: "access_token expired" }, { errcode: 42001, errmsg: "access_token expired" });
    const before = sim.createRequests.length;
    const answer = await create();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "WECOM_ERROR", errcode: 42001 });
    expect(sim.createRequests.length - before).toBe(2);
  });
});

describe("connections", () => {
  test("thirty sequential creates reuse kept-alive upstream connections", async () => {
    await create();
    const before = sim.connections;
    for (let i = 0; i < 30; i++) expect(codeOf(await create())).toBeUndefined();
    expect(sim.connections - before).toBeLessThanOrEqual(2);
  });
});

describe("an upstream that fails", () => {
  test("a hung create answers UPSTREAM_TIMEOUT within the timeout, and was sent once", async () => {
    await create();
    sim.hangCreates = true;
    const before = sim.createRequests.length;
    const started = Date.now();
    const answer = await create();
    const took = Date.now() - started;

    expect(codeOf(answer)).toBe("UPSTREAM_TIMEOUT");
    expect(answer.body.data?.createMeeting ?? null).toBeNull();
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 1_500);
    expect(sim.createRequests.length - before).toBe(1);
    sim.hangCreates = false;
  });

  test("a slow create within the timeout succeeds", async () => {
    sim.createDelayMs = TIMEOUT_MS / 2;
    const answer = await create();
    expect(answer.body.data?.createMeeting?.id).toBeTruthy();
  });

  test("a refused connection answers UPSTREAM_UNAVAILABLE, and the gateway keeps serving", async () => {
    const closedPort = await freePort();
    const unreachable = await startGateway(
      productionEnv(sim, { WECOM_API_BASE_URL: `http://127.0.0.1:${closedPort}` }),
    );
    try {
      const answer = await unreachable.request(CreateOnlyDocument, { input: minimalInput() });
      expect(codeOf(answer)).toBe("UPSTREAM_UNAVAILABLE");
      expect(answer.body.errors![0].message).toMatch(/safe to retry/);
      const again = await unreachable.request(CreateOnlyDocument, { input: minimalInput() });
      expect(codeOf(again)).toBe("UPSTREAM_UNAVAILABLE");
    } finally {
      await unreachable.stop();
    }
  });

  test("an answer that is not WeCom's (a proxy's 502) is UPSTREAM_TIMEOUT: the create may have happened", async () => {
    const proxy = createHttpServer((req, res) => {
      if (req.url?.startsWith("/cgi-bin/gettoken")) {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok", access_token: "proxy-token", expires_in: 7200 }));
      } else {
        res.statusCode = 502;
        res.end("<html>Bad Gateway</html>");
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const behindProxy = await startGateway(
      productionEnv(sim, { WECOM_API_BASE_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}` }),
    );
    try {
      const answer = await behindProxy.request(CreateOnlyDocument, { input: minimalInput() });
      expect(codeOf(answer)).toBe("UPSTREAM_TIMEOUT");
      expect(answer.body.errors![0].message).toMatch(/HTTP 502/);
    } finally {
      await behindProxy.stop();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  test("no access token or corp secret appears in answers or logs, even on failures", async () => {
    sim.failNextCreates({ errcode: -1, errmsg: "system busy" });
    const answers = [await create()];
    sim.hangCreates = true;
    answers.push(await create());
    sim.hangCreates = false;
    sim.revokeTokens();
    answers.push(await create());

    const tokens = sim.requests.map((r) => r.query.access_token).filter(Boolean);
    expect(tokens.length).toBeGreaterThan(0);
    const seen = JSON.stringify(answers.map((a) => a.body)) + gateway.output.join("\n");
    for (const secret of [...new Set(tokens), sim.corpSecret]) expect(seen).not.toContain(secret);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
