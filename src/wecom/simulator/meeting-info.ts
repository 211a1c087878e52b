/**
 * A kept meeting as `meeting/get_info` answers it, after the reference's example answer
 * (meeting-family.md §1): the upstream defaults filled into `settings`, every invitee in
 * `attendees.member`, and the occurrences of a repeating meeting in `sub_meetings`.
 */
import type { GetMeetingInfoResult, MeetingAttendeeWire, SubMeetingWire } from "../wecom.types";
import { meetingType, occurrencesOf, statusOf, type KeptMeeting } from "./meeting-store";
import { effectiveRepeatUntil, isRepeating } from "./occurrences";

/** Most occurrences one answer lists. */
export const SUB_MEETINGS_LISTED = 50;

export function meetingInfo(m: KeptMeeting, nowSeconds: number): GetMeetingInfoResult {
  const s = m.settings;
  const info: GetMeetingInfoResult = {
    errcode: 0,
    errmsg: "ok",
    admin_userid: m.admin_userid,
    title: m.title,
    meeting_start: m.meeting_start,
    meeting_duration: m.meeting_duration,
    description: m.description ?? "",
    ...(m.location !== undefined ? { location: m.location } : {}),
    main_department: 1,
    status: statusOf(m, nowSeconds),
    meeting_type: meetingType(m),
    attendees: { member: attendees(m), tmp_external_user: [] },
    settings: {
      remind_scope: s.remind_scope ?? 2,
      ...(s.password !== undefined ? { password: s.password } : {}),
      enable_waiting_room: s.enable_waiting_room ?? false,
      allow_enter_before_host: s.allow_enter_before_host ?? true,
      enable_enter_mute: s.enable_enter_mute ?? 2,
      enable_screen_watermark: s.enable_screen_watermark ?? false,
      // create-meeting.md: the admin among the hosts "is filtered out automatically".
      hosts: { userid: (s.hosts?.userid ?? []).filter((u) => u !== m.admin_userid) },
      ring_users: { userid: [...(s.ring_users?.userid ?? [])] },
    },
    ...(m.cal_id !== undefined ? { cal_id: m.cal_id } : {}),
    ...(m.reminders !== undefined ? { reminders: reminders(m) } : {}),
    meeting_code: m.meeting_code,
    meeting_link: m.meeting_link,
  };
  return isRepeating(m.reminders) ? { ...info, ...subMeetings(m, nowSeconds) } : info;
}

/** Every invitee (not joined unless a test said so), then anyone else who joined. */
function attendees(m: KeptMeeting): MeetingAttendeeWire[] {
  const joinedOnly = [...m.attendance.keys()].filter((u) => !m.invitees.includes(u));
  return [...m.invitees, ...joinedOnly].map((userid) => {
    const a = m.attendance.get(userid);
    return {
      userid,
      status: a ? 1 : 2,
      first_join_time: a?.first_join_time ?? 0,
      last_quit_time: a?.last_quit_time ?? 0,
      total_join_count: a?.total_join_count ?? 0,
      cumulative_time: a?.cumulative_time ?? 0,
    };
  });
}

/** As asked for; a repeating meeting also says its repeat_type and the repeat_until upstream keeps. */
function reminders(m: KeptMeeting): NonNullable<GetMeetingInfoResult["reminders"]> {
  const r = structuredClone(m.reminders!);
  if (!isRepeating(r)) return r;
  return { ...r, repeat_type: r.repeat_type ?? 0, repeat_until: effectiveRepeatUntil(m.meeting_start, r) };
}

function subMeetings(m: KeptMeeting, nowSeconds: number): Partial<GetMeetingInfoResult> {
  const all = occurrencesOf(m);
  const left = all.filter((o) => !o.deleted && o.end > nowSeconds);
  const listed: SubMeetingWire[] = all.slice(0, SUB_MEETINGS_LISTED).map((o) => ({
    sub_meetingid: o.sub_meetingid,
    status: o.deleted ? 1 : 0,
    start_time: o.start,
    end_time: o.end,
    title: m.title,
  }));
  return {
    has_more_sub_meeting: all.length > SUB_MEETINGS_LISTED ? 1 : 0,
    remain_sub_meetings: m.cancelled ? 0 : left.length,
    ...(!m.cancelled && left.length > 0 ? { current_sub_meetingid: left[0].sub_meetingid } : {}),
    sub_meetings: listed,
  };
}
