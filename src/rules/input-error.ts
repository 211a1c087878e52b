/**
 * Bad input, one way everywhere: whether the input rules, GraphQL's coercion of variables and
 * literals, or the check of over-long lists found a problem, it is a FieldError with an argument
 * path, an English message, a stable code a form can translate and, where a number bounds the
 * value, that number; the answer is one BAD_USER_INPUT error listing them, bounded in size.
 */

/** Why a value is refused (stable: a frontend translates these; README "Field codes"). */
export const FIELD_CODES = [
  "REQUIRED", // missing, null, empty or blank
  "UNKNOWN_FIELD", // a field the input type does not have
  "INVALID_TYPE", // a string where a number belongs, an object where a list belongs, …
  "INVALID_FORMAT", // not a date-time, not 4 to 6 digits, …
  "INVALID_CHARACTERS", // control characters, a lone surrogate, spaces in a userid
  "INVALID_CHOICE", // not one of the values allowed
  "TOO_SHORT", // limit: the fewest bytes or characters
  "TOO_LONG", // limit: the most bytes, characters or days (a span)
  "TOO_SMALL", // limit: the smallest number
  "TOO_LARGE", // limit: the largest number
  "TOO_MANY", // limit: the most items of a list
  "OUT_OF_RANGE", // a date-time WeCom cannot hold (before 1970, after 2106)
  "NOT_IN_FUTURE", // a start not later than now
  "WRONG_ORDER", // a time not after the one it must follow
  "DUPLICATE", // a value listed twice
  "NOT_APPLICABLE", // only allowed together with another value
  "NOTHING_TO_CHANGE", // an update that changes no field
  "NOT_VALID_HERE", // a value of another context: a cursor of another listing
  "EXPIRED", // limit: a listing cursor older than its lifetime, in seconds
  "NOT_LISTED", // more problems at this path, counted (`count`), not listed one by one
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

/** One entry of `extensions.fields`. */
export interface FieldError {
  /** The argument path: `input.settings.password`, `input.invitees.2`, `invitees`, `id`. */
  path: string;
  /** English; never repeats the value sent when it could be a secret or huge. */
  message: string;
  code: FieldCode;
  /** The number that bounds the value, in the unit the message names. */
  limit?: number;
  /** With NOT_LISTED: how many problems were not listed. */
  count?: number;
}

/** A problem of one value, before it is placed at a path. */
export type Problem = Omit<FieldError, "path">;

export const problem = (code: FieldCode, message: string, limit?: number): Problem =>
  limit === undefined ? { code, message } : { code, message, limit };

/** Problems listed per rule (per list, for its elements) before the rest are only counted. */
export const MAX_PROBLEMS_PER_RULE = 3;
/** Problems listed in all before the rest are only counted. */
export const MAX_PROBLEMS = 30;
/** No argument takes a longer list (setMeetingInvitees: 2000 with the admin); longer ones are refused unread. */
export const MAX_LIST_ITEMS = 2000;

/** The GraphQL error code of every input refusal (CONTRACT §4, §5). */
export const BAD_USER_INPUT = "BAD_USER_INPUT";

/** The error's message: every field named, for clients that show only `message`. */
export function invalidInputMessage(fields: readonly FieldError[]): string {
  return `Invalid input: ${fields.map((f) => `${f.path} ${f.message}`).join("; ")}`;
}

/** The GraphQL error of an input refusal (its `path` and `locations` are the caller's to add). */
export function invalidInputAnswer(fields: readonly FieldError[]): { message: string; extensions: { code: typeof BAD_USER_INPUT; fields: readonly FieldError[] } } {
  return { message: invalidInputMessage(fields), extensions: { code: BAD_USER_INPUT, fields } };
}

/** The entry that counts problems not listed. */
export function notListed(path: string, count: number): FieldError {
  const message = `…and ${count.toLocaleString("en-US")} more ${count === 1 ? "problem" : "problems"} here, not listed`;
  return { path, message, code: "NOT_LISTED", count };
}

/** An input broke rules: nothing was sent. The edge answers BAD_USER_INPUT with `fields`. */
export class InvalidInputError extends Error {
  constructor(readonly fields: readonly FieldError[]) {
    super(invalidInputMessage(fields));
    this.name = "InvalidInputError";
  }
}

/** Throws InvalidInputError when there is any problem. */
export function refuseInvalid(fields: readonly FieldError[]): void {
  if (fields.length > 0) throw new InvalidInputError(fields);
}

/**
 * Collects problems, keeping at most MAX_PROBLEMS_PER_RULE per rule and MAX_PROBLEMS in all, and
 * counting the rest, so a refusal stays small whatever the input.
 */
export class FieldErrors {
  private readonly kept: FieldError[] = [];
  private readonly untold = new Map<string, number>();

  /** `rule` is the path of the rule's field: several elements of one list share it. */
  add(rule: string, path: string, found: Problem): void {
    const ofRule = this.kept.reduce((n, f) => n + (f.path === rule || f.path.startsWith(`${rule}.`) ? 1 : 0), 0);
    if (ofRule < MAX_PROBLEMS_PER_RULE && this.kept.length < MAX_PROBLEMS) this.kept.push({ path, ...found });
    else this.addUntold(rule, 1);
  }

  /** Counts problems that were not examined one by one. */
  addUntold(rule: string, count: number): void {
    if (count > 0) this.untold.set(rule, (this.untold.get(rule) ?? 0) + count);
  }

  list(): FieldError[] {
    return [...this.kept, ...[...this.untold].map(([path, n]) => notListed(path, n))];
  }
}
