import type { CreateMeetingBody, CreateMeetingResult, UserIdList } from "../wecom/wecom.types";
import {
  ENTER_MUTE_CODE,
  EnterMute,
  REMIND_BEFORE_SECONDS,
  REMIND_SCOPE_CODE,
  RemindScope,
  REPEAT_TYPE_CODE,
  RepeatType,
} from "./meeting.enums";
import type { CreateMeetingInput } from "./meeting.input";
import type { Meeting, MeetingReminders, MeetingSettings } from "./meeting.type";

// CONTRACT.md §3: camelCase here is snake_case upstream; what is left out (or null) stays out
// of the body; enums become their numbers; is_repeat is 1/0; times are whole unix seconds.

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const wholeSeconds = (date: Date): Date => new Date(unixSeconds(date) * 1000);
const userIds = (list: string[]): UserIdList => ({ userid: list });

/** Copies `value` under `key` only when it is present, mapped. */
function put<V, R>(target: Record<string, unknown>, key: string, value: V | null | undefined, map?: (v: V) => R): void {
  if (present(value)) target[key] = map ? map(value) : value;
}

/** The upstream body of `meeting/create` for `input`, in the document's field order. */
export function toCreateMeetingBody(input: CreateMeetingInput): CreateMeetingBody {
  const body: Record<string, unknown> = {
    admin_userid: input.adminUserId,
    title: input.title,
    meeting_start: unixSeconds(input.meetingStart),
    meeting_duration: input.meetingDuration,
  };
  put(body, "description", input.description);
  put(body, "location", input.location);
  put(body, "agentid", input.agentId);
  put(body, "invitees", input.invitees, userIds);

  const s = input.settings;
  if (present(s)) {
    const settings: Record<string, unknown> = {};
    put(settings, "remind_scope", s.remindScope, (v) => REMIND_SCOPE_CODE[v]);
    put(settings, "password", s.password);
    put(settings, "enable_waiting_room", s.enableWaitingRoom);
    put(settings, "allow_enter_before_host", s.allowEnterBeforeHost);
    put(settings, "enable_enter_mute", s.enableEnterMute, (v) => ENTER_MUTE_CODE[v]);
    put(settings, "enable_screen_watermark", s.enableScreenWatermark);
    put(settings, "hosts", s.hosts, userIds);
    put(settings, "ring_users", s.ringUsers, userIds);
    body.settings = settings;
  }

  put(body, "cal_id", input.calId);

  const r = input.reminders;
  if (present(r)) {
    const reminders: Record<string, unknown> = {};
    put(reminders, "is_repeat", r.isRepeat, (v) => (v ? 1 : 0));
    put(reminders, "repeat_type", r.repeatType, (v) => REPEAT_TYPE_CODE[v]);
    put(reminders, "repeat_until", r.repeatUntil, unixSeconds);
    put(reminders, "repeat_interval", r.repeatInterval);
    put(reminders, "remind_before", r.remindBefore, (list) => list.map((v) => REMIND_BEFORE_SECONDS[v]));
    body.reminders = reminders;
  }
  return body as unknown as CreateMeetingBody;
}

/** The `Meeting` answer: what was created, with the upstream defaults filled in. */
export function toMeeting(input: CreateMeetingInput, result: CreateMeetingResult & { meetingid: string }): Meeting {
  const start = wholeSeconds(input.meetingStart);
  const s = input.settings;
  const settings: MeetingSettings = {
    password: s?.password ?? null,
    enableWaitingRoom: s?.enableWaitingRoom ?? false,
    allowEnterBeforeHost: s?.allowEnterBeforeHost ?? true,
    remindScope: s?.remindScope ?? RemindScope.HOST_ONLY,
    enableEnterMute: s?.enableEnterMute ?? EnterMute.AUTO_ABOVE_SIX,
    enableScreenWatermark: s?.enableScreenWatermark ?? false,
    hosts: s?.hosts ?? [],
    ringUsers: s?.ringUsers ?? [],
  };
  const r = input.reminders;
  const reminders: MeetingReminders | null = present(r)
    ? {
        isRepeat: r.isRepeat ?? false,
        repeatType: r.repeatType ?? RepeatType.DAILY,
        repeatUntil: present(r.repeatUntil) ? wholeSeconds(r.repeatUntil) : null,
        repeatInterval: r.repeatInterval ?? null,
        remindBefore: r.remindBefore ?? [],
      }
    : null;
  return {
    id: result.meetingid,
    title: input.title,
    adminUserId: input.adminUserId,
    meetingStart: start,
    meetingDuration: input.meetingDuration,
    meetingEnd: new Date(start.getTime() + input.meetingDuration * 1000),
    description: input.description ?? null,
    location: input.location ?? null,
    invitees: input.invitees ?? [],
    calId: input.calId ?? null,
    settings,
    reminders,
    excessUsers: result.excess_users ?? [],
  };
}
