/**
 * The gateway's createMeeting/get_info mapping, copied small for the peer and the ceiling (so
 * neither imports the gateway's src/, which is being moved). camelCase in, snake_case upstream:
 * enums as numbers, isRepeat 1/0, times as whole unix seconds, userid lists as {userid: [...]};
 * what is left out (or null) stays out.
 */
const REMIND_SCOPE: Record<string, number> = { NO_REMIND: 1, HOST_ONLY: 2, ALL_MEMBERS: 3, RING_USERS: 4 };
const ENTER_MUTE: Record<string, number> = { OFF: 0, ON: 1, AUTO_ABOVE_SIX: 2 };
const REPEAT_TYPE: Record<string, number> = { DAILY: 0, WEEKLY: 1, MONTHLY: 2, WORKDAYS: 7 };
const REMIND_BEFORE: Record<string, number> = { AT_START: 0, FIVE_MINUTES: 300, FIFTEEN_MINUTES: 900, ONE_HOUR: 3600, ONE_DAY: 86400 };
/** get_info `status` 1..5. */
export const MEETING_STATUS = [undefined, "UPCOMING", "IN_PROGRESS", "ENDED", "CANCELLED", "EXPIRED"] as const;

type Obj = Record<string, any>;
const unix = (t: Date | string) => Math.floor(new Date(t).getTime() / 1000);
const users = (list: string[]) => ({ userid: list });

/** Copies each present `from[camel]` to `to[snake]`, through `map` when given. */
function put(to: Obj, from: Obj, fields: Array<[string, string, ((v: any) => unknown)?]>): Obj {
  for (const [camel, snake, map] of fields) {
    const v = from[camel];
    if (v !== null && v !== undefined) to[snake] = map ? map(v) : v;
  }
  return to;
}

/** The body of POST /cgi-bin/meeting/create for a CreateMeetingInput (dates as Date or ISO text). */
export function toCreateBody(input: Obj): Obj {
  const body = put({}, input, [
    ["adminUserId", "admin_userid"], ["title", "title"], ["meetingStart", "meeting_start", unix],
    ["meetingDuration", "meeting_duration"], ["description", "description"], ["location", "location"],
    ["agentId", "agentid"], ["invitees", "invitees", users],
  ]);
  if (input.settings) {
    body.settings = put({}, input.settings, [
      ["remindScope", "remind_scope", (v) => REMIND_SCOPE[v]], ["password", "password"],
      ["enableWaitingRoom", "enable_waiting_room"], ["allowEnterBeforeHost", "allow_enter_before_host"],
      ["enableEnterMute", "enable_enter_mute", (v) => ENTER_MUTE[v]], ["enableScreenWatermark", "enable_screen_watermark"],
      ["hosts", "hosts", users], ["ringUsers", "ring_users", users],
    ]);
  }
  put(body, input, [["calId", "cal_id"]]);
  if (input.reminders) {
    body.reminders = put({}, input.reminders, [
      ["isRepeat", "is_repeat", (v) => (v ? 1 : 0)], ["repeatType", "repeat_type", (v) => REPEAT_TYPE[v]],
      ["repeatUntil", "repeat_until", unix], ["repeatInterval", "repeat_interval"],
      ["remindBefore", "remind_before", (list: string[]) => list.map((v) => REMIND_BEFORE[v])],
    ]);
  }
  return body;
}

/** The created Meeting, the fields the bench asks for (`id meetingStart meetingEnd settings { remindScope } excessUsers`). */
export function toMeeting(input: Obj, result: { meetingid: string; excess_users?: string[] }): Obj {
  const start = new Date(unix(input.meetingStart) * 1000);
  const meetingEnd = new Date(start.getTime() + input.meetingDuration * 1000);
  const settings = { remindScope: input.settings?.remindScope ?? "HOST_ONLY" };
  return { id: result.meetingid, meetingStart: start, meetingEnd, settings, excessUsers: result.excess_users ?? [] };
}
