/**
 * What the simulated upstream refuses, and how it says so: the errmsg wording of WeCom error
 * codes, and the checks `POST /cgi-bin/meeting/create` makes on its body (create-meeting.md).
 *
 * Where the document is silent the simulator is stricter rather than looser (unknown fields,
 * out-of-range enum numbers, fractional seconds): a gateway bug then shows up in tests instead
 * of in production. Where the document says a value is tolerated (an unsupported
 * `remind_before` value), it is tolerated here too.
 */
import type { CreateMeetingBody, WecomResult } from "../wecom.types";

/** WeCom's own (English) wording for the codes the simulator answers. */
const MESSAGES: Record<number, string> = {
  [-1]: "system busy",
  40001: "invalid credential",
  40013: "invalid corpid",
  40014: "invalid access_token",
  40058: "invalid Request Parameter",
  41001: "access_token missing",
  41002: "corpid missing",
  41004: "corpsecret missing",
  42001: "access_token expired",
  43001: "require GET method",
  43002: "require POST method",
  45009: "api freq out of limit",
  47001: "data format error",
  400020: "invitees exceed limit",
  400021: "invalid userid",
};

export function wecomError(errcode: number, errmsg?: string): WecomResult {
  return { errcode, errmsg: errmsg ?? MESSAGES[errcode] ?? "simulated error" };
}

export interface CreateRulesContext {
  nowSeconds: number;
  /** Userids the corp doesn't have or the app can't see. */
  unknownUsers: ReadonlySet<string>;
}

export type CreateCheck = { ok: true; body: CreateMeetingBody } | { ok: false; error: WecomResult };

/** Checks a parsed meeting/create body; the first violation found is the answer, as upstream. */
export function checkCreateBody(body: unknown, ctx: CreateRulesContext): CreateCheck {
  if (!isObject(body)) return { ok: false, error: wecomError(47001) };
  try {
    // Nulls first: they are never valid upstream, and the gateway promises never to send one.
    const nullAt = firstNull(body);
    if (nullAt !== undefined) throw new Refusal(wecomError(40058, `invalid null: ${nullAt}`));
    checkShape(body, "");
    checkValues(body as unknown as CreateMeetingBody, ctx);
    return { ok: true, body: body as unknown as CreateMeetingBody };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    throw e;
  }
}

class Refusal {
  constructor(readonly error: WecomResult) {}
}

/** A 40058 naming the parameter, or another code where the document has one. */
function refuse(param: string, reason: string, errcode = 40058): never {
  throw new Refusal(wecomError(errcode, `invalid ${param}: ${reason}`));
}

// ---- shape: every field known, of its JSON type -------------------------------------------

type Kind = "string" | "int" | "bool" | "ints" | "users" | "object";

const KIND_TEXT: Record<Kind, string> = {
  string: "must be a string",
  int: "must be an integer",
  bool: "must be a boolean",
  ints: "must be an array of integers",
  users: 'must be {"userid": [string, ...]}',
  object: "must be an object",
};

// A Map, not an object literal: a body key like "constructor" must not find Object's own.
const FIELDS = new Map<string, Kind>([
  ["admin_userid", "string"], ["title", "string"], ["meeting_start", "int"],
  ["meeting_duration", "int"], ["description", "string"], ["location", "string"],
  ["agentid", "int"], ["invitees", "users"], ["cal_id", "string"],
  ["settings", "object"], ["reminders", "object"],
  ["settings.remind_scope", "int"], ["settings.password", "string"],
  ["settings.enable_waiting_room", "bool"], ["settings.allow_enter_before_host", "bool"],
  ["settings.enable_enter_mute", "int"], ["settings.enable_screen_watermark", "bool"],
  ["settings.hosts", "users"], ["settings.ring_users", "users"],
  ["reminders.is_repeat", "int"], ["reminders.repeat_type", "int"],
  ["reminders.repeat_until", "int"], ["reminders.repeat_interval", "int"],
  ["reminders.remind_before", "ints"],
]);

function checkShape(obj: Record<string, unknown>, prefix: string): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix + key;
    const kind = FIELDS.get(path);
    if (!kind) refuse(path, "unknown parameter");
    if (!hasKind(value, kind)) refuse(path, KIND_TEXT[kind]);
    if (kind === "object") checkShape(value as Record<string, unknown>, `${path}.`);
  }
}

function hasKind(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string": return typeof v === "string";
    case "int": return Number.isSafeInteger(v);
    case "bool": return typeof v === "boolean";
    case "ints": return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x));
    case "object": return isObject(v);
    case "users":
      return isObject(v) && Object.keys(v).length === 1 && Array.isArray(v.userid)
        && v.userid.every((u) => typeof u === "string");
  }
}

// ---- values: what the document says about each field ----------------------------------------

function checkValues(b: CreateMeetingBody, ctx: CreateRulesContext): void {
  for (const key of ["admin_userid", "title", "meeting_start", "meeting_duration"] as const) {
    if (!Object.hasOwn(b, key)) refuse(key, "required");
  }
  checkUserid("admin_userid", b.admin_userid);
  if (!b.title.trim()) refuse("title", "blank");
  if (titleBytes(b.title) > 40) refuse("title", "more than 40 bytes (ASCII 1, other characters 2)");
  if (b.meeting_start <= ctx.nowSeconds) refuse("meeting_start", "must be later than now");
  if (b.meeting_duration < 300) refuse("meeting_duration", "at least 300 seconds");
  if (b.meeting_duration >= 86400) refuse("meeting_duration", "must be less than 86400 seconds");
  if (b.description !== undefined && [...b.description].length > 500) refuse("description", "more than 500 characters");
  if (b.location !== undefined && [...b.location].length > 128) refuse("location", "more than 128 characters");
  if (b.cal_id !== undefined && Buffer.byteLength(b.cal_id) > 64) refuse("cal_id", "more than 64 bytes");

  const invitees = b.invitees?.userid ?? [];
  if (invitees.length > 300) refuse("invitees.userid", `${invitees.length} invitees, at most 300`, 400020);
  invitees.forEach((u) => checkUserid("invitees.userid", u));

  const s = b.settings ?? {};
  if (s.remind_scope !== undefined && ![1, 2, 3, 4].includes(s.remind_scope)) refuse("settings.remind_scope", "must be 1, 2, 3 or 4");
  if (s.password !== undefined && !/^[0-9]{4,6}$/.test(s.password)) refuse("settings.password", "only 4-6 digits");
  if (s.enable_enter_mute !== undefined && ![0, 1, 2].includes(s.enable_enter_mute)) refuse("settings.enable_enter_mute", "must be 0, 1 or 2");
  const hosts = s.hosts?.userid ?? [];
  if (hosts.length > 10) refuse("settings.hosts.userid", `${hosts.length} hosts, at most 10`);
  hosts.forEach((u) => checkUserid("settings.hosts.userid", u));
  const ringUsers = s.ring_users?.userid ?? [];
  ringUsers.forEach((u) => checkUserid("settings.ring_users.userid", u));

  const r = b.reminders ?? {};
  if (r.is_repeat !== undefined && r.is_repeat !== 0 && r.is_repeat !== 1) refuse("reminders.is_repeat", "must be 0 or 1");
  if (r.repeat_type !== undefined && ![0, 1, 2, 7].includes(r.repeat_type)) refuse("reminders.repeat_type", "must be 0, 1, 2 or 7");
  if (r.repeat_interval !== undefined) {
    if (r.repeat_type !== 1) refuse("reminders.repeat_interval", "only with repeat_type 1 (weekly)");
    if (r.repeat_interval < 1 || r.repeat_interval > 2) refuse("reminders.repeat_interval", "must be 1 or 2");
  }
  if (r.repeat_until !== undefined && r.repeat_until <= b.meeting_start) refuse("reminders.repeat_until", "must be after meeting_start");

  // Membership last: "any userid invalid or outside the app's visible range is an error".
  const everyone: Array<[string, string[]]> = [
    ["admin_userid", [b.admin_userid]], ["invitees.userid", invitees],
    ["settings.hosts.userid", hosts], ["settings.ring_users.userid", ringUsers],
  ];
  for (const [param, ids] of everyone) {
    const unknown = ids.find((u) => ctx.unknownUsers.has(u));
    if (unknown !== undefined) {
      throw new Refusal(wecomError(400021, `invalid userid: ${unknown} (${param}) is not a member visible to the app`));
    }
  }
}

function checkUserid(param: string, userid: string): void {
  const bytes = Buffer.byteLength(userid);
  if (bytes < 1 || bytes > 64) refuse(param, `userid must be 1 to 64 bytes, got ${bytes}`);
}

/** The document's title measure: 40 "bytes" or 20 UTF-8 characters, i.e. ASCII 1, others 2. */
function titleBytes(title: string): number {
  let n = 0;
  for (const ch of title) n += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return n;
}

function isObject(v: unknown): v is Record<string, unknown> {
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
