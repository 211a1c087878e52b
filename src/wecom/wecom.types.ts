/**
 * Wire shapes of the upstream API, as `docs/wecom/create-meeting.md` and
 * `docs/wecom/meeting-family.md` document them. Optional fields are those the documents call
 * optional (requests) or that an answer may leave out (results).
 */

/** Every upstream answer carries these; `errcode` 0 is success. */
export interface WecomResult {
  errcode: number;
  errmsg: string;
}

export interface UserIdList {
  userid: string[];
}

// ---- gettoken, auth/getuserinfo ------------------------------------------------------------

export interface GetTokenResult extends WecomResult {
  access_token?: string;
  expires_in?: number;
}

/** `GET /cgi-bin/auth/getuserinfo`: a member has `userid` (older answers: `UserId`), others `openid`. */
export interface GetUserInfoResult extends WecomResult {
  userid?: string;
  UserId?: string;
  user_ticket?: string;
  openid?: string;
  external_userid?: string;
}

// ---- meeting/create, meeting/update --------------------------------------------------------

export interface MeetingSettingsBody {
  remind_scope?: number;
  password?: string;
  enable_waiting_room?: boolean;
  allow_enter_before_host?: boolean;
  enable_enter_mute?: number;
  enable_screen_watermark?: boolean;
  hosts?: UserIdList;
  ring_users?: UserIdList;
}

export interface MeetingRemindersBody {
  is_repeat?: 0 | 1;
  repeat_type?: number;
  repeat_until?: number;
  repeat_interval?: number;
  remind_before?: number[];
}

/** The meeting's fields that create and update bodies share; update sends only those it changes. */
export interface MeetingFieldsBody {
  title?: string;
  /** In an update, sent together with meeting_duration, always. */
  meeting_start?: number;
  meeting_duration?: number;
  description?: string;
  location?: string;
  agentid?: number;
  invitees?: UserIdList;
  settings?: MeetingSettingsBody;
  cal_id?: string;
  reminders?: MeetingRemindersBody;
}

/** Body of `POST /cgi-bin/meeting/create`. */
export interface CreateMeetingBody extends MeetingFieldsBody {
  admin_userid: string;
  title: string;
  meeting_start: number;
  meeting_duration: number;
}

export interface CreateMeetingResult extends WecomResult {
  meetingid?: string;
  excess_users?: string[];
}

/** Body of `POST /cgi-bin/meeting/update`: the create fields but the admin, all optional. */
export interface UpdateMeetingBody extends MeetingFieldsBody {
  meetingid: string;
}

export interface UpdateMeetingResult extends WecomResult {
  excess_users?: string[];
}

// ---- meeting/cancel ------------------------------------------------------------------------

export interface CancelMeetingBody {
  meetingid: string;
  /** One occurrence of a repeating meeting (advanced); left out: the whole meeting or series. */
  sub_meetingid?: string;
}

// ---- meeting/get_info ----------------------------------------------------------------------

export interface GetMeetingInfoBody {
  meetingid: string;
}

export interface MeetingAttendeeWire {
  userid: string;
  /** 1 joined, 2 not joined (the documents' examples also show 3 and 4, undefined). */
  status?: number;
  first_join_time?: number;
  last_quit_time?: number;
  total_join_count?: number;
  cumulative_time?: number;
}

export interface SubMeetingWire {
  sub_meetingid: string;
  /** 0 exists, 1 deleted (cancelled). */
  status?: number;
  start_time?: number;
  end_time?: number;
  title?: string;
  repeat_id?: string;
}

export interface GetMeetingInfoResult extends WecomResult {
  admin_userid?: string;
  title?: string;
  meeting_start?: number;
  meeting_duration?: number;
  description?: string;
  location?: string;
  main_department?: number;
  /** 1 not started, 2 in progress, 3 ended, 4 cancelled, 5 expired. */
  status?: number;
  meeting_type?: number;
  attendees?: { member?: MeetingAttendeeWire[]; tmp_external_user?: unknown[] };
  /** `password` is a string in the examples (one table calls it a bool). */
  settings?: Omit<MeetingSettingsBody, "password" | "enable_enter_mute"> & {
    password?: string | boolean;
    need_password?: boolean;
    /** An int 0/1/2 per the tables; one example has `true`. */
    enable_enter_mute?: number | boolean;
  };
  reminders?: MeetingRemindersBody & { repeat_until_type?: number; repeat_until_count?: number };
  cal_id?: string;
  meeting_code?: string;
  meeting_link?: string;
  sub_meetings?: SubMeetingWire[];
  has_more_sub_meeting?: number;
  remain_sub_meetings?: number;
  current_sub_meetingid?: string;
}

// ---- meeting/get_user_meetingid ------------------------------------------------------------

export interface GetUserMeetingIdsBody {
  userid: string;
  /** The previous answer's next_cursor; "0" on the first call. */
  cursor?: string;
  /** Default and most: 100. */
  limit?: number;
  begin_time?: number;
  /** A span of at most 180 days; only bounds past meetings. */
  end_time?: number;
}

export interface GetUserMeetingIdsResult extends WecomResult {
  next_cursor?: string;
  meetingid_list?: string[];
}

// ---- meeting/get_invitees, meeting/set_invitees (advanced) ---------------------------------

export interface GetInviteesBody {
  meetingid: string;
  cursor?: string;
}

export interface GetInviteesResult extends WecomResult {
  has_more?: boolean;
  next_cursor?: string;
  invitees?: Array<{ userid: string }>;
}

export interface SetInviteesBody {
  meetingid: string;
  /** At most 2000; the admin must be listed. */
  invitees: Array<{ userid: string }>;
}
