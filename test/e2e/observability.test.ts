import { connect } from "node:net";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

const KEY = "ops-test-key-5f1c2a9e7b";
const AUTH = { authorization: `Bearer ${KEY}` };

const { sim, gateway } = useGateway({
    GATEWAY_ALLOW_ANONYMOUS: undefined,
    GATEWAY_API_KEYS: KEY,
    WECOM_TIMEOUT_MS: "400",
    LOG_LEVEL: "debug", // upstream calls are logged at debug: they must be clean too
});

const create = (headers: Record<string, string> = {}) =>
  gateway.request(CreateOnlyDocument, { input: minimalInput() }, { ...AUTH, ...headers });

const scrape = async () => {
  const response = await fetch(`${gateway.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

/** The value of one series in Prometheus text (0 when absent). */
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

/** Log lines arrive through a pipe after the answer: wait for them (bounded). */
async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const requestLines = () => gateway.logs().filter((l) => l.msg === "graphql request");

/** Everything a secret must not appear in is checked against the simulator's real values. */
function secrets(): string[] {
  const tokens = sim.requests.map((r) => r.query.access_token).filter((t): t is string => Boolean(t));
  return [...new Set(tokens), sim.corpSecret, KEY];
}

describe("GET /ready", () => {
  test("200 ready while the store is available", async () => {
    const response = await fetch(`${gateway.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });
});

describe("GET /metrics after a run with errors", () => {
  test("counts each outcome, times upstream calls, and holds no key, token or secret", async () => {
    const before = await scrape();
    await create(); // fetches a token: the first create of this gateway
    await gateway.request(CreateOnlyDocument, { input: minimalInput() }, { authorization: "Bearer wrong" });
    sim.failNextCreates({ errcode: 40058, errmsg: "invalid meeting_start" });
    expect((await create()).body.errors?.[0].extensions?.code).toBe("WECOM_ERROR");
    sim.hangCreates = true;
    expect((await create()).body.errors?.[0].extensions?.code).toBe("UPSTREAM_TIMEOUT");
    sim.hangCreates = false;
    const after = await scrape();

    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('graphql_requests_total{operation="CreateOnly",outcome="ok"}')).toBe(1);
    expect(delta('graphql_requests_total{operation="unknown",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(delta('graphql_requests_total{operation="CreateOnly",outcome="WECOM_ERROR"}')).toBe(1);
    expect(delta('graphql_requests_total{operation="CreateOnly",outcome="UPSTREAM_TIMEOUT"}')).toBe(1);
    expect(delta('graphql_request_duration_seconds_count{operation="CreateOnly"}')).toBe(3);
    expect(delta('wecom_upstream_duration_seconds_count{endpoint="meeting/create",outcome="0"}')).toBe(1);
    expect(delta('wecom_upstream_duration_seconds_count{endpoint="meeting/create",outcome="40058"}')).toBe(1);
    expect(delta('wecom_upstream_duration_seconds_count{endpoint="meeting/create",outcome="timeout"}')).toBe(1);
    expect(delta('wecom_upstream_duration_seconds_count{endpoint="gettoken",outcome="0"}')).toBe(1);
    expect(sample(after, "wecom_token_fetches_total")).toBe(1);
    expect(after).toMatch(/^process_cpu_user_seconds_total /m);
    expect(after).toMatch(/^nodejs_heap_size_used_bytes /m);

    expect(secrets().length).toBeGreaterThan(2);
    for (const secret of secrets()) expect(after).not.toContain(secret);
  });

  test("caller-chosen operation names are bounded: past 50 distinct names they count as \"other\"", async () => {
    for (let i = 0; i < 60; i++) {
      const answer = await gateway.post({ query: `query Probe${i} { ping }` }, AUTH);
      expect(answer.body.data).toEqual({ ping: true });
    }
    const text = await scrape();
    const names = new Set([...text.matchAll(/^graphql_requests_total\{operation="([^"]+)"/gm)].map((m) => m[1]));
    expect([...names].filter((n) => n.startsWith("Probe")).length).toBeLessThanOrEqual(50);
    expect(sample(text, 'graphql_requests_total{operation="other",outcome="ok"}')).toBeGreaterThanOrEqual(10);
  });
});

describe("logs", () => {
  test("one line per request with its request id (echoed, or generated and returned)", async () => {
    const given = ["req-ok-1", "req-unauth-2", "req-wecom-3"];
    const ok = await create({ "x-request-id": given[0] });
    const unauth = await gateway.request(CreateOnlyDocument, { input: minimalInput() }, { "x-request-id": given[1] });
    sim.failNextCreates({ errcode: 40058 });
    await create({ "x-request-id": given[2] });
    const generated = await create({ "x-request-id": "not a\tplain id" });

    expect(ok.headers.get("x-request-id")).toBe(given[0]);
    expect(unauth.headers.get("x-request-id")).toBe(given[1]);
    const newId = generated.headers.get("x-request-id")!;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);

    const ids = [...given, newId];
    await until(() => ids.every((id) => requestLines().some((l) => l.requestId === id)), "the request lines");
    const lines = ids.map((id) => requestLines().filter((l) => l.requestId === id));
    expect(lines.map((l) => l.length)).toEqual([1, 1, 1, 1]);
    expect(lines.map(([l]) => [l.operation, l.outcome, l.status])).toEqual([
      ["CreateOnly", "ok", 200],
      [null, "UNAUTHENTICATED", 401],
      ["CreateOnly", "WECOM_ERROR", 200],
      ["CreateOnly", "ok", 200],
    ]);
    expect(lines.every(([l]) => typeof l.durationMs === "number")).toBe(true);
  });

  test("upstream calls are logged at debug, and no log line holds a key, token or secret", async () => {
    sim.revokeTokens(); // a fresh token is fetched, so one is surely in play
    await create();
    sim.hangCreates = true;
    await create(); // a timeout
    sim.hangCreates = false;
    await gateway.request(CreateOnlyDocument, { input: minimalInput() }, { authorization: `Bearer ${KEY}-not` });

    await until(() => gateway.logs().some((l) => l.msg === "upstream call" && l.outcome === "timeout"), "the timeout's log line");
    const upstream = gateway.logs().filter((l) => l.msg === "upstream call");
    expect(upstream.every((l) => l.level === 20)).toBe(true);
    expect(upstream.map((l) => l.endpoint)).toEqual(expect.arrayContaining(["gettoken", "meeting/create"]));

    const everything = gateway.output.join("\n");
    expect(secrets().length).toBeGreaterThan(2);
    for (const secret of secrets()) expect(everything).not.toContain(secret);
  });
});

describe("graceful stop", () => {
  test("SIGTERM during a slow create: new connections are refused, the create completes, exit 0", async () => {
    const stopping = await startGateway(productionEnv(sim));
    const port = Number(new URL(stopping.url).port);
    sim.createDelayMs = 1500;
    let settled = false;
    const answer = stopping.request(CreateOnlyDocument, { input: minimalInput() }).finally(() => (settled = true));
    await until(() => sim.createRequests.length === 1, "the create to reach the simulator");

    const exitCode = stopping.stop("SIGTERM");
    await until(async () => (await connects(port)) === false, "new connections to be refused");
    expect(settled).toBe(false); // refused while the create was still in flight

    const { status, body } = await answer;
    expect(status).toBe(200);
    expect(body.data?.createMeeting?.id).toBeTruthy();
    expect(await exitCode).toBe(0);
    expect(stopping.logs().map((l) => l.msg)).toEqual(expect.arrayContaining(["stopping: finishing in-flight requests", "stopped"]));
  });

  test("a create hung past GATEWAY_SHUTDOWN_TIMEOUT_MS does not hold the process", async () => {
    const stopping = await startGateway(
      productionEnv(sim, { WECOM_TIMEOUT_MS: "60000", GATEWAY_SHUTDOWN_TIMEOUT_MS: "500" }),
    );
    sim.hangCreates = true;
    const answer = stopping.request(CreateOnlyDocument, { input: minimalInput() });
    answer.catch(() => {}); // awaited below
    await until(() => sim.createRequests.length === 1, "the create to reach the simulator");

    // Without the bound it would wait for the 60 s upstream timeout (and fail this test's 30 s).
    expect(await stopping.stop("SIGTERM")).not.toBeNull();
    await expect(answer).rejects.toThrow(); // its connection was closed
  });
});

/** Whether a new TCP connection to the port is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
