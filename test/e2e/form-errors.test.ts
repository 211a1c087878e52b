// Errors a form can use (CONTRACT §12): every entry of `extensions.fields` has a code from the
// README's list, bounded values carry their `limit`, and `path` is the argument path whoever found
// the problem: GraphQL's coercion, the check of over-long lists, or the rules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useGateway } from "../support/fixture";
import { bookMeeting, extensionsOf, gql } from "../support/helpers";
import { minimalInput } from "../support/inputs";
import type { GraphQLResponse } from "../support/gateway";

const { sim, gateway } = useGateway();

/** The codes of the README's "Field codes" table. */
const LISTED = (() => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("**Field codes**"));
  const codes = [...table.slice(0, table.indexOf("\n\n", table.indexOf("| --- |"))).matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  return new Set(codes);
})();

interface Field { path: string; message: string; code: string; limit?: number }
const fieldsOf = (answer: GraphQLResponse): Field[] => extensionsOf(answer).fields ?? [];

const CREATE = "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";
const UPDATE = "mutation($id: ID!, $m: UpdateMeetingInput!) { updateMeeting(id: $id, input: $m) { id } }";
const SET = "mutation($id: ID!, $inv: [String!]!) { setMeetingInvitees(id: $id, invitees: $inv) { id } }";
const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i}`);

test("the README lists the field codes", () => {
  expect(LISTED.size).toBeGreaterThan(10);
  expect(LISTED).toContain("TOO_LONG");
});

test("every entry has a listed code; bounded ones carry their limit, in the message's unit", async () => {
  const answer = await gql(gateway, CREATE, {
    input: {
      ...minimalInput(),
      title: "t".repeat(41),
      meetingStart: new Date(Date.now() - 60_000).toISOString(),
      meetingDuration: 120,
      description: "d".repeat(501),
      invitees: [...users(300), "extra"],
      settings: { password: "123", hosts: ["lisi", "lisi"] },
    },
  });
  const fields = fieldsOf(answer);
  expect(fields.length).toBeGreaterThan(5);
  for (const field of fields) expect(LISTED).toContain(field.code);
  const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
  expect(byPath["input.title"]).toMatchObject({ code: "TOO_LONG", limit: 40, message: expect.stringMatching(/at most 40 bytes/) });
  expect(byPath["input.meetingStart"]).toMatchObject({ code: "NOT_IN_FUTURE" });
  expect(byPath["input.meetingDuration"]).toMatchObject({ code: "TOO_SMALL", limit: 300, message: expect.stringMatching(/at least 300 seconds.*this is 120/) });
  expect(byPath["input.description"]).toMatchObject({ code: "TOO_LONG", limit: 500 });
  expect(byPath["input.invitees"]).toMatchObject({ code: "TOO_MANY", limit: 300 });
  expect(byPath["input.settings.password"]).toMatchObject({ code: "TOO_SHORT", limit: 4 });
  expect(byPath["input.settings.hosts.1"]).toMatchObject({ code: "DUPLICATE" });
  expect(byPath["input.settings.hosts.1"].limit).toBeUndefined();
  expect(sim.requests).toHaveLength(0);
});

test("GraphQL's own coercion: listed codes, whatever the mistake", async () => {
  const answer = await gql(gateway, CREATE, {
    input: { ...minimalInput(), title: undefined, meetingDuration: "long", invitees: ["lisi", 7], settings: { remindScope: "LOUD" }, colour: "red", meetingStart: "soon" },
  });
  const codes = Object.fromEntries(fieldsOf(answer).map((f) => [f.path, f.code]));
  expect(codes).toEqual({
    "input.title": "REQUIRED",
    "input.meetingDuration": "INVALID_TYPE",
    "input.invitees.1": "INVALID_TYPE",
    "input.settings.remindScope": "INVALID_CHOICE",
    "input.colour": "UNKNOWN_FIELD",
    "input.meetingStart": "INVALID_FORMAT",
  });
  for (const code of Object.values(codes)) expect(LISTED).toContain(code);
});

test("values written in the query itself: the same codes, at their argument paths", async () => {
  const query = `mutation { createMeeting(input: {
    adminUserId: "zhangsan", meetingStart: "soon", meetingDuration: "x", settings: { remindScope: LOUD, hue: 1 }
  }) { id } }`;
  const answer = await gql(gateway, query);
  expect(answer.status).toBe(400);
  expect(Object.fromEntries(fieldsOf(answer).map((f) => [f.path, f.code]))).toEqual({
    "input.title": "REQUIRED",
    "input.meetingStart": "INVALID_FORMAT",
    "input.meetingDuration": "INVALID_TYPE",
    "input.settings.remindScope": "INVALID_CHOICE",
    "input.settings.hue": "UNKNOWN_FIELD",
  });
  const missing = await gql(gateway, "{ meeting { id } }");
  expect(fieldsOf(missing)).toEqual([{ path: "id", code: "REQUIRED", message: expect.stringMatching(/is required/) }]);
});

describe("paths are argument paths, never a variable's name", () => {
  test("a coercion error names the argument the variable is used in (`$m` → input)", async () => {
    const id = await bookMeeting(gateway);
    const answer = await gql(gateway, UPDATE, { id, m: { meetingStart: "tomorrow at ten" } });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual([{ path: "input.meetingStart", code: "INVALID_FORMAT", message: expect.any(String) }]);
  });

  test("a variable inside a written object is named by where it stands (`input.meetingDuration`)", async () => {
    const query = "mutation($d: Int!) { createMeeting(input: { adminUserId: \"zhangsan\", title: \"t\", meetingStart: \"2099-01-01T00:00:00Z\", meetingDuration: $d }) { id } }";
    const answer = await gql(gateway, query, { d: 2 ** 40 });
    expect(fieldsOf(answer)).toEqual([{ path: "input.meetingDuration", code: "TOO_LARGE", limit: 2147483647, message: expect.any(String) }]);
  });

  test("the over-long-list check names the argument (`$inv` → invitees)", async () => {
    const answer = await gql(gateway, SET, { id: "any-meeting", inv: users(2001) });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual([{ path: "invitees", code: "TOO_MANY", limit: 2000, message: expect.stringMatching(/at most 2000/) }]);
    expect(sim.requests).toHaveLength(0);
  });

  test("a rule violation names the argument as well (`$m` → input)", async () => {
    const id = await bookMeeting(gateway);
    const answer = await gql(gateway, UPDATE, { id, m: { title: "t".repeat(41) } });
    expect(fieldsOf(answer)).toEqual([{ path: "input.title", code: "TOO_LONG", limit: 40, message: expect.any(String) }]);
  });
});
