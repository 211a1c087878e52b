import type { EnterMute, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// What a caller asks of a meeting, as the domain reads it (the rules, the mapping). The GraphQL
// input classes (meeting/graphql/meeting.input.ts) implement these shapes. Every optional field
// may be left out (undefined) or null, which mean the same.

/** Options (upstream `settings`). */
export interface MeetingSettingsFields {
  password?: string | null;
  enableWaitingRoom?: boolean | null;
  allowEnterBeforeHost?: boolean | null;
  remindScope?: RemindScope | null;
  enableEnterMute?: EnterMute | null;
  enableScreenWatermark?: boolean | null;
  hosts?: string[] | null;
  ringUsers?: string[] | null;
}

/** Recurrence and reminders (upstream `reminders`). */
export interface MeetingRemindersFields {
  isRepeat?: boolean | null;
  repeatType?: RepeatType | null;
  repeatUntil?: Date | null;
  repeatInterval?: number | null;
  remindBefore?: RemindBefore[] | null;
}

/** What a create and an update share, each optional: an update gives only what it changes. */
export interface MeetingFields {
  title?: string | null;
  meetingStart?: Date | null;
  meetingDuration?: number | null;
  description?: string | null;
  location?: string | null;
  agentId?: number | null;
  invitees?: string[] | null;
  calId?: string | null;
  settings?: MeetingSettingsFields | null;
  reminders?: MeetingRemindersFields | null;
}

/** A meeting to book: the schema requires its title, start and duration. */
export interface CreateMeetingFields extends MeetingFields {
  adminUserId?: string | null;
  title: string;
  meetingStart: Date;
  meetingDuration: number;
}

/** What to change in a meeting. */
export type UpdateMeetingFields = MeetingFields;
