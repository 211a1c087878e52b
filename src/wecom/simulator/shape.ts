/**
 * The first check of every JSON body: an object, no null anywhere, every field known and of its
 * JSON type. Each endpoint describes its fields as a table (dotted paths for nested objects);
 * what is not in the table is refused (40058 naming it), as the simulator is stricter than the
 * documents where they are silent.
 */
import { refuseParam, wecomError, Refusal } from "./errors";

export type Kind =
  | "string"
  | "int" // any safe integer
  | "uint" // a safe integer ≥ 0 (the documents' uint32)
  | "bool"
  | "ints" // an array of integers
  | "users" // {"userid": [string, ...]}, create's and update's lists
  | "userObjects" // [{"userid": string}, ...], set_invitees' list
  | "object"; // nested: its fields are in the table as "<path>.<field>"

const KIND_TEXT: Record<Kind, string> = {
  string: "must be a string",
  int: "must be an integer",
  uint: "must be a non-negative integer",
  bool: "must be a boolean",
  ints: "must be an array of integers",
  users: 'must be {"userid": [string, ...]}',
  userObjects: 'must be [{"userid": string}, ...]',
  object: "must be an object",
};

/** A Map, not an object literal: a body key like "constructor" must not find Object's own. */
export type FieldTable = ReadonlyMap<string, Kind>;

/** Checks the body against the table and returns it typed; throws a Refusal at the first fault. */
export function checkShape<T>(body: unknown, fields: FieldTable): T {
  if (!isObject(body)) throw new Refusal(wecomError(47001));
  // Nulls first: they are never valid upstream, and the gateway promises never to send one.
  const nullAt = firstNull(body);
  if (nullAt !== undefined) throw new Refusal(wecomError(40058, `invalid null: ${nullAt}`));
  checkObject(body, "", fields);
  return body as T;
}

/** 40058 for the first of `keys` the body lacks. */
export function requireFields(body: object, keys: readonly string[]): void {
  for (const key of keys) if (!Object.hasOwn(body, key)) refuseParam(key, "required");
}

function checkObject(obj: Record<string, unknown>, prefix: string, fields: FieldTable): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix + key;
    const kind = fields.get(path);
    if (!kind) refuseParam(path, "unknown parameter");
    if (kind === "userObjects") {
      checkUserObjects(value, path);
      continue;
    }
    if (!hasKind(value, kind)) refuseParam(path, KIND_TEXT[kind]);
    if (kind === "object") checkObject(value as Record<string, unknown>, `${path}.`, fields);
  }
}

function checkUserObjects(value: unknown, path: string): void {
  if (!Array.isArray(value)) refuseParam(path, KIND_TEXT.userObjects);
  value.forEach((item, i) => {
    if (!isObject(item)) refuseParam(`${path}[${i}]`, 'must be {"userid": string}');
    for (const key of Object.keys(item)) if (key !== "userid") refuseParam(`${path}[${i}].${key}`, "unknown parameter");
    if (!Object.hasOwn(item, "userid")) refuseParam(`${path}[${i}].userid`, "required");
    if (typeof item.userid !== "string") refuseParam(`${path}[${i}].userid`, KIND_TEXT.string);
  });
}

function hasKind(v: unknown, kind: Exclude<Kind, "userObjects">): boolean {
  switch (kind) {
    case "string": return typeof v === "string";
    case "int": return Number.isSafeInteger(v);
    case "uint": return Number.isSafeInteger(v) && (v as number) >= 0;
    case "bool": return typeof v === "boolean";
    case "ints": return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x));
    case "object": return isObject(v);
    case "users":
      return isObject(v) && Object.keys(v).length === 1 && Array.isArray(v.userid)
        && v.userid.every((u) => typeof u === "string");
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Path of the first null, breadth-first; iterative so a deeply nested body can't overflow the stack. */
function firstNull(body: unknown): string | undefined {
  const queue: Array<[unknown, string]> = [[body, ""]];
  for (let i = 0; i < queue.length; i++) {
    const [value, path] = queue[i];
    if (value === null) return path;
    if (Array.isArray(value)) value.forEach((v, j) => queue.push([v, `${path}[${j}]`]));
    else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) queue.push([v, path ? `${path}.${k}` : k]);
    }
  }
  return undefined;
}
