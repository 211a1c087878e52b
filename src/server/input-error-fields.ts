import {
  BREAK,
  Kind,
  parse,
  visit,
  type ASTNode,
  type GraphQLError,
  type GraphQLFormattedError,
} from "graphql";
import type { FieldError } from "./error-mapping";

// GraphQL's own input failures (variable coercion, wrong literals, missing arguments) become
// the same shape as the gateway's input rules: `fields: [{ path, message }]`, paths like
// "input.settings.remindScope", so a form can show every message next to its field. Messages
// never repeat the value sent (a password, a megabyte of text): they say what was expected.

const VARIABLE = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s;
const VARIABLE_MISSING = /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const REQUIRED_FIELD = /^Field "(?:\w+\.)?(\w+)" of required type "([^"]+)" was not provided\.$/;
const UNKNOWN_FIELD = /^Field "(\w+)" is not defined by type "(\w+)"\.?/;
const ARGUMENT_MISSING = /^Field "\w+" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\.$/;
const LITERAL_VALUE = /cannot represent|does not exist in "\w+" enum|^Expected value of type|of required type .* was not provided|is not defined by type/;
const CANNOT_REPRESENT = /^(\w+) cannot represent/;
const NOT_IN_ENUM = /^Value .* does not exist in "(\w+)" enum\.?(.*)$/s;
const EXPECTED_TYPE = /^Expected (?:value of )?type "?([\w![\]]+)"?/;
const SUGGESTION = /\s*Did you mean .*$/s;

const SCALARS: Record<string, string> = {
  String: "must be a string",
  Int: "must be a whole number from -2147483648 to 2147483647",
  Float: "must be a number",
  Boolean: "must be true or false",
  ID: "must be a string or a whole number",
  DateTimeISO: "must be a date-time in ISO 8601 with a time zone, e.g. 2030-01-31T09:30:00+08:00",
  DateTime: "must be a date-time in ISO 8601 with a time zone, e.g. 2030-01-31T09:30:00+08:00", // graphql-scalars' wording
};

/** The fields of an input error, or undefined when `error` is not about input values. */
export function inputErrorFields(
  formatted: GraphQLFormattedError,
  error: GraphQLError,
  options: { hideSchemaDetails: boolean },
): FieldError[] | undefined {
  const message = formatted.message;
  const variable = VARIABLE.exec(message);
  if (variable) {
    const [, name, at, reason] = variable;
    return [describe(dotted(at ?? name), reason, options)];
  }
  const missing = VARIABLE_MISSING.exec(message);
  if (missing) return [{ path: missing[1], message: "is required" }];
  const argument = ARGUMENT_MISSING.exec(message);
  if (argument) return [{ path: argument[1], message: `is required (${argument[2]})` }];
  if (formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED" && LITERAL_VALUE.test(message)) {
    return [describe(literalPath(error) ?? "input", message, options)];
  }
  return undefined;
}

/** A graphql-js reason as a field message, moving a named sub-field into the path. */
function describe(path: string, reason: string, options: { hideSchemaDetails: boolean }): FieldError {
  const required = REQUIRED_FIELD.exec(reason);
  if (required) return { path: `${path}.${required[1]}`, message: `is required (${required[2]})` };
  const unknown = UNKNOWN_FIELD.exec(reason);
  if (unknown) return { path: `${path}.${unknown[1]}`, message: `is not a field of ${unknown[2]}` };
  const scalar = CANNOT_REPRESENT.exec(reason);
  if (scalar) return { path, message: SCALARS[scalar[1]] ?? `is not a valid ${scalar[1]}` };
  const notInEnum = NOT_IN_ENUM.exec(reason);
  if (notInEnum) {
    const suggestion = options.hideSchemaDetails ? "" : notInEnum[2].replace(/^\s*/, " ");
    return { path, message: `is not a value of ${notInEnum[1]}${suggestion}`.trimEnd() };
  }
  const expected = EXPECTED_TYPE.exec(reason);
  if (expected) return { path, message: `must be a ${expected[1]}` };
  const text = options.hideSchemaDetails ? reason.replace(SUGGESTION, "") : reason;
  return { path, message: text.length > 200 ? `${text.slice(0, 200)}…` : text };
}

/** graphql-js prints list positions as `[2]`; the gateway's paths say `.2`. */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, ".$1");

/** Where in the operation's arguments a wrong literal stands, e.g. "input.invitees.1". */
function literalPath(error: GraphQLError): string | undefined {
  const target = error.nodes?.[0]?.loc?.start;
  const body = error.source?.body;
  if (target === undefined || !body) return undefined;
  let found: string | undefined;
  visit(parse(body), {
    enter(node, _key, parent, _path, ancestors) {
      if (node.loc?.start !== target || !node.kind.endsWith("Value")) return undefined;
      found = pathThrough([...ancestors, parent as ASTNode, node]); // visit keeps the parent apart
      return BREAK;
    },
  });
  return found;
}

function pathThrough(chain: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): string {
  const parts: string[] = [];
  chain.forEach((step, i) => {
    if (Array.isArray(step)) return;
    const node = step as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) parts.push(node.name.value);
    if (node.kind === Kind.LIST) {
      const item = chain[i + 2] as ASTNode | undefined; // chain: list, its values array, the item
      if (item) parts.push(String(node.values.indexOf(item as never)));
    }
  });
  return parts.join(".");
}
