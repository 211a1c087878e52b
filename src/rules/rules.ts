/**
 * The machinery behind the input rules (meeting.rules.ts holds the tables): a rule per field,
 * built from checks, each check with its code and limit; every problem reported at once; and a
 * refusal that stays small and cheap whatever the input: each rule reports at most a few problems
 * and a count of the rest (input-error.ts), and a list longer than its limit is checked only up
 * to the limit.
 */
import { FieldErrors, problem, type FieldError, type Problem } from "./input-error";

export interface RuleContext<I> {
  input: I;
  now: Date;
}

/** The problem of a value (its code, a message naming the limit, the limit), or undefined when it passes. */
export type Check<T, I = unknown> = (value: T, ctx: RuleContext<I>) => Problem | undefined;
export type Rule<I> = (ctx: RuleContext<I>, out: FieldErrors) => void;

/** A value echoed in a message is cut to this many characters. */
const SHOWN_CHARS = 40;

/** Runs every rule of a table over `input`; [] when it is valid. */
export function checkAll<I>(rules: readonly Rule<I>[], input: I, now: Date): FieldError[] {
  const out = new FieldErrors();
  const ctx = { input, now };
  for (const rule of rules) rule(ctx, out);
  return out.list();
}

/** A value as it may be quoted in a message: JSON, cut short. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…"` : text;
}

// ---- rule builders: what a table line means -------------------------------------------------

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** Builders for a table whose paths start with `prefix` ("input", or "" for plain arguments). */
export function rulesFor<I>(prefix: string) {
  return {
    /** A field the schema requires: reported as required when missing, otherwise checked. */
    required<T>(field: string, get: (input: I) => T | null | undefined, ...checks: Check<T, I>[]): Rule<I> {
      const path = at(prefix, field);
      return (ctx, out) => {
        const value = get(ctx.input);
        if (value === undefined || value === null) out.add(path, path, problem("REQUIRED", "is required"));
        else runChecks(path, path, value, checks, ctx, out);
      };
    },

    /** An optional field: left out (undefined or null), no rule applies. */
    optional<T>(field: string, get: (input: I) => T | null | undefined, ...checks: Check<T, I>[]): Rule<I> {
      const path = at(prefix, field);
      return (ctx, out) => {
        const value = get(ctx.input);
        if (value !== undefined && value !== null) runChecks(path, path, value, checks, ctx, out);
      };
    },

    /**
     * An optional list: at most `max` elements (reported at the list's path), each element checked
     * (reported at its index), no element twice (reported at each later occurrence). Only the
     * first `max` elements are examined: a longer list is refused for its length anyway.
     */
    list<E>(field: string, get: (input: I) => readonly E[] | null | undefined, opts: ListOptions<E, I>): Rule<I> {
      const path = at(prefix, field);
      const each = opts.each ?? [];
      return (ctx, out) => {
        const items = get(ctx.input);
        if (items === undefined || items === null) return;
        if (items.length > opts.max) {
          const message = `must list at most ${opts.max} ${opts.noun}s; this lists ${items.length} (only the first ${opts.max} were checked further)`;
          out.add(path, path, problem("TOO_MANY", message, opts.max));
        }
        const examined = Math.min(items.length, opts.max);
        const seen = new Map<E, { first: number; count: number }>();
        for (let i = 0; i < examined; i++) {
          const entry = seen.get(items[i]);
          if (entry) entry.count++;
          else seen.set(items[i], { first: i, count: 1 });
        }
        for (let i = 0; i < examined; i++) {
          const item = items[i];
          runChecks(path, `${path}.${i}`, item, each, ctx, out);
          const { first, count } = seen.get(item)!;
          if (first !== i) {
            const times = count === 2 ? "twice" : `${count} times`;
            const message = `${(opts.show ?? shown)(item)} appears ${times} (first at index ${first}); list each ${opts.noun} once`;
            out.add(path, `${path}.${i}`, problem("DUPLICATE", message));
          }
        }
      };
    },
  };
}

export interface ListOptions<E, I> {
  /** Most elements allowed. */
  max: number;
  /** What an element is called in messages ("userid"). */
  noun: string;
  /** Checks of each element, reported at `path.index`. */
  each?: Check<E, I>[];
  /** How an element is quoted in messages (default: JSON, cut short). */
  show?: (element: E) => string;
}

/** The first check a value fails is its message: one clear reason per value. */
function runChecks<T, I>(rule: string, path: string, value: T, checks: readonly Check<T, I>[], ctx: RuleContext<I>, out: FieldErrors): void {
  for (const check of checks) {
    const found = check(value, ctx);
    if (found !== undefined) return out.add(rule, path, found);
  }
}

// ---- checks of text -------------------------------------------------------------------------

// Characters a person cannot see: whitespace, controls, format characters (zero-width space,
// joiners, bidi marks), default-ignorable ones (Hangul fillers U+3164, U+115F, U+1160, U+FFA0),
// combining marks with nothing to combine with, and the braille blank.
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]*$/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;

const LONE_SURROGATE = problem("INVALID_CHARACTERS", "must be valid Unicode text (it holds a lone surrogate)");

/** Valid Unicode (no lone surrogate: it cannot be sent as UTF-8) and no control characters. */
export const singleLineText: Check<string> = (value) => {
  if (!value.isWellFormed()) return LONE_SURROGATE;
  return CONTROL.test(value) ? problem("INVALID_CHARACTERS", "must not hold control characters (such as a line break or NUL)") : undefined;
};

/** Like singleLineText, but line breaks and tabs are allowed. */
export const multiLineText: Check<string> = (value) => {
  if (!value.isWellFormed()) return LONE_SURROGATE;
  return CONTROL_BUT_LINE_BREAKS.test(value) ? problem("INVALID_CHARACTERS", "must not hold control characters other than line breaks and tabs") : undefined;
};

/** At least one character a person can see. */
export const visible: Check<string> = (value) =>
  INVISIBLE.test(value) ? problem("REQUIRED", "must not be blank (only spaces or invisible characters)") : undefined;

/** The title's measure: an ASCII character (code point < 128) counts 1 byte, any other 2. */
export function maxTitleBytes(max: number): Check<string> {
  return (value) => {
    if (value.length * 2 <= max) return undefined; // each code unit weighs at most 2
    let bytes = 0;
    for (const ch of value) bytes += ch.codePointAt(0)! < 128 ? 1 : 2;
    return bytes > max
      ? problem("TOO_LONG", `must be at most ${max} bytes (an ASCII character counts 1, any other 2; so ${max} ASCII or ${max / 2} Chinese characters); this is ${bytes}`, max)
      : undefined;
  };
}

/** At most `max` characters, counted as code points (an emoji is one character). */
export function maxChars(max: number): Check<string> {
  return (value) => {
    if (value.length <= max) return undefined; // code points never outnumber UTF-16 units
    let chars = 0;
    for (const _ of value) chars++;
    return chars > max ? problem("TOO_LONG", `must be at most ${max} characters; this is ${chars}`, max) : undefined;
  };
}

export function maxUtf8Bytes(max: number): Check<string> {
  return (value) => {
    const bytes = Buffer.byteLength(value, "utf8");
    return bytes > max ? problem("TOO_LONG", `must be at most ${max} bytes (UTF-8); this is ${bytes}`, max) : undefined;
  };
}

export function digits(min: number, max: number): Check<string> {
  const pattern = new RegExp(`^[0-9]{${min},${max}}$`);
  // The value may be a password: the message does not repeat it.
  const message = `must be ${min} to ${max} digits (0-9), nothing else`;
  const onlyDigits = /^[0-9]*$/;
  return (value) => {
    if (pattern.test(value)) return undefined;
    if (!onlyDigits.test(value)) return problem("INVALID_FORMAT", message);
    return value.length < min ? problem("TOO_SHORT", message, min) : problem("TOO_LONG", message, max);
  };
}

const USERID_MAX_BYTES = 64;
const USERID_FORBIDDEN = /[\s\p{Cc}\p{Cf}]/u;

/** A WeCom userid: 1 to 64 bytes of UTF-8, valid Unicode, no spaces or invisible characters. */
export const userId: Check<string> = (value) => {
  if (typeof value !== "string") return problem("INVALID_TYPE", "must be a userid (a string)");
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes === 0) return problem("REQUIRED", `must be 1 to ${USERID_MAX_BYTES} bytes (UTF-8); this is empty`);
  if (bytes > USERID_MAX_BYTES) return problem("TOO_LONG", `must be 1 to ${USERID_MAX_BYTES} bytes (UTF-8); this is ${bytes}`, USERID_MAX_BYTES);
  return printableId(value);
};

/** Valid Unicode without spaces, control or invisible characters: what a userid or an id may hold. */
function printableId(value: string): Problem | undefined {
  if (!value.isWellFormed()) return LONE_SURROGATE;
  return USERID_FORBIDDEN.test(value) ? problem("INVALID_CHARACTERS", "must not hold spaces, control or invisible characters") : undefined;
}

/** An opaque upstream id (a meeting id, an occurrence id, an OAuth code): short printable text. */
export function opaqueId(maxBytes: number): Check<string> {
  return (value) => {
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes === 0) return problem("REQUIRED", "must not be empty");
    if (bytes > maxBytes) return problem("TOO_LONG", `must be at most ${maxBytes} bytes; this is ${bytes}`, maxBytes);
    return printableId(value);
  };
}

// ---- checks of numbers and times ------------------------------------------------------------

export function wholeNumber(value: number): Problem | undefined {
  return Number.isInteger(value) ? undefined : problem("INVALID_TYPE", `must be a whole number; this is ${value}`);
}

export function atLeast(min: number, unit: string): Check<number> {
  return (value) => (value < min ? problem("TOO_SMALL", `must be at least ${min} ${unit}; this is ${value}`, min) : undefined);
}

export function atMost(max: number, unit: string): Check<number> {
  return (value) => (value > max ? problem("TOO_LARGE", `must be at most ${max} ${unit}; this is ${value}`, max) : undefined);
}

export function oneOf(allowed: Record<number, string>): Check<number> {
  const listed = Object.entries(allowed).map(([v, meaning]) => `${v} (${meaning})`);
  const text = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} or ${listed[listed.length - 1]}` : listed[0];
  return (value) => (Object.hasOwn(allowed, value) ? undefined : problem("INVALID_CHOICE", `must be ${text}; this is ${value}`));
}

export function isValidDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]" && !Number.isNaN((value as Date).getTime());
}

/** Times go upstream as whole unix seconds; the upstream compares them so too. */
export const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const isoSeconds = (d: Date): string => new Date(unixSeconds(d) * 1000).toISOString().replace(".000Z", "Z");

/** The latest second the upstream's times (uint32 unix seconds) can hold. */
export const LATEST_SECONDS = 2 ** 32 - 1;
/** The latest start, so that its end (at most a day later) fits too. */
export const LATEST_START_SECONDS = LATEST_SECONDS - 86_400;

/** A valid date the upstream can hold: from 1970 to `latest` (unix seconds). */
export function upstreamTime(latest = LATEST_SECONDS): Check<Date> {
  return (value) => {
    if (!isValidDate(value)) return problem("INVALID_FORMAT", "must be a valid date-time (ISO 8601, e.g. 2030-01-31T09:30:00+08:00)");
    const s = unixSeconds(value);
    if (s < 0) return problem("OUT_OF_RANGE", "must not be before 1970-01-01T00:00:00Z");
    return s > latest
      ? problem("OUT_OF_RANGE", `must be at most ${isoSeconds(new Date(latest * 1000))} (WeCom keeps times as 32-bit unix seconds)`)
      : undefined;
  };
}

/** Later than now, in whole seconds as the upstream compares: a start within the current second is refused. */
export const laterThanNow: Check<Date> = (value, { now }) => {
  if (!isValidDate(value)) return undefined; // reported by upstreamTime
  return unixSeconds(value) > unixSeconds(now)
    ? undefined
    : problem("NOT_IN_FUTURE", `must be later than now (${isoSeconds(now)}, compared in whole seconds as WeCom does); this is ${value.toISOString()}`);
};
