import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLInputType,
  type ValueNode,
} from "graphql";
import { problem, type FieldError, type Problem } from "../rules/input-error";

// What is wrong with a value GraphQL refused, worked out from the value and the type it was meant
// to have (never from graphql-js's English messages, which an upgrade may reword), in the input
// rules' shape: the argument path, a code, a message that never repeats the value.

const DATE_TIME = problem("INVALID_FORMAT", "must be a date-time in ISO 8601 with a time zone, e.g. 2030-01-31T09:30:00+08:00");
const SCALARS: Readonly<Record<string, Problem>> = {
  String: problem("INVALID_TYPE", "must be a string"),
  Int: problem("INVALID_TYPE", "must be a whole number from -2147483648 to 2147483647"),
  Float: problem("INVALID_TYPE", "must be a number"),
  Boolean: problem("INVALID_TYPE", "must be true or false"),
  ID: problem("INVALID_TYPE", "must be a string or a whole number"),
  DateTimeISO: DATE_TIME,
  DateTime: DATE_TIME,
};
const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;

export interface ProblemOptions {
  /** Where the schema is hidden, an enum's values are not listed either. */
  hideSchemaDetails: boolean;
}

export const at = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/**
 * The problems of `value` as a `type` at `path` itself: not of its items or fields' values, which
 * GraphQL reports at their own paths. For an object: each required field missing (and, unless
 * `presentFields` names the fields written, each field the type lacks).
 */
export function problemsAt(path: string, value: unknown, type: GraphQLInputType, options: ProblemOptions, presentFields?: readonly string[]): FieldError[] {
  if (value === null || value === undefined) return isNonNullType(type) ? [{ path, ...problem("REQUIRED", `is required (${String(type)})`) }] : [];
  const named = getNullableType(type);
  if (isListType(named)) return [];
  if (isInputObjectType(named)) {
    if (typeof value !== "object" || Array.isArray(value)) return [{ path, ...problem("INVALID_TYPE", `must be an object (${named.name})`) }];
    const fields = named.getFields();
    const given = presentFields ?? Object.keys(value);
    const found: FieldError[] = [];
    for (const field of Object.values(fields)) {
      if (isNonNullType(field.type) && field.defaultValue === undefined && !given.includes(field.name)) {
        found.push({ path: at(path, field.name), ...problem("REQUIRED", `is required (${String(field.type)})`) });
      }
    }
    if (!presentFields) for (const key of given) if (!Object.hasOwn(fields, key)) found.push(unknownField(at(path, key), named.name));
    return found;
  }
  if (isEnumType(named)) {
    const values = options.hideSchemaDetails ? "" : ` (one of ${named.getValues().map((v) => v.name).join(", ")})`;
    return [{ path, ...problem("INVALID_CHOICE", `is not a value of ${named.name}${values}`) }];
  }
  if (named.name === "Int" && typeof value === "number" && Number.isInteger(value)) {
    const beyond = value > INT_MAX ? problem("TOO_LARGE", `must be at most ${INT_MAX}`, INT_MAX) : value < INT_MIN ? problem("TOO_SMALL", `must be at least ${INT_MIN}`, INT_MIN) : undefined;
    if (beyond) return [{ path, ...beyond }];
  }
  return [{ path, ...(SCALARS[named.name] ?? problem("INVALID_FORMAT", `is not a valid ${named.name}`)) }];
}

export const unknownField = (path: string, typeName: string): FieldError => ({ path, ...problem("UNKNOWN_FIELD", `is not a field of ${typeName}`) });

/** The type at `segments` below `type` (fields of input objects, items of lists), if any. */
export function typeAt(type: GraphQLInputType, segments: ReadonlyArray<string | number>): GraphQLInputType | undefined {
  let current: GraphQLInputType | undefined = type;
  for (const segment of segments) {
    const named: GraphQLInputType | undefined = current && getNullableType(current);
    if (isListType(named)) current = named.ofType as GraphQLInputType;
    else if (isInputObjectType(named)) current = named.getFields()[String(segment)]?.type;
    else return undefined;
  }
  return current;
}

/**
 * The argument path where each variable is used, e.g. `$inv` in `setMeetingInvitees(invitees: $inv)`
 * → `invitees`, `$t` in `createMeeting(input: { title: $t })` → `input.title`. A variable used in
 * several places is named by its first use in the document: all uses take the same value, so the
 * first place is as right as any and stays the same across requests.
 */
export function argumentPathsOfVariables(document: DocumentNode): ReadonlyMap<string, string> {
  // Apollo keeps parsed documents, so a document is walked once, not on every request.
  let paths = pathsByDocument.get(document);
  if (!paths) pathsByDocument.set(document, (paths = walkArguments(document)));
  return paths;
}

const pathsByDocument = new WeakMap<DocumentNode, ReadonlyMap<string, string>>();

function walkArguments(document: DocumentNode): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (node: ValueNode, path: string): void => {
    if (node.kind === Kind.VARIABLE) {
      if (!paths.has(node.name.value)) paths.set(node.name.value, path);
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => walk(item, at(path, i)));
    } else if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) walk(field.value, at(path, field.name.value));
    }
  };
  visit(document, {
    Argument(node) {
      walk(node.value, node.name.value);
      return false;
    },
  });
  return paths;
}

/** The rule a path's problems count against: a list's elements share their list's. */
export const ruleOf = (path: string): string => path.replace(/(\.\d+)+$/, "");
