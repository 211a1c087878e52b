/** Wire shapes of the upstream API, exactly as `create-meeting.md` documents them. */

export interface UserIdList {
  userid: string[];
}

export interface CreateMeetingSettingsBody {
  remind_scope?: number;
  password?: string;
  enable_waiting_room?: boolean;
  allow_enter_before_host?: boolean;
  enable_enter_mute?: number;
  enable_screen_watermark?: boolean;
  hosts?: UserIdList;
  ring_users?: UserIdList;
}

export interface CreateMeetingRemindersBody {
  is_repeat?: 0 | 1;
  repeat_type?: number;
  repeat_until?: number;
  repeat_interval?: number;
  remind_before?: number[];
}

/** Body of `POST /cgi-bin/meeting/create`. */
export interface CreateMeetingBody {
  admin_userid: string;
  title: string;
  meeting_start: number;
  meeting_duration: number;
  description?: string;
  location?: string;
  agentid?: number;
  invitees?: UserIdList;
  settings?: CreateMeetingSettingsBody;
  cal_id?: string;
  reminders?: CreateMeetingRemindersBody;
}

/** Every upstream answer carries these; `errcode` 0 is success. */
export interface WecomResult {
  errcode: number;
  errmsg: string;
}

export interface CreateMeetingResult extends WecomResult {
  meetingid?: string;
  excess_users?: string[];
}

export interface GetTokenResult extends WecomResult {
  access_token?: string;
  expires_in?: number;
}
