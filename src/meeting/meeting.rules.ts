/**
 * The input rules of CONTRACT.md §4 (from the upstream document `create-meeting.md`), checked
 * before anything goes upstream. The table `RULES` below is the one place they live: one line a
 * field, in the order of the fields of `CreateMeetingInput`.
 *
 * Every rule that fails is reported (not only the first), each with the path of the offending
 * value relative to the mutation argument (`input.settings.password`, `input.invitees.2`) and a
 * message that names the limit. A field that is left out (undefined or null) is not checked,
 * except that a required field left out is reported as such (GraphQL already refuses that; the
 * check is for callers that pass a plain object).
 */
import type { CreateMeetingInput } from "./meeting.input";
import { RepeatType } from "./meeting.enums";

export interface FieldViolation {
  path: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// The rules (CONTRACT.md §4)
// ---------------------------------------------------------------------------------------------

const RULES: readonly Rule[] = [
  required("adminUserId", (i) => i.adminUserId, userId),
  required("title", (i) => i.title, notBlank, maxTitleBytes(40)),
  required("meetingStart", (i) => i.meetingStart, validDate, laterThanNow),
  required("meetingDuration", (i) => i.meetingDuration, wholeNumber, atLeast(300, "seconds (5 minutes)"), atMost(86399, "seconds (less than a day)")),
  optional("description", (i) => i.description, maxChars(500)),
  optional("location", (i) => i.location, maxChars(128)),
  // agentId: the upstream document gives no rule.
  list("invitees", (i) => i.invitees, { max: 300, noun: "userid", each: [userId], show: quoted }),
  optional("calId", (i) => i.calId, maxUtf8Bytes(64)),
  optional("settings.password", (i) => i.settings?.password, digits(4, 6)),
  list("settings.hosts", (i) => i.settings?.hosts, { max: 10, noun: "userid", each: [userId], show: quoted }),
  list("settings.ringUsers", (i) => i.settings?.ringUsers, { noun: "userid", each: [userId], show: quoted }),
  optional("reminders.repeatUntil", (i) => i.reminders?.repeatUntil, validDate, afterMeetingStart),
  optional("reminders.repeatInterval", (i) => i.reminders?.repeatInterval, onlyWithWeekly, oneOf({ 1: "every week", 2: "every two weeks" })),
  list("reminders.remindBefore", (i) => i.reminders?.remindBefore, { noun: "value", show: String }),
];

/** Every violation of CONTRACT.md §4 in `input`, in field order; [] when the input is valid. */
export function checkCreateMeetingInput(input: CreateMeetingInput, now: Date): FieldViolation[] {
  const out: FieldViolation[] = [];
  const ctx: Ctx = { input, now };
  for (const rule of RULES) rule(ctx, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks: each returns a message naming the limit, or undefined when the value passes
// ---------------------------------------------------------------------------------------------

interface Ctx {
  input: CreateMeetingInput;
  now: Date;
}
type Check<T> = (value: T, ctx: Ctx) => string | undefined;
type Rule = (ctx: Ctx, out: FieldViolation[]) => void;

const USERID_MAX_BYTES = 64;

/** A userid: 1 to 64 bytes of UTF-8. */
function userId(value: string): string | undefined {
  if (typeof value !== "string") return "must be a userid (a string)";
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes === 0) return `must be 1 to ${USERID_MAX_BYTES} bytes (UTF-8); this is empty`;
  if (bytes > USERID_MAX_BYTES) return `must be 1 to ${USERID_MAX_BYTES} bytes (UTF-8); this is ${bytes}`;
  return undefined;
}

function notBlank(value: string): string | undefined {
  return value.trim() === "" ? "must not be blank" : undefined;
}

/** The title's measure: an ASCII character (code point < 128) counts 1 byte, any other 2. */
function maxTitleBytes(max: number): Check<string> {
  return (value) => {
    if (value.length * 2 <= max) return undefined; // each code unit weighs at most 2
    let bytes = 0;
    for (const ch of value) bytes += ch.codePointAt(0)! < 128 ? 1 : 2;
    return bytes > max
      ? `must be at most ${max} bytes (an ASCII character counts 1, any other 2; so ${max} ASCII or ${max / 2} Chinese characters); this is ${bytes}`
      : undefined;
  };
}

/** At most `max` characters, counted as code points (an emoji is one character). */
function maxChars(max: number): Check<string> {
  return (value) => {
    if (value.length <= max) return undefined; // code points never outnumber UTF-16 units
    let chars = 0;
    for (const _ of value) chars++;
    return chars > max ? `must be at most ${max} characters; this is ${chars}` : undefined;
  };
}

function maxUtf8Bytes(max: number): Check<string> {
  return (value) => {
    const bytes = Buffer.byteLength(value, "utf8");
    return bytes > max ? `must be at most ${max} bytes (UTF-8); this is ${bytes}` : undefined;
  };
}

function digits(min: number, max: number): Check<string> {
  const pattern = new RegExp(`^[0-9]{${min},${max}}$`);
  // The value is a password: the message does not repeat it.
  return (value) => (pattern.test(value) ? undefined : `must be ${min} to ${max} digits (0-9), nothing else`);
}

function wholeNumber(value: number): string | undefined {
  return Number.isInteger(value) ? undefined : `must be a whole number; this is ${value}`;
}

function atLeast(min: number, unit: string): Check<number> {
  return (value) => (value < min ? `must be at least ${min} ${unit}; this is ${value}` : undefined);
}

function atMost(max: number, unit: string): Check<number> {
  return (value) => (value > max ? `must be at most ${max} ${unit}; this is ${value}` : undefined);
}

function oneOf(allowed: Record<number, string>): Check<number> {
  const listed = Object.entries(allowed).map(([v, meaning]) => `${v} (${meaning})`);
  const text = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed[listed.length - 1]}` : listed[0];
  return (value) => (Object.hasOwn(allowed, value) ? undefined : `must be ${text}; this is ${value}`);
}

function isValidDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]" && !Number.isNaN((value as Date).getTime());
}

function validDate(value: Date): string | undefined {
  return isValidDate(value) ? undefined : "must be a valid date-time (ISO 8601, e.g. 2030-01-31T09:30:00+08:00)";
}

function laterThanNow(value: Date, { now }: Ctx): string | undefined {
  if (!isValidDate(value)) return undefined; // already reported by validDate
  return value.getTime() > now.getTime()
    ? undefined
    : `must be later than now (${now.toISOString()}); this is ${value.toISOString()}`;
}

/**
 * Both times go upstream as whole unix seconds, so that is what is compared: a repeatUntil in the
 * same second as meetingStart would reach the upstream equal to it.
 */
function afterMeetingStart(value: Date, { input }: Ctx): string | undefined {
  const start = input.meetingStart;
  if (!isValidDate(value) || !isValidDate(start)) return undefined; // reported elsewhere
  return unixSeconds(value) > unixSeconds(start)
    ? undefined
    : `must be after meetingStart (${isoSeconds(start)}); this is ${isoSeconds(value)} (whole seconds, as sent upstream)`;
}

function onlyWithWeekly(_value: number, { input }: Ctx): string | undefined {
  const repeatType = input.reminders?.repeatType;
  if (repeatType === RepeatType.WEEKLY) return undefined;
  return `only allowed with repeatType ${RepeatType.WEEKLY}; repeatType is ${repeatType ?? "not set (DAILY by default)"}`;
}

function quoted(value: unknown): string {
  return JSON.stringify(value);
}

function unixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function isoSeconds(d: Date): string {
  return new Date(unixSeconds(d) * 1000).toISOString().replace(".000Z", "Z");
}

// ---------------------------------------------------------------------------------------------
// Rule builders: what a table line means
// ---------------------------------------------------------------------------------------------

/** A field the schema requires: reported as required when missing, otherwise checked. */
function required<T>(field: string, get: (input: CreateMeetingInput) => T | null | undefined, ...checks: Check<T>[]): Rule {
  const path = `input.${field}`;
  return (ctx, out) => {
    const value = get(ctx.input);
    if (value === undefined || value === null) out.push({ path, message: "is required" });
    else runChecks(path, value, checks, ctx, out);
  };
}

/** An optional field: left out (undefined or null), no rule applies. */
function optional<T>(field: string, get: (input: CreateMeetingInput) => T | null | undefined, ...checks: Check<T>[]): Rule {
  const path = `input.${field}`;
  return (ctx, out) => {
    const value = get(ctx.input);
    if (value !== undefined && value !== null) runChecks(path, value, checks, ctx, out);
  };
}

interface ListOptions<E> {
  /** Most elements allowed; no limit when left out. */
  max?: number;
  /** What an element is called in messages ("userid"). */
  noun: string;
  /** Checks of each element, reported at `path.index`. */
  each?: Check<E>[];
  /** How an element is shown in the duplicate message. */
  show: (element: E) => string;
}

/**
 * An optional list: at most `max` elements (reported at the list's path), each element checked
 * (reported at its index), and no element twice (reported at each later occurrence's index).
 */
function list<E>(field: string, get: (input: CreateMeetingInput) => readonly E[] | null | undefined, opts: ListOptions<E>): Rule {
  const path = `input.${field}`;
  const each = opts.each ?? [];
  return (ctx, out) => {
    const items = get(ctx.input);
    if (items === undefined || items === null) return;
    if (opts.max !== undefined && items.length > opts.max) {
      out.push({ path, message: `must list at most ${opts.max} ${opts.noun}s; this lists ${items.length}` });
    }
    const seen = new Map<E, { first: number; count: number }>();
    for (let i = 0; i < items.length; i++) {
      const entry = seen.get(items[i]);
      if (entry) entry.count++;
      else seen.set(items[i], { first: i, count: 1 });
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      runChecks(`${path}.${i}`, item, each, ctx, out);
      const { first, count } = seen.get(item)!;
      if (first !== i) {
        out.push({
          path: `${path}.${i}`,
          message: `${opts.show(item)} appears ${count === 2 ? "twice" : `${count} times`} (first at index ${first}); list each ${opts.noun} once`,
        });
      }
    }
  };
}

function runChecks<T>(path: string, value: T, checks: readonly Check<T>[], ctx: Ctx, out: FieldViolation[]): void {
  for (const check of checks) {
    const message = check(value, ctx);
    if (message !== undefined) out.push({ path, message });
  }
}
