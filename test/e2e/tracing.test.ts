import { randomBytes, randomUUID } from "node:crypto";
import { WecomSimulator } from "../../src/wecom/simulator";
import { codeOf, eventually, gql } from "../support/helpers";
import { CACHE_OFF, productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";
import { OtlpReceiver, type ReceivedSpan } from "../support/otlp-receiver";

// OpenTelemetry traces (CONTRACT §14) exported to a real OTLP/HTTP receiver on loopback.
const CREATE = "mutation CreateMeeting($input: CreateMeetingInput!, $key: String) { createMeeting(input: $input, idempotencyKey: $key) { id meetingCode } }";
const API_KEY = "tracing-test-api-key-0123456789";
const TITLE = "Secret project kickoff";

describe("traces", () => {
  let sim: WecomSimulator;
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess;
  beforeAll(async () => {
    sim = await WecomSimulator.start();
    receiver = await OtlpReceiver.start();
    gateway = await startGateway(
      productionEnv(sim, {
        GATEWAY_ALLOW_ANONYMOUS: undefined,
        GATEWAY_API_KEYS: API_KEY,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        ...CACHE_OFF, // each read is an upstream call to count (the meeting cache has its own tests)
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_BSP_SCHEDULE_DELAY: "50",
        LOG_LEVEL: "debug", // a line for each upstream call, besides the request's own
      }),
    );
  });
  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  const auth = { authorization: `Bearer ${API_KEY}` };
  /** The spans of the trace whose operation span answered `requestId`'s request (found by its log line). */
  async function traceOf(requestId: string, spans = 1): Promise<{ operation: ReceivedSpan; children: ReceivedSpan[] }> {
    const traceId = await eventually(
      () => gateway.logs().find((l) => l.requestId === requestId && l.msg === "graphql request")?.traceId as string | undefined,
      "the request's log line with its traceId",
    );
    await eventually(() => receiver.spans.filter((s) => s.traceId === traceId).length >= spans, `${spans} spans of trace ${traceId}`);
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    const operation = inTrace.find((s) => s.attributes["gateway.caller.kind"] !== undefined)!;
    return { operation, children: inTrace.filter((s) => s !== operation) };
  }
  const post = (body: unknown, headers: Record<string, string> = {}) => gateway.post(body, { ...auth, ...headers });

  it("a create: one operation span, a child span per WeCom call, no trace header sent to WeCom", async () => {
    const answer: any = await post({ query: CREATE, variables: { input: minimalInput({ title: TITLE }) } });
    expect(answer.body.data.createMeeting.meetingCode).toBeTruthy();
    const { operation, children } = await traceOf(answer.headers.get("x-request-id")!, 4);

    expect(operation.name).toBe("mutation CreateMeeting");
    expect(operation.service).toBe("wecom-meeting-gateway");
    expect(operation.attributes).toMatchObject({
      "graphql.operation.type": "mutation",
      "graphql.operation.name": "CreateMeeting",
      "gateway.caller.kind": "service",
      "gateway.outcome": "ok",
    });
    expect(children.map((s) => s.name).sort()).toEqual(["wecom gettoken", "wecom meeting/create", "wecom meeting/get_info"]);
    for (const child of children) {
      expect(child.parentSpanId).toBe(operation.spanId);
      expect(child.attributes).toMatchObject({ "wecom.errcode": 0, "wecom.retry": false });
    }
    expect(children.find((s) => s.name === "wecom meeting/create")!.attributes["wecom.endpoint"]).toBe("meeting/create");
    for (const call of sim.calls("meeting/create").concat(sim.calls("gettoken"), sim.calls("meeting/get_info"))) {
      expect(Object.keys(call.headers).filter((h) => /traceparent|tracestate|baggage/i.test(h))).toEqual([]);
    }
  });

  it("a read: its get_info under the operation span; the log lines of the request carry the trace id", async () => {
    const created: any = await post({ query: CREATE, variables: { input: minimalInput() } });
    const id = created.body.data.createMeeting.id;
    const answer: any = await post({ query: "query ReadMeeting($id: ID!) { meeting(id: $id) { status } }", variables: { id } });
    expect(answer.body.data.meeting.status).toBe("UPCOMING");
    const { operation, children } = await traceOf(answer.headers.get("x-request-id")!, 2);
    expect(operation.name).toBe("query ReadMeeting");
    expect(children.map((s) => [s.name, s.parentSpanId])).toEqual([["wecom meeting/get_info", operation.spanId]]);
    const lines = gateway.logs().filter((l) => l.requestId === answer.headers.get("x-request-id"));
    expect(lines.length).toBeGreaterThanOrEqual(2); // the upstream call's line and the request's
    expect(lines.every((l) => l.traceId === operation.traceId)).toBe(true);
  });

  it("a refused input: the operation span says BAD_USER_INPUT, and there is no WeCom span", async () => {
    const answer: any = await post({ query: CREATE, variables: { input: minimalInput({ meetingDuration: 10 }) } });
    expect(codeOf(answer)).toBe("BAD_USER_INPUT");
    const { operation, children } = await traceOf(answer.headers.get("x-request-id")!);
    expect(operation.attributes["gateway.outcome"]).toBe("BAD_USER_INPUT");
    expect(operation.status.code).toBe(2); // ERROR
    expect(children).toEqual([]);
  });

  it("a lookup after a lost answer: the create's failed call and the calls that found the meeting, under one operation", async () => {
    sim.endpoint("meeting/create").failNextHttp(502, { applied: true });
    const answer: any = await post({ query: CREATE, variables: { input: minimalInput(), key: randomUUID() } });
    expect(answer.body.data.createMeeting.id).toBe(sim.meetings()[0]!.meetingid);
    const { operation, children } = await traceOf(answer.headers.get("x-request-id")!, 4);
    const create = children.find((s) => s.name === "wecom meeting/create")!;
    expect(create.attributes["wecom.outcome"]).toBe("maybe-applied");
    expect(create.status.code).toBe(2);
    expect(children.map((s) => s.name)).toContain("wecom meeting/get_user_meetingid");
    expect(children.every((s) => s.parentSpanId === operation.spanId)).toBe(true);
    expect(operation.attributes["gateway.outcome"]).toBe("ok");
  });

  it("continues an incoming traceparent", async () => {
    const traceId = randomBytes(16).toString("hex");
    const parentId = randomBytes(8).toString("hex");
    const answer: any = await post({ query: "query Me { me { kind } }" }, { traceparent: `00-${traceId}-${parentId}-01` });
    expect(answer.body.data.me.kind).toBe("SERVICE");
    const { operation } = await traceOf(answer.headers.get("x-request-id")!);
    expect(operation.traceId).toBe(traceId);
    expect(operation.parentSpanId).toBe(parentId);
  });

  it("exports no secret and no input value", async () => {
    await post({ query: CREATE, variables: { input: minimalInput({ title: TITLE, settings: { password: "482913" } }) } });
    await eventually(() => receiver.spans.some((s) => s.name === "wecom meeting/create"), "the create's span");
    const exported = receiver.bodies.join("\n");
    const tokens = sim.calls("meeting/create").map((c) => c.query.access_token!);
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [sim.corpSecret, API_KEY, TITLE, "482913", ...tokens]) {
      expect(exported).not.toContain(secret);
    }
    expect(exported).not.toMatch(/access_token|corpsecret/);
  });
});
