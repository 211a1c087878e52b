// The pricing of an operation before it runs (pure logic; the HTTP behaviour is in request-bounds.test.ts).
import { readFileSync } from "node:fs";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { documentCost } from "../../src/server/document-cost";
import { OperationValues } from "../../src/server/operation-values";
import { estimateUpstreamCalls } from "../../src/server/upstream-estimate";
import { checkUpstreamPrices } from "../../src/server/upstream-prices";

const schema = buildSchema(readFileSync(`${__dirname}/../../schema/schema.graphql`, "utf8"));

function price(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
  const root = schema.getRootType(operation.operation)!;
  const values = new OperationValues(document, operation, variables);
  return { calls: estimateUpstreamCalls(schema, root, operation.selectionSet, values), cost: documentCost(root, operation.selectionSet, values) };
}

test("the pricing table covers every field of Query, Mutation and Meeting, and names no field the schema lacks", () => {
  expect(() => checkUpstreamPrices(schema)).not.toThrow();
  const extended = buildSchema(`${readFileSync(`${__dirname}/../../schema/schema.graphql`, "utf8")}\nextend type Meeting { recordings: [String!]! }`);
  expect(() => checkUpstreamPrices(extended)).toThrow(/Meeting\.recordings has no line/);
});

test.each([
  ["a create answering what it sent", 'mutation { createMeeting(input: $i) { id excessUsers } }', 1],
  ["a create answering its join link: one get_info more", "mutation { createMeeting(input: $i) { id meetingLink } }", 2],
  ["a read: its get_info serves every field", "{ meeting(id: \"m\") { title status attendees { userId } settings { hosts } } }", 1],
  ["a read with invitees", '{ meeting(id: "m") { title invitees } }', 2],
  ["a listing's cursors alone", '{ meetings(userId: "u") { edges { cursor } } }', 3],
  ["the default page of 20 with details: one get_info per meeting however many fields", '{ meetings(userId: "u") { edges { node { title status meetingCode } } } }', 23],
  ["the same fields reached through aliases and a fragment", '{ meetings(userId: "u", first: 10) { edges { node { a: title ...F b: status } } } } fragment F on Meeting { meetingLink }', 13],
  ["a skipped listing", '{ meetings(userId: "u", first: 100) @skip(if: true) { edges { node { title } } } ping }', 0],
  ["five changes", 'mutation { a: updateMeeting(id: "1", input: {title: "x"}) { id } b: cancelMeeting(id: "1") { id } c: setMeetingInvitees(id: "1", invitees: []) { id } d: updateMeeting(id: "2", input: {title: "y"}) { id } e: cancelMeeting(id: "2") { id } }', 10],
])("%s", (_name, query, calls) => {
  expect(price(query.replace("$i", "{}")).calls).toBe(calls);
});

test("first is read from the variables, the variable's default and the schema's default alike", () => {
  const listing = (first: string) => `meetings(userId: "u"${first}) { edges { node { invitees } } }`;
  const literal = price(`{ ${listing(", first: 100")} }`);
  expect(literal).toEqual({ calls: 103, cost: 1287.5 });
  expect(price(`query($n: Int) { ${listing(", first: $n")} }`, { n: 100 })).toEqual(literal);
  expect(price(`query($n: Int = 100) { ${listing(", first: $n")} }`)).toEqual(literal);
  expect(price(`query($n: Int) { ${listing(", first: $n")} }`).calls).toBe(23); // $n not sent: the schema's 20
  // Out of range: refused by the rules (naming first) before any call, so priced as nothing listed.
  expect(price(`query($n: Int) { ${listing(", first: $n")} }`, { n: 5000 }).calls).toBe(3);
  expect(price(`query($skip: Boolean!) { ${listing("").replace("{ edges", "@skip(if: $skip) { edges")} }`, { skip: true }).calls).toBe(0);
});

test("a fragment spread many times is priced once per place (no exponential walk)", () => {
  const levels = 30;
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Meeting { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : "title"} }`).join(" ");
  // 2^30 fields if each spread were walked: the test would time out.
  expect(price(`{ meeting(id: "m") { ...F0 } } ${fragments}`).calls).toBe(1);
});

test("a status filter prices the statuses it may read, given as a list, as one value (a list of one) or in a variable", () => {
  const listing = (status: string) => `meetings(userId: "u", first: 1${status}) { edges { cursor } }`;
  const filtered = price(`{ ${listing(", status: [ENDED]")} }`).calls;
  expect(filtered).toBe(203); // up to 200 statuses examined, over up to 3 listing calls
  expect(price(`{ ${listing(", status: ENDED")} }`).calls).toBe(filtered);
  expect(price(`query($s: [MeetingStatus!]) { ${listing(", status: $s")} }`, { s: "ENDED" }).calls).toBe(filtered);
  expect(price(`query($s: [MeetingStatus!]) { ${listing(", status: $s")} }`, { s: [] }).calls).toBe(3);
  expect(price(`{ ${listing("")} }`).calls).toBe(3);
});
