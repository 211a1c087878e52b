// What a careless client or an attacker sends: every refusal small, cheap, typed, with nothing
// sent upstream; no internal error; no caller-chosen string unbounded in a log; and the gateway
// still serving, its memory bounded, at the end.
import { readFileSync } from "node:fs";
import { useGateway } from "../support/fixture";
import { codeOf, extensionsOf, fieldPathsOf, gql } from "../support/helpers";
import { minimalInput, tomorrow } from "../support/inputs";
import type { GraphQLResponse } from "../support/gateway";

const { sim, gateway } = useGateway({ WECOM_TIMEOUT_MS: "600" });
const CREATE = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";
const create = (input: Record<string, unknown>) => gql(gateway, CREATE, { input: { ...minimalInput(), ...input } });

/** A refusal a client can read at a glance: small and typed (its cost is measured by `npm run bench`, not here). */
async function expectSmallRefusal(send: () => Promise<GraphQLResponse<any>>, code = "BAD_USER_INPUT"): Promise<GraphQLResponse<any>> {
  const answer = await send();
  expect(JSON.stringify(answer.body).length).toBeLessThan(4_096);
  expect(codeOf(answer)).toBe(code);
  expect(sim.calls("meeting/create")).toHaveLength(0);
  return answer;
}

describe("amplification: a refusal costs little and stays small, whatever the input", () => {
  test.each([
    ["200,000 copies of one invitee", { invitees: Array(200_000).fill("a") }],
    ["1,999 copies of one invitee (under the raw-list limit)", { invitees: Array(1_999).fill("lisi") }],
    ["300 copies of one host", { settings: { hosts: Array(300).fill("lisi") } }],
    ["2,000 ring users, all empty", { settings: { ringUsers: Array(2_000).fill("") } }],
    ["the same reminder 2,000 times", { reminders: { remindBefore: Array(2_000).fill("ONE_DAY") } }],
    ["50,000 numbers where userids belong", { invitees: Array(50_000).fill(7) }],
    ["1,500 numbers where userids belong (graphql-js's own errors)", { invitees: Array(1_500).fill(7) }],
  ])("%s", async (_name, input) => {
    const answer = await expectSmallRefusal(() => create(input));
    expect(answer.body.errors).toHaveLength(1);
    expect(extensionsOf(answer).fields.length).toBeLessThanOrEqual(31); // 30 listed, then a count
  });

  test("four huge refusals at once: /health still answers meanwhile", async () => {
    const huge = () => create({ invitees: Array(200_000).fill("a"), settings: { hosts: Array(1_999).fill("a") } });
    const health = (async () => {
      await new Promise((r) => setTimeout(r, 20));
      return (await fetch(`${gateway.url}/health`)).status;
    })();
    const [answers, probe] = await Promise.all([Promise.all([huge(), huge(), huge(), huge()]), health]);
    expect(answers.map(codeOf)).toEqual(Array(4).fill("BAD_USER_INPUT"));
    expect(probe).toBe(200);
  });

  test("a literal list of thousands in the query itself stops at the token limit", async () => {
    const query = `mutation { createMeeting(input: { adminUserId: "a", title: "t", meetingStart: "2099-01-01T00:00:00Z", meetingDuration: 3600, invitees: [${Array(5_000).fill('"a"').join(",")}] }) { id } }`;
    const answer = await gateway.post({ query });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body).length).toBeLessThan(1_024);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("several mutations in one operation: a created meeting is never hidden", () => {
  test("the second breaks a rule: the first's meeting is in data, the error on the second", async () => {
    const answer = await gql(
      gateway,
      "mutation($a: CreateMeetingInput!, $b: CreateMeetingInput!) { first: createMeeting(input: $a) { id } second: createMeeting(input: $b) { id } }",
      { a: minimalInput({ title: "first" }), b: minimalInput({ title: "" }) },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data.first.id).toEqual(expect.any(String));
    expect(answer.body.data.second).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ path: ["second"], extensions: { code: "BAD_USER_INPUT" } });
    expect(sim.meeting(answer.body.data.first.id)).toBeDefined();
  });

  test("the upstream refuses the second (an unknown invitee): the first's meeting is still answered", async () => {
    sim.unknownUsers.add("ghost");
    const answer = await gql(
      gateway,
      "mutation($a: CreateMeetingInput!, $b: CreateMeetingInput!) { first: createMeeting(input: $a) { id } second: createMeeting(input: $b) { id } }",
      { a: minimalInput({ title: "first" }), b: minimalInput({ title: "second", invitees: ["ghost"] }) },
    );
    expect(answer.body.data.first.id).toEqual(expect.any(String));
    expect(answer.body.data.second).toBeNull();
    expect(extensionsOf(answer)).toMatchObject({ code: "WECOM_ERROR", errcode: 400021 });
  });

  test("when every field is refused, the HTTP status says so", async () => {
    const answer = await gql(
      gateway,
      "mutation($b: CreateMeetingInput!) { x: createMeeting(input: $b) { id } y: createMeeting(input: $b) { id } }",
      { b: minimalInput({ meetingDuration: 1 }) },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.data).toEqual({ x: null, y: null });
  });
});

describe("client mistakes are client errors, never INTERNAL_SERVER_ERROR", () => {
  const bodies: Array<[string, unknown, number]> = [
    ["a subscription", { query: "subscription { ping }" }, 400],
    ["an automatic persisted query with a wrong hash", { query: "{ ping }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, 200],
    ["an automatic persisted query by hash only", { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, 200],
    ["a batch", [{ query: "{ ping }" }, { query: "{ ping }" }], 400],
    ["a query that is not a string", { query: 42 }, 400],
    ["variables as a string", { query: "{ ping }", variables: "{}" }, 400],
    ["JSON null", null, 400],
    ["an empty object", {}, 400],
    ["two anonymous operations", { query: "{ ping } { ping }" }, 400],
    ["an unknown operation name", { query: "query A { ping }", operationName: "B" }, 400],
    ["an unknown directive", { query: "{ ping @launch }" }, 400],
    ["a fragment cycle", { query: "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }" }, 400],
    ["a variable of an unknown type", { query: "query($x: Nope) { ping }" }, 400],
    ["an __proto__ variable", { query: "query($id: ID!) { meeting(id: $id) { id } }", variables: JSON.parse('{"__proto__": {"id": "x"}}') }, 400],
  ];

  test.each(bodies)("%s", async (_name, body, status) => {
    const answer = await gateway.post(body);
    expect(answer.status).toBe(status);
    expect(answer.body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    expect(JSON.stringify(answer.body)).not.toContain("INTERNAL_SERVER_ERROR");
    expect(sim.requests).toHaveLength(0);
  });

  test("persisted queries are off and say so", async () => {
    const answer = await gateway.post({ query: "{ ping }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(codeOf(answer)).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
  });

  test("GET with odd query strings", async () => {
    for (const search of ["?query=%7B", "?query=%7Bping%7D&variables=%7B", "?query=mutation%7Bping%7D", "?extensions=x"]) {
      const response = await fetch(`${gateway.url}/graphql${search}`, { headers: { "apollo-require-preflight": "1" } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});

describe("caller-chosen strings are bounded in answers and logs", () => {
  test("a 1 MB operationName is refused, not echoed, not logged", async () => {
    const name = "x".repeat(1_000_000);
    const answer = await gateway.post({ query: "query A { ping }", operationName: name });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body).length).toBeLessThan(512);
    await new Promise((r) => setTimeout(r, 50));
    expect(Math.max(...gateway.output.map((line) => line.length))).toBeLessThan(2_000);
  });

  test("a long operationName within the limit is logged cut short", async () => {
    const name = `A${"b".repeat(250)}`;
    await gateway.post({ query: `query ${name} { ping }`, operationName: name });
    await new Promise((r) => setTimeout(r, 50));
    const line = gateway.logs().reverse().find((l) => l.msg === "graphql request");
    expect(line?.operation.length).toBeLessThanOrEqual(100);
  });

  test("a request id that is not a plain id is replaced", async () => {
    for (const given of ["x".repeat(129), "a b", "<script>", "é"]) {
      const answer = await gateway.post({ query: "{ ping }" }, { "x-request-id": given });
      expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("times the upstream would refuse", () => {
  test("a start within the current whole second is refused here, not by WeCom's 40058", async () => {
    const now = Date.now();
    const inThisSecond = new Date(Math.floor(now / 1000) * 1000 + 999);
    const answer = await expectSmallRefusal(() => create({ meetingStart: inThisSecond.toISOString() }));
    expect(fieldPathsOf(answer)).toEqual(["input.meetingStart"]);
  });

  test.each([
    ["year 9999", "9999-01-01T00:00:00Z"],
    ["after 2106 (32-bit unix seconds)", "2106-02-07T00:00:00Z"],
  ])("a start in %s is refused", async (_name, start) => {
    const answer = await expectSmallRefusal(() => create({ meetingStart: start }));
    expect(extensionsOf(answer).fields[0].message).toMatch(/32-bit/);
  });

  test("every time the gateway answers can be sent back to it", async () => {
    const id = (await create({ meetingStart: "2106-02-06T06:28:15Z", meetingDuration: 86_399 })).body.data.createMeeting.id;
    const read = await gql(gateway, "query($id: ID!) { meeting(id: $id) { meetingStart meetingEnd } }", { id });
    const end = read.body.data.meeting.meetingEnd;
    expect(end).toMatch(/^2106-/);
    const back = await gql(gateway, "query($to: DateTimeISO) { meetings(userId: \"zhangsan\", to: $to, first: 1) { pageInfo { hasNextPage } } }", { to: end });
    expect(codeOf(back)).not.toBe("BAD_USER_INPUT");
  });
});

describe("text a person cannot see, or that is not Unicode", () => {
  test.each([
    ["zero-width spaces", { title: "\u200b\u200b" }, "input.title"],
    ["Hangul fillers", { title: "\u3164\u3164\u3164" }, "input.title"],
    ["control characters", { title: "\u0001\u0002" }, "input.title"],
    ["a lone surrogate in the title", { title: "ok\ud800" }, "input.title"],
    ["a lone surrogate in the description", { description: "\udfff" }, "input.description"],
    ["a NUL in the location", { location: "room\u0000" }, "input.location"],
    ["an invisible userid", { invitees: ["\u200b"] }, "input.invitees.0"],
  ])("%s", async (_name, input, path) => {
    const answer = await expectSmallRefusal(() => create(input));
    expect(fieldPathsOf(answer)).toEqual([path]);
  });
});

test("a coercion error names the wrong field, never the values of the others (a password)", async () => {
  const answer = await gql(gateway, CREATE, { input: { ...minimalInput(), settings: { password: "975310" }, colour: "red" } });
  expect(answer.status).toBe(400);
  const text = JSON.stringify(answer.body);
  expect(text).not.toContain("975310");
  expect(text).not.toContain("Weekly sync");
  expect(fieldPathsOf(answer)).toEqual(["input.colour"]);
});

test("production (introspection off) suggests no names", async () => {
  for (const query of ["{ pingg }", "{ meeting(idd: \"x\") { id } }", "mutation { createMeeting(input: { adminUserId: \"a\", title: \"t\", meetingStart: \"2099-01-01T00:00:00Z\", meetingDuration: 600, settings: { remindScope: HOST } }) { id } }"]) {
    const answer = await gateway.post({ query });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
  }
});

test("after all that: the gateway serves, logged no error, and its memory stayed bounded", async () => {
  const answer = await gql(gateway, CREATE, { input: minimalInput({ meetingStart: tomorrow(60).toISOString() }) });
  expect(answer.body.data.createMeeting.id).toEqual(expect.any(String));
  expect(gateway.logs().filter((l) => l.level >= 50)).toEqual([]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, "utf8"))![1]);
  expect(rssKb / 1024).toBeLessThan(400);
});
