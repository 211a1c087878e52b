// Trusted documents (CONTRACT §12): with GATEWAY_TRUSTED_DOCUMENTS, users and anonymous callers
// run only the documents of the manifests (by id, by Apollo's persisted-query hash, or as listed
// text); services run anything; a refusal is HTTP 400 and nothing reaches WeCom.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useGateway } from "../support/fixture";
import { codeOf, eventually } from "../support/helpers";
import { productionEnv, runGatewayToExit, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

const KEY = "trusted-documents-backend-key";
const service = { authorization: `Bearer ${KEY}` };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The app's manifest, as `npm run codegen` writes it for schema/operations/ (ids `sha256:<hex>`). */
const OPERATIONS_MANIFEST = join(__dirname, "..", "..", "schema", "persisted", "persisted-documents.json");
const operations: Record<string, string> = require(OPERATIONS_MANIFEST);
const [createId, createText] = Object.entries(operations).find(([, text]) => text.startsWith("mutation CreateMeeting("))!;

/** A second manifest with bare-hex ids, as Apollo's persisted-query link names documents. */
const SIGN_IN = "mutation SignIn($code: String!) { signInWithWecom(code: $code) { token } }";
const ME = "query Me { me { kind userId } }";
const PING = "query Ping { ping }";
const dir = mkdtempSync(join(tmpdir(), "trusted-documents-"));
const APP_MANIFEST = join(dir, "app.json");
writeFileSync(APP_MANIFEST, JSON.stringify(Object.fromEntries([SIGN_IN, ME, PING].map((text) => [sha256(text), text]))));

const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_SESSION_SECRET: "trusted-documents-session-secret-0123456789",
  GATEWAY_TRUSTED_DOCUMENTS: `${OPERATIONS_MANIFEST}, ${APP_MANIFEST}`,
});

/** zhangsan, signed in by the sign-in document's id, with no credential (as an app does). */
async function user(): Promise<Record<string, string>> {
  const answer = await gateway.post({ documentId: sha256(SIGN_IN), variables: { code: sim.oauthCode("zhangsan") } });
  expect(answer.body.errors).toBeUndefined();
  return { authorization: `Bearer ${(answer.body.data as any).signInWithWecom.token}` };
}

const createVariables = () => ({ input: minimalInput({ title: "Trusted" }) });

describe("a user runs the manifests' documents", () => {
  test("by documentId with the sha256: prefix", async () => {
    const answer = await gateway.post({ documentId: createId, variables: createVariables() }, await user());
    expect(answer.status).toBe(200);
    expect((answer.body.data as any).createMeeting).toMatchObject({ title: "Trusted", adminUserId: "zhangsan" });
    expect(sim.calls("meeting/create")).toHaveLength(1);
  });

  test("by documentId as bare hex, in either case", async () => {
    const headers = await user();
    const requests = [
      { documentId: sha256(ME) },
      { documentId: sha256(ME).toUpperCase() },
      { documentId: `sha256:${sha256(ME)}` },
      { documentId: createId.replace("sha256:", ""), variables: createVariables() },
    ];
    for (const body of requests) {
      const answer = await gateway.post(body, headers);
      expect({ body, status: answer.status, errors: answer.body.errors }).toEqual({ body, status: 200, errors: undefined });
    }
    expect(sim.calls("meeting/create")).toHaveLength(1);
  });

  test("by Apollo's persisted-query extension (a lookup, with or without the prefix)", async () => {
    const headers = await user();
    const me = await gateway.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ME) } } }, headers);
    expect(me.body).toEqual({ data: { me: { kind: "USER", userId: "zhangsan" } } });
    const create = await gateway.post({ variables: createVariables(), extensions: { persistedQuery: { version: 1, sha256Hash: createId } } }, headers);
    expect((create.body.data as any)?.createMeeting?.title).toBe("Trusted");
  });

  test("as text, when the text's SHA-256 is listed", async () => {
    const answer = await gateway.post({ query: createText, variables: createVariables() }, await user());
    expect((answer.body.data as any)?.createMeeting?.title).toBe("Trusted");
  });

  test("by documentId over GET", async () => {
    const response = await fetch(`${gateway.url}/graphql?documentId=${sha256(ME)}`, { headers: { ...(await user()), "apollo-require-preflight": "1" } });
    expect(await response.json()).toEqual({ data: { me: { kind: "USER", userId: "zhangsan" } } });
  });
});

describe("anything else is refused with 400 before it is parsed, and nothing is sent", () => {
  const refusals: Array<[string, () => Promise<Record<string, string>>, unknown, string]> = [
    ["a user's unlisted text", user, { query: "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", variables: createVariables() }, "PERSISTED_QUERY_REQUIRED"],
    ["a user's listed text with a byte changed", user, { query: `${createText} `, variables: createVariables() }, "PERSISTED_QUERY_REQUIRED"],
    ["an anonymous caller's unlisted text", async () => ({}), { query: "{ me { kind } }" }, "PERSISTED_QUERY_REQUIRED"],
    ["an anonymous caller's unlisted sign-in", async () => ({}), { query: "mutation { signInWithWecom(code: \"x\") { token } }" }, "PERSISTED_QUERY_REQUIRED"],
    ["a user's text that is not GraphQL at all", user, { query: "{{{{" }, "PERSISTED_QUERY_REQUIRED"],
    ["an unknown documentId", user, { documentId: `sha256:${sha256("query { nothing }")}` }, "PERSISTED_QUERY_NOT_FOUND"],
    ["a documentId that is no id", user, { documentId: "CreateMeeting" }, "PERSISTED_QUERY_NOT_FOUND"],
    ["an unknown persisted-query hash", user, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256("{ ping }") } } }, "PERSISTED_QUERY_NOT_FOUND"],
    ["an unknown id from a service", async () => service, { documentId: sha256("{ ping }") }, "PERSISTED_QUERY_NOT_FOUND"],
    ["both a documentId and text", user, { documentId: sha256(ME), query: ME }, "BAD_REQUEST"],
  ];
  test.each(refusals)("%s", async (_what, headers, body, code) => {
    const sent = await headers(); // a user's sign-in is the one upstream call before
    const before = sim.requests.length;
    const answer = await gateway.post(body, sent);
    expect({ status: answer.status, code: codeOf(answer), data: answer.body.data }).toEqual({ status: 400, code, data: undefined });
    expect(sim.requests.length).toBe(before);
    expect(sim.calls("meeting/create")).toHaveLength(0);
  });

  test("a user's unlisted text over GET", async () => {
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent("{ me { userId } }")}`, { headers: { ...(await user()), "apollo-require-preflight": "1" } });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions.code).toBe("PERSISTED_QUERY_REQUIRED");
  });

  test("the request log names the refusal", async () => {
    const answer = await gateway.post({ query: "{ ping }" });
    const id = answer.headers.get("x-request-id");
    const line = await eventually(() => gateway.logs().find((l) => l.msg === "graphql request" && l.requestId === id), "the request's log line");
    expect(line).toMatchObject({ caller: "anonymous", status: 400, outcome: "PERSISTED_QUERY_REQUIRED" });
  });
});

describe("a service caller (API key) is a trusted backend", () => {
  test("it may send any document", async () => {
    const answer = await gateway.post({ query: "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { title } }", variables: createVariables() }, service);
    expect(answer.body).toEqual({ data: { createMeeting: { title: "Trusted" } } });
  });

  test("and may name a listed one by id", async () => {
    const answer = await gateway.post({ documentId: sha256(PING) }, service);
    expect(answer.body).toEqual({ data: { ping: true } });
  });

  test("registering a document (text with its hash) stays refused: automatic persisted queries are off", async () => {
    const answer = await gateway.post({ query: PING, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(PING) } } }, service);
    expect(codeOf(answer)).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    expect(answer.body.data).toBeUndefined();
  });
});

describe("the manifests at start", () => {
  test("the start log says how many documents were loaded from where", () => {
    const line = gateway.logs().find((l) => l.trustedDocuments !== undefined);
    expect(line).toMatchObject({ trustedDocuments: Object.keys(operations).length + 3, manifests: { [OPERATIONS_MANIFEST]: Object.keys(operations).length, [APP_MANIFEST]: 3 } });
    expect(line?.msg).toContain(APP_MANIFEST);
  });

  const broken: Array<[string, string | undefined]> = [
    ["missing", undefined],
    ["not JSON", "{ not json"],
    ["not an object of texts", JSON.stringify([ME])],
    ["an id that is not the SHA-256 of its text", JSON.stringify({ [`sha256:${sha256(PING)}`]: ME })],
  ];
  test.each(broken)("a manifest %s stops the start, naming the file", async (_what, content) => {
    const file = join(dir, `broken-${Math.random().toString(36).slice(2)}.json`);
    if (content !== undefined) writeFileSync(file, content);
    const { code, output } = await runGatewayToExit(productionEnv(sim, { GATEWAY_API_KEYS: KEY, GATEWAY_TRUSTED_DOCUMENTS: `${APP_MANIFEST},${file}` }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/GATEWAY_TRUSTED_DOCUMENTS: (cannot load )?the manifest/);
    expect(output).toContain(file);
    expect(output).not.toMatch(/gateway listening/);
  });
});

describe("without GATEWAY_TRUSTED_DOCUMENTS", () => {
  test("every document runs; a documentId is refused saying what to set; a hash alone stays Apollo's refusal", async () => {
    const open = await startGateway(productionEnv(sim));
    try {
      expect((await open.post({ query: "{ ping }" })).body).toEqual({ data: { ping: true } });
      const byId = await open.post({ documentId: sha256(PING) });
      expect({ status: byId.status, code: codeOf(byId) }).toEqual({ status: 400, code: "PERSISTED_QUERY_NOT_FOUND" });
      expect(byId.body.errors?.[0]?.message).toContain("GATEWAY_TRUSTED_DOCUMENTS");
      const byHash = await open.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(PING) } } });
      expect(codeOf(byHash)).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    } finally {
      await open.stop();
    }
  });
});
