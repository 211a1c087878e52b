import { getIntrospectionQuery, print } from "graphql";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway } from "../support/gateway";
import type { GraphQLResponse } from "../support/gateway";
import { minimalInput } from "../support/inputs";

// Sandbox on: introspection is allowed, so the limits are what stands between a caller and a
// deep introspection query.

const { sim, gateway } = useGateway({ GATEWAY_SANDBOX: "true" });

const INPUT_VARIABLE = "$input: CreateMeetingInput!";
/** `count` createMeeting fields under aliases m0, m1, … in one mutation. */
const creates = (count: number) =>
  `mutation Many(${INPUT_VARIABLE}) { ${Array.from({ length: count }, (_, i) => `m${i}: createMeeting(input: $input) { id }`).join(" ")} }`;
/** A valid query `levels` deep: __type { ofType { ofType { … { name } } } } (no lists, cheap to run). */
const deepIntrospection = (levels: number) =>
  `{ __type(name: "Mutation") { ${"ofType { ".repeat(levels - 2)}name${" }".repeat(levels - 2)} } }`;
const messages = (answer: GraphQLResponse) => answer.body.errors?.map((e) => e.message).join("\n") ?? "";

/** Refused before execution: HTTP 400, a GraphQL error saying why, nothing sent upstream. */
async function expectRefused(answer: GraphQLResponse, why: RegExp) {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(messages(answer)).toMatch(why);
  expect(sim.requests).toHaveLength(0);
  // …and the gateway keeps serving: a normal create right after succeeds.
  const next = await gateway.request(CreateOnlyDocument, { input: minimalInput() });
  expect(next.body.data?.createMeeting?.id).toBeTruthy();
}

describe("what Sandbox and codegen send passes", () => {
  test.each([
    ["graphql-js's default", getIntrospectionQuery()],
    [
      "with every option on",
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ],
  ])("the full introspection query (%s)", async (_name, query) => {
    const answer = await gateway.post({ query, operationName: "IntrospectionQuery" });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect((answer.body.data as any).__schema.mutationType.name).toBe("Mutation");
  });

  test("an introspection query with a deeper ofType chain than graphql-js 16's (newer tools send one)", async () => {
    const query = getIntrospectionQuery();
    const innermost = query.lastIndexOf("kind") + "kind".length; // the end of the TypeRef chain
    const deeper = `${query.slice(0, innermost)} ofType { name kind ofType { name kind } }${query.slice(innermost)}`;
    const answer = await gateway.post({ query: deeper, operationName: "IntrospectionQuery" });
    expect(answer.body.errors).toBeUndefined();
  });

  test("__schema nesting that would blow up the answer is still refused (graphql-js's introspection rule)", async () => {
    const nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }";
    await expectRefused(await gateway.post({ query: nested }), /introspection depth/i);
  });

  test("the example createMeeting operation, and 5 creates in one operation (the limit)", async () => {
    const one = await gateway.request(CreateOnlyDocument, { input: minimalInput() });
    expect(one.body.data?.createMeeting?.id).toBeTruthy();
    const five = await gateway.post({ query: creates(5), variables: { input: minimalInput() } });
    expect(five.body.errors).toBeUndefined();
    expect(sim.createRequests).toHaveLength(6);
  });
});

describe("refused before execution (HTTP 400, nothing upstream)", () => {
  test("a query 200 levels deep", async () => {
    await expectRefused(await gateway.post({ query: deepIntrospection(200) }), /depth limit of 15 exceeded, found 200/);
  });

  test("one level over the limit is refused; one under passes", async () => {
    const refused = await gateway.post({ query: deepIntrospection(16) });
    expect(refused.status).toBe(400);
    expect(messages(refused)).toMatch(/depth limit of 15 exceeded, found 16/);
    const allowed = await gateway.post({ query: deepIntrospection(14) });
    expect(allowed.body.errors).toBeUndefined();
  });

  test("2000 aliases (stopped by the token limit while parsing)", async () => {
    const query = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: ping`).join(" ")} }`;
    await expectRefused(await gateway.post({ query }), /more tha[nt] 2000 tokens/);
  });

  test("31 aliases", async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: ping`).join(" ")} }`;
    await expectRefused(await gateway.post({ query }), /Aliases limit of 30 exceeded, found 31/);
  });

  test("50 createMeeting in one operation", async () => {
    const answer = await gateway.post({ query: creates(50), variables: { input: minimalInput() } });
    await expectRefused(answer, /change at most 5 meetings.*this one has 50 such fields/);
  });

  test("6 createMeeting hidden in fragments", async () => {
    const query = `mutation Six(${INPUT_VARIABLE}) { ...Three ...Other }
      fragment Three on Mutation { a: createMeeting(input: $input) { id } b: createMeeting(input: $input) { id } ...One }
      fragment One on Mutation { c: createMeeting(input: $input) { id } }
      fragment Other on Mutation { d: createMeeting(input: $input) { id } e: createMeeting(input: $input) { id } f: createMeeting(input: $input) { id } }`;
    await expectRefused(await gateway.post({ query, variables: { input: minimalInput() } }), /this one has 6 such fields/);
  });

  test("the cap counts every field that changes something: 2 creates, 2 updates, 1 cancel and 1 setMeetingInvitees", async () => {
    const query = `mutation Mixed(${INPUT_VARIABLE}) {
      a: createMeeting(input: $input) { id } b: createMeeting(input: $input) { id }
      c: updateMeeting(id: "m", input: { title: "x" }) { id } d: updateMeeting(id: "m", input: { title: "y" }) { id }
      e: cancelMeeting(id: "m") { id } f: setMeetingInvitees(id: "m", invitees: ["lisi"]) { id } }`;
    await expectRefused(await gateway.post({ query, variables: { input: minimalInput() } }), /change at most 5 meetings.*6 such fields/);
  });
});

describe("HTTP-level refusals", () => {
  test("a 5 MiB body: 413 in GraphQL's error shape", async () => {
    const body = JSON.stringify({ query: "{ ping }", variables: { padding: "x".repeat(5 * 1024 * 1024) } });
    const answer = await gateway.post(body);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(/larger than the 1048576-byte limit/), extensions: { code: "BAD_REQUEST" } }] });
    expect(sim.requests).toHaveLength(0);
  });

  test("malformed JSON: a clean 400", async () => {
    const answer = await gateway.post('{"query": "{ ping }"');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
  });

  test("a batched request is refused, saying so", async () => {
    const answer = await gateway.post([
      { query: print(CreateOnlyDocument), variables: { input: minimalInput() } },
      { query: "{ ping }" },
    ]);
    expect(answer.status).toBe(400);
    expect(messages(answer)).toMatch(/batching disabled/i);
    expect(sim.requests).toHaveLength(0);
  });

  test("a mutation over GET is refused (405)", async () => {
    const query = encodeURIComponent(`mutation M(${INPUT_VARIABLE}) { createMeeting(input: $input) { id } }`);
    const variables = encodeURIComponent(JSON.stringify({ input: minimalInput() }));
    const response = await fetch(`${gateway.url}/graphql?query=${query}&variables=${variables}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].message).toMatch(/GET requests only support query operations/);
    expect(sim.requests).toHaveLength(0);
  });

  test("a cross-site 'simple' POST (text/plain) is refused by CSRF prevention", async () => {
    const body = JSON.stringify({ query: `mutation M(${INPUT_VARIABLE}) { createMeeting(input: $input) { id } }`, variables: { input: minimalInput() } });
    const answer = await gateway.post(body, { "content-type": "text/plain", origin: "https://evil.example.net" });
    expect(answer.status).toBe(400);
    expect(messages(answer)).toMatch(/Cross-Site Request Forgery/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe("every limit is configurable", () => {
  test("GATEWAY_MAX_DEPTH, _ALIASES, _CREATE_MEETINGS, _TOKENS, _COST", async () => {
    const strict = await startGateway(
      productionEnv(sim, {
        GATEWAY_SANDBOX: "true",
        GATEWAY_MAX_DEPTH: "3",
        GATEWAY_MAX_ALIASES: "0",
        GATEWAY_MAX_CREATE_MEETINGS: "1",
        GATEWAY_MAX_TOKENS: "200",
        GATEWAY_MAX_COST: "100",
      }),
    );
    try {
      const twoCreates = `mutation Two(${INPUT_VARIABLE}) { createMeeting(input: $input) { id } ...Again }
        fragment Again on Mutation { createMeeting(input: $input) { title } }`;
      const cases: Array<[string, RegExp]> = [
        [deepIntrospection(4), /depth limit of 3 exceeded, found 4/],
        ["{ a: ping }", /Aliases limit of 0 exceeded, found 1/],
        [twoCreates, /at most 1 meetings.*this one has 2/],
        [`{ ${"ping ".repeat(201)}}`, /more tha[nt] 200 tokens/],
        [`{ ${"ping ".repeat(150)}}`, /Cost limit of 100 exceeded, found 150/],
      ];
      for (const [query, why] of cases) {
        const answer = await strict.post({ query, variables: { input: minimalInput() } });
        expect({ status: answer.status, message: messages(answer) }).toEqual({ status: 400, message: expect.stringMatching(why) });
      }
      expect(sim.requests).toHaveLength(0);
      const one = await strict.request(CreateOnlyDocument, { input: minimalInput() });
      expect(one.body.data?.createMeeting?.id).toBeTruthy();
    } finally {
      await strict.stop();
    }
  });
});
