/**
 * The checks `meeting/create` and `meeting/update` make on their bodies (create-meeting.md,
 * meeting-family.md §3). The first violation found is the answer, as upstream.
 *
 * Where the documents are silent the simulator is stricter rather than looser (unknown fields,
 * out-of-range enum numbers, fractional seconds): a gateway bug then shows up in tests instead
 * of in production. Where a document says a value is tolerated (an unsupported `remind_before`
 * value), it is tolerated here too.
 *
 * create answers 40058 for a bad title, start or duration (as it always has); update has its own
 * codes for those (400042, 400222, 400035). Both answer 400020 (too many invitees), 400027 (too
 * many hosts) and 400021 (a userid the corp doesn't have).
 */
import type { CreateMeetingBody, MeetingRemindersBody, UpdateMeetingBody } from "../wecom.types";
import { Refusal, refuseParam, wecomError } from "./errors";
import { checkShape, requireFields, type Kind } from "./shape";

export interface BodyRulesContext {
  nowSeconds: number;
  /** Userids the corp doesn't have or the app can't see. */
  unknownUsers: ReadonlySet<string>;
  /** Most invitees create and update take (the admin's booking quota). */
  inviteeLimit: number;
}

/** What an update is checked against: the meeting as it is now. */
export interface UpdateTarget {
  admin_userid: string;
  meeting_start: number;
  reminders?: MeetingRemindersBody;
}

const MEETING_FIELDS: Array<[string, Kind]> = [
  ["title", "string"], ["meeting_start", "int"], ["meeting_duration", "int"],
  ["description", "string"], ["location", "string"], ["agentid", "int"], ["invitees", "users"],
  ["cal_id", "string"], ["settings", "object"], ["reminders", "object"],
  ["settings.remind_scope", "int"], ["settings.password", "string"],
  ["settings.enable_waiting_room", "bool"], ["settings.allow_enter_before_host", "bool"],
  ["settings.enable_enter_mute", "int"], ["settings.enable_screen_watermark", "bool"],
  ["settings.hosts", "users"], ["settings.ring_users", "users"],
  ["reminders.is_repeat", "int"], ["reminders.repeat_type", "int"],
  ["reminders.repeat_until", "int"], ["reminders.repeat_interval", "int"],
  ["reminders.remind_before", "ints"],
];

const CREATE_FIELDS = new Map<string, Kind>([["admin_userid", "string"], ...MEETING_FIELDS]);
/** update has no admin_userid (meeting-family.md §3). */
const UPDATE_FIELDS = new Map<string, Kind>([["meetingid", "string"], ...MEETING_FIELDS]);

interface Codes {
  title: number;
  start: number;
  duration: number;
}
const CREATE_CODES: Codes = { title: 40058, start: 40058, duration: 40058 };
const UPDATE_CODES: Codes = { title: 400042, start: 400222, duration: 400035 };

/** A create body, checked whole; throws a Refusal. */
export function checkCreateBody(body: unknown, ctx: BodyRulesContext): CreateMeetingBody {
  const b = checkShape<CreateMeetingBody>(body, CREATE_FIELDS);
  requireFields(b, ["admin_userid", "title", "meeting_start", "meeting_duration"]);
  checkUserid("admin_userid", b.admin_userid);
  checkFields(b, ctx, CREATE_CODES);
  checkReminders(b.reminders ?? {}, b.meeting_start);
  checkMembers(b.admin_userid, b, ctx);
  return b;
}

/** The shape of an update body and its meetingid: what can be checked before finding the meeting. */
export function checkUpdateShape(body: unknown): UpdateMeetingBody {
  const b = checkShape<UpdateMeetingBody>(body, UPDATE_FIELDS);
  requireFields(b, ["meetingid"]);
  return b;
}

/** The values of an update, against the meeting it changes; throws a Refusal. */
export function checkUpdateValues(b: UpdateMeetingBody, target: UpdateTarget, ctx: BodyRulesContext): void {
  const hasStart = Object.hasOwn(b, "meeting_start");
  const hasDuration = Object.hasOwn(b, "meeting_duration");
  if (hasStart && !hasDuration) refuseParam("meeting_duration", "required with meeting_start");
  if (hasDuration && !hasStart) refuseParam("meeting_start", "required with meeting_duration");
  checkFields(b, ctx, UPDATE_CODES);
  // Reminders are merged field by field (see MeetingStore.update): check what the meeting becomes.
  checkReminders({ ...target.reminders, ...b.reminders }, b.meeting_start ?? target.meeting_start);
  checkMembers(target.admin_userid, b, ctx);
}

/** The rules create and update share, for the fields the body has. */
function checkFields(b: Partial<CreateMeetingBody>, ctx: BodyRulesContext, codes: Codes): void {
  if (b.title !== undefined) {
    if (!b.title.trim()) refuseParam("title", "blank", codes.title);
    if (titleBytes(b.title) > 40) refuseParam("title", "more than 40 bytes (ASCII 1, other characters 2)", codes.title);
  }
  if (b.meeting_start !== undefined && b.meeting_start <= ctx.nowSeconds) {
    refuseParam("meeting_start", "must be later than now", codes.start);
  }
  if (b.meeting_duration !== undefined) {
    if (b.meeting_duration < 300) refuseParam("meeting_duration", "at least 300 seconds", codes.duration);
    if (b.meeting_duration >= 86400) refuseParam("meeting_duration", "must be less than 86400 seconds", codes.duration);
  }
  if (b.description !== undefined && [...b.description].length > 500) refuseParam("description", "more than 500 characters");
  if (b.location !== undefined && [...b.location].length > 128) refuseParam("location", "more than 128 characters");
  if (b.cal_id !== undefined && Buffer.byteLength(b.cal_id) > 64) refuseParam("cal_id", "more than 64 bytes");

  const invitees = b.invitees?.userid ?? [];
  if (invitees.length > ctx.inviteeLimit) {
    refuseParam("invitees.userid", `${invitees.length} invitees, at most ${ctx.inviteeLimit}`, 400020);
  }
  invitees.forEach((u) => checkUserid("invitees.userid", u));

  const s = b.settings ?? {};
  if (s.remind_scope !== undefined && ![1, 2, 3, 4].includes(s.remind_scope)) refuseParam("settings.remind_scope", "must be 1, 2, 3 or 4");
  if (s.password !== undefined && !/^[0-9]{4,6}$/.test(s.password)) refuseParam("settings.password", "only 4-6 digits");
  if (s.enable_enter_mute !== undefined && ![0, 1, 2].includes(s.enable_enter_mute)) refuseParam("settings.enable_enter_mute", "must be 0, 1 or 2");
  const hosts = s.hosts?.userid ?? [];
  if (hosts.length > 10) refuseParam("settings.hosts.userid", `${hosts.length} hosts, at most 10`, 400027);
  hosts.forEach((u) => checkUserid("settings.hosts.userid", u));
  (s.ring_users?.userid ?? []).forEach((u) => checkUserid("settings.ring_users.userid", u));
}

function checkReminders(r: MeetingRemindersBody, meetingStart: number): void {
  if (r.is_repeat !== undefined && r.is_repeat !== 0 && r.is_repeat !== 1) refuseParam("reminders.is_repeat", "must be 0 or 1");
  if (r.repeat_type !== undefined && ![0, 1, 2, 7].includes(r.repeat_type)) refuseParam("reminders.repeat_type", "must be 0, 1, 2 or 7");
  if (r.repeat_interval !== undefined) {
    if (r.repeat_type !== 1) refuseParam("reminders.repeat_interval", "only with repeat_type 1 (weekly)");
    if (r.repeat_interval < 1 || r.repeat_interval > 2) refuseParam("reminders.repeat_interval", "must be 1 or 2");
  }
  if (r.repeat_until !== undefined && r.repeat_until <= meetingStart) refuseParam("reminders.repeat_until", "must be after meeting_start");
}

/** Membership last: "any userid invalid or outside the app's visible range is an error". */
function checkMembers(admin: string, b: Partial<CreateMeetingBody>, ctx: BodyRulesContext): void {
  const everyone: Array<[string, string[]]> = [
    ["admin_userid", Object.hasOwn(b, "admin_userid") ? [admin] : []],
    ["invitees.userid", b.invitees?.userid ?? []],
    ["settings.hosts.userid", b.settings?.hosts?.userid ?? []],
    ["settings.ring_users.userid", b.settings?.ring_users?.userid ?? []],
  ];
  for (const [param, ids] of everyone) {
    const unknown = ids.find((u) => ctx.unknownUsers.has(u));
    if (unknown !== undefined) throw unknownUser(unknown, param);
  }
}

/** 400021 naming the userid and where it was. */
export function unknownUser(userid: string, param: string): Refusal {
  return new Refusal(wecomError(400021, `invalid userid: ${userid} (${param}) is not a member visible to the app`));
}

export function checkUserid(param: string, userid: string): void {
  const bytes = Buffer.byteLength(userid);
  if (bytes < 1 || bytes > 64) refuseParam(param, `userid must be 1 to 64 bytes, got ${bytes}`);
}

/** The document's title measure: 40 "bytes" or 20 UTF-8 characters, i.e. ASCII 1, others 2. */
function titleBytes(title: string): number {
  let n = 0;
  for (const ch of title) n += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return n;
}
