import type { EnterMute, MeetingStatus, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// The meeting as the domain knows it: plain data, the same whether it came from a create, from
// get_info or from a store (meeting.codec.ts writes and revives it). The GraphQL face
// (meeting/graphql/meeting.type.ts) shows these fields; it adds nothing to them.

/** The meeting's options, with the upstream defaults filled in. */
export interface MeetingSettings {
  password: string | null;
  enableWaitingRoom: boolean;
  allowEnterBeforeHost: boolean;
  remindScope: RemindScope;
  enableEnterMute: EnterMute;
  enableScreenWatermark: boolean;
  hosts: string[];
  ringUsers: string[];
}

/** The meeting's recurrence and reminders, with the upstream defaults filled in. */
export interface MeetingReminders {
  isRepeat: boolean;
  repeatType: RepeatType;
  repeatUntil: Date | null;
  repeatInterval: number | null;
  remindBefore: RemindBefore[];
}

/** A member taking part in the meeting, and whether and when they were in it. */
export interface Attendee {
  userId: string;
  joined: boolean;
  firstJoinAt: Date | null;
  lastLeaveAt: Date | null;
  timeInMeetingSeconds: number;
}

/** One occurrence of a repeating meeting (upstream `sub_meetings`). */
export interface Occurrence {
  id: string;
  start: Date;
  end: Date;
  cancelled: boolean;
}

/** What `get_info` tells of a meeting, mapped. */
export interface MeetingDetails {
  title: string;
  adminUserId: string;
  meetingStart: Date;
  meetingDuration: number;
  description: string | null;
  location: string | null;
  calId: string | null;
  settings: MeetingSettings;
  reminders: MeetingReminders | null;
  status: MeetingStatus;
  meetingCode: string | null;
  meetingLink: string | null;
  attendees: Attendee[];
  occurrences: Occurrence[];
  /** When the gateway read this from WeCom (a kept answer keeps its time). */
  fetchedAt: Date;
}

/** What the gateway knows of a meeting without asking the upstream (a create's input, an update's answer). */
export type KnownMeeting = Partial<
  Pick<MeetingDetails, "title" | "adminUserId" | "meetingStart" | "meetingDuration" | "description" | "location" | "calId" | "settings" | "reminders" | "status">
> & { invitees?: string[]; excessUsers?: string[]; fetchedAt?: Date };

/** Where the rest comes from, once per meeting per request (the request's loaders). */
export interface MeetingSources {
  details(id: string): Promise<MeetingDetails>;
  invitees(id: string): Promise<string[]>;
}

/** A meeting as the domain answers it: its id and what is known of it; the GraphQL face makes it a Meeting. */
export interface MeetingSnapshot {
  id: string;
  known: KnownMeeting;
}
