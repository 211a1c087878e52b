import { unixSeconds } from "../../rules/rules";
import type {
  CreateMeetingBody,
  CreateMeetingResult,
  GetMeetingInfoResult,
  MeetingRemindersBody,
  MeetingSettingsBody,
  UpdateMeetingBody,
  UserIdList,
} from "../../wecom/wecom.types";
import {
  ENTER_MUTE,
  EnterMute,
  MEETING_STATUS,
  MeetingStatus,
  REMIND_BEFORE,
  REMIND_SCOPE,
  REPEAT_TYPE,
  RemindBefore,
} from "./meeting.enums";
import type { CreateMeetingFields, MeetingFields, MeetingRemindersFields, MeetingSettingsFields, UpdateMeetingFields } from "./meeting.fields";
import type { Attendee, KnownMeeting, MeetingDetails, MeetingReminders, MeetingSettings, Occurrence } from "./meeting.model";

// CONTRACT §3: camelCase here is snake_case upstream; what is left out (or null) stays out of the
// body; enums become their numbers; is_repeat is 1/0; times are whole unix seconds.

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
const wholeSeconds = (date: Date): Date => new Date(unixSeconds(date) * 1000);
const fromUnix = (seconds: number): Date => new Date(seconds * 1000);
const userIds = (list: string[]): UserIdList => ({ userid: list });

/** Copies `value` under `key` only when it is present, mapped. */
function put<V, R>(target: Record<string, unknown>, key: string, value: V | null | undefined, map?: (v: V) => R): void {
  if (present(value)) target[key] = map ? map(value) : value;
}

/** The upstream body of `meeting/create` for `input` (its admin already decided), in the document's field order. */
export function toCreateMeetingBody(input: CreateMeetingFields & { adminUserId: string }): CreateMeetingBody {
  const body: Record<string, unknown> = {
    admin_userid: input.adminUserId,
    title: input.title,
    meeting_start: unixSeconds(input.meetingStart),
    meeting_duration: input.meetingDuration,
  };
  putOptionalFields(body, input);
  return body as unknown as CreateMeetingBody;
}

/**
 * The upstream body of `meeting/update`: only what the input names. The upstream wants the start
 * and the duration together, so the one not given comes from `current` (the meeting as it is).
 */
export function toUpdateMeetingBody(
  id: string,
  input: UpdateMeetingFields,
  current?: { meetingStart: Date; meetingDuration: number },
): UpdateMeetingBody {
  const body: Record<string, unknown> = { meetingid: id };
  put(body, "title", input.title);
  const start = input.meetingStart ?? (present(input.meetingDuration) ? current?.meetingStart : undefined);
  const duration = input.meetingDuration ?? (present(input.meetingStart) ? current?.meetingDuration : undefined);
  put(body, "meeting_start", start, unixSeconds);
  put(body, "meeting_duration", duration);
  putOptionalFields(body, input);
  return body as unknown as UpdateMeetingBody;
}

function putOptionalFields(body: Record<string, unknown>, input: MeetingFields): void {
  put(body, "description", input.description);
  put(body, "location", input.location);
  put(body, "agentid", input.agentId);
  put(body, "invitees", input.invitees, userIds);
  put(body, "settings", input.settings, settingsBody);
  put(body, "cal_id", input.calId);
  put(body, "reminders", input.reminders, remindersBody);
}

function settingsBody(s: MeetingSettingsFields): MeetingSettingsBody {
  const settings: Record<string, unknown> = {};
  put(settings, "remind_scope", s.remindScope, (v) => REMIND_SCOPE.code[v]);
  put(settings, "password", s.password);
  put(settings, "enable_waiting_room", s.enableWaitingRoom);
  put(settings, "allow_enter_before_host", s.allowEnterBeforeHost);
  put(settings, "enable_enter_mute", s.enableEnterMute, (v) => ENTER_MUTE.code[v]);
  put(settings, "enable_screen_watermark", s.enableScreenWatermark);
  put(settings, "hosts", s.hosts, userIds);
  put(settings, "ring_users", s.ringUsers, userIds);
  return settings;
}

function remindersBody(r: MeetingRemindersFields): MeetingRemindersBody {
  const reminders: Record<string, unknown> = {};
  put(reminders, "is_repeat", r.isRepeat, (v) => (v ? 1 : 0));
  put(reminders, "repeat_type", r.repeatType, (v) => REPEAT_TYPE.code[v]);
  put(reminders, "repeat_until", r.repeatUntil, unixSeconds);
  put(reminders, "repeat_interval", r.repeatInterval);
  put(reminders, "remind_before", r.remindBefore, (list) => list.map((v) => REMIND_BEFORE.code[v]));
  return reminders;
}

// ---- answers --------------------------------------------------------------------------------

/** What a create tells: the input as the upstream keeps it (whole seconds), its defaults filled in. */
export function knownFromCreate(input: CreateMeetingFields & { adminUserId: string }, result: CreateMeetingResult): KnownMeeting {
  const s = input.settings;
  const r = input.reminders;
  return {
    title: input.title,
    adminUserId: input.adminUserId,
    meetingStart: wholeSeconds(input.meetingStart),
    meetingDuration: input.meetingDuration,
    description: input.description ?? null,
    location: input.location ?? null,
    invitees: input.invitees ?? [],
    calId: input.calId ?? null,
    settings: {
      password: s?.password ?? null,
      enableWaitingRoom: s?.enableWaitingRoom ?? false,
      allowEnterBeforeHost: s?.allowEnterBeforeHost ?? true,
      remindScope: s?.remindScope ?? REMIND_SCOPE.upstreamDefault!,
      enableEnterMute: s?.enableEnterMute ?? ENTER_MUTE.upstreamDefault!,
      enableScreenWatermark: s?.enableScreenWatermark ?? false,
      hosts: s?.hosts ?? [],
      ringUsers: s?.ringUsers ?? [],
    },
    reminders: present(r)
      ? {
          isRepeat: r.isRepeat ?? false,
          repeatType: r.repeatType ?? REPEAT_TYPE.upstreamDefault!,
          repeatUntil: present(r.repeatUntil) ? wholeSeconds(r.repeatUntil) : null,
          repeatInterval: r.repeatInterval ?? null,
          remindBefore: r.remindBefore ?? [],
        }
      : null,
    excessUsers: result.excess_users ?? [],
  };
}

/** A `get_info` answer as the schema's fields. Values the documents do not define take the upstream default. */
export function fromMeetingInfo(info: GetMeetingInfoResult): Omit<MeetingDetails, "fetchedAt"> {
  const start = fromUnix(info.meeting_start ?? 0);
  return {
    title: info.title ?? "",
    adminUserId: info.admin_userid ?? "",
    meetingStart: start,
    meetingDuration: info.meeting_duration ?? 0,
    description: info.description || null,
    location: info.location || null,
    calId: info.cal_id || null,
    settings: settingsFrom(info.settings),
    reminders: remindersFrom(info.reminders),
    status: MEETING_STATUS.fromCode(info.status) ?? MeetingStatus.UPCOMING,
    meetingCode: info.meeting_code || null,
    meetingLink: info.meeting_link || null,
    attendees: (info.attendees?.member ?? []).map(attendeeFrom),
    occurrences: (info.sub_meetings ?? []).map(
      (o): Occurrence => ({
        id: o.sub_meetingid,
        start: fromUnix(o.start_time ?? 0),
        end: fromUnix(o.end_time ?? 0),
        cancelled: o.status === 1,
      }),
    ),
  };
}

function settingsFrom(s: GetMeetingInfoResult["settings"] = {}): MeetingSettings {
  // One document types enable_enter_mute as a boolean in its example: true is "on".
  const mute = typeof s.enable_enter_mute === "boolean" ? (s.enable_enter_mute ? 1 : 0) : s.enable_enter_mute;
  return {
    // One document types the password as a bool (whether there is one); the examples give the string.
    password: typeof s.password === "string" && s.password !== "" ? s.password : null,
    enableWaitingRoom: s.enable_waiting_room ?? false,
    allowEnterBeforeHost: s.allow_enter_before_host ?? true,
    remindScope: REMIND_SCOPE.fromCode(s.remind_scope) ?? REMIND_SCOPE.upstreamDefault!,
    enableEnterMute: ENTER_MUTE.fromCode(mute) ?? EnterMute.AUTO_ABOVE_SIX,
    enableScreenWatermark: s.enable_screen_watermark ?? false,
    hosts: s.hosts?.userid ?? [],
    ringUsers: s.ring_users?.userid ?? [],
  };
}

function remindersFrom(r: GetMeetingInfoResult["reminders"]): MeetingReminders | null {
  if (!r) return null;
  return {
    isRepeat: r.is_repeat === 1,
    repeatType: REPEAT_TYPE.fromCode(r.repeat_type) ?? REPEAT_TYPE.upstreamDefault!,
    repeatUntil: r.repeat_until ? fromUnix(r.repeat_until) : null,
    repeatInterval: r.repeat_interval ?? null,
    remindBefore: (r.remind_before ?? []).map((v) => REMIND_BEFORE.fromCode(v)).filter((v): v is RemindBefore => v !== undefined),
  };
}

function attendeeFrom(m: NonNullable<NonNullable<GetMeetingInfoResult["attendees"]>["member"]>[number]): Attendee {
  return {
    userId: m.userid,
    joined: m.status === 1 || (m.first_join_time ?? 0) > 0,
    firstJoinAt: m.first_join_time ? fromUnix(m.first_join_time) : null,
    lastLeaveAt: m.last_quit_time ? fromUnix(m.last_quit_time) : null,
    timeInMeetingSeconds: m.cumulative_time ?? 0,
  };
}
