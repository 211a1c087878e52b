import { Field, ID, Int, ObjectType } from "type-graphql";
import type * as model from "../domain/meeting.model";
import { EnterMute, MeetingStatus, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// The GraphQL face of the meeting model (meeting/domain/meeting.model.ts). Output types resolve
// with graphql's default resolver (`simpleResolvers`): no per-field wrapper.

@ObjectType({ simpleResolvers: true, description: "The meeting's options, with the upstream defaults filled in." })
export class MeetingSettings implements model.MeetingSettings {
  @Field(() => String, { nullable: true, description: "Entry password, or null when none is set." })
  password!: string | null;

  @Field(() => Boolean, { description: "Whether a waiting room is open." })
  enableWaitingRoom!: boolean;

  @Field(() => Boolean, { description: "Whether members may join before the host." })
  allowEnterBeforeHost!: boolean;

  @Field(() => RemindScope, { description: "Who is rung when the meeting starts." })
  remindScope!: RemindScope;

  @Field(() => EnterMute, { description: "Whether members are muted when they join." })
  enableEnterMute!: EnterMute;

  @Field(() => Boolean, { description: "Whether a screen watermark is shown." })
  enableScreenWatermark!: boolean;

  @Field(() => [String], { description: "Userids of the hosts ([] when none are named)." })
  hosts!: string[];

  @Field(() => [String], { description: "Userids rung at the start when `remindScope` is RING_USERS ([] when none)." })
  ringUsers!: string[];
}

@ObjectType({ simpleResolvers: true, description: "The meeting's recurrence and reminders, with the upstream defaults filled in." })
export class MeetingReminders implements model.MeetingReminders {
  @Field(() => Boolean, { description: "Whether the meeting recurs." })
  isRepeat!: boolean;

  @Field(() => RepeatType, { description: "How it repeats." })
  repeatType!: RepeatType;

  @Field(() => Date, { nullable: true, description: "When the repetition ends, or null for the upstream's maximum." })
  repeatUntil!: Date | null;

  @Field(() => Int, { nullable: true, description: "Repeat every 1 or 2 weeks, or null when not set." })
  repeatInterval!: number | null;

  @Field(() => [RemindBefore], { description: "When members are reminded ([] for no reminder)." })
  remindBefore!: RemindBefore[];
}

@ObjectType({ simpleResolvers: true, description: "A member taking part in the meeting, and whether and when they were in it." })
export class Attendee implements model.Attendee {
  @Field(() => String, { description: "The member's userid." })
  userId!: string;

  @Field(() => Boolean, { description: "Whether the member has joined." })
  joined!: boolean;

  @Field(() => Date, { nullable: true, description: "When the member first joined, or null." })
  firstJoinAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the member last left, or null." })
  lastLeaveAt!: Date | null;

  @Field(() => Int, { description: "Seconds the member spent in the meeting in all." })
  timeInMeetingSeconds!: number;
}

@ObjectType({ simpleResolvers: true, description: "One occurrence of a repeating meeting (upstream `sub_meetings`)." })
export class Occurrence implements model.Occurrence {
  @Field(() => ID, { description: "The occurrence's id (upstream `sub_meetingid`), for `cancelMeeting(occurrenceId:)`." })
  id!: string;

  @Field(() => Date, { description: "Its start." })
  start!: Date;

  @Field(() => Date, { description: "Its end." })
  end!: Date;

  @Field(() => Boolean, { description: "Whether this occurrence was cancelled." })
  cancelled!: boolean;
}

/**
 * A meeting, wherever it came from (a create, a read, a listing, a change): each field is what
 * the gateway knows, or is loaded on demand when asked for. So a query that asks only for known
 * fields sends nothing more upstream.
 */
@ObjectType({ simpleResolvers: true, description: "A WeCom meeting. Fields the gateway does not already know are read from the upstream when asked for, once per request." })
export class Meeting {
  @Field(() => ID, { description: "The upstream meeting id (`meetingid`), used to read, change or cancel it." })
  readonly id: string;

  constructor(
    id: string,
    private readonly known: model.KnownMeeting,
    private readonly sources: model.MeetingSources,
  ) {
    this.id = id;
  }

  @Field(() => String, { description: "Title." })
  get title() {
    return this.pick("title");
  }

  @Field(() => String, { description: "Userid of the meeting's administrator." })
  get adminUserId() {
    return this.pick("adminUserId");
  }

  @Field(() => Date, { description: "Start time (whole seconds, as the upstream keeps it)." })
  get meetingStart() {
    return this.pick("meetingStart");
  }

  @Field(() => Int, { description: "Duration in seconds." })
  get meetingDuration() {
    return this.pick("meetingDuration");
  }

  @Field(() => Date, { description: "End time: `meetingStart` plus `meetingDuration`." })
  get meetingEnd(): Date | Promise<Date> {
    const { meetingStart, meetingDuration } = this.known;
    if (meetingStart !== undefined && meetingDuration !== undefined) return endOf(meetingStart, meetingDuration);
    return this.details().then((d) => endOf(d.meetingStart, d.meetingDuration));
  }

  @Field(() => String, { nullable: true, description: "Description, or null." })
  get description() {
    return this.pick("description");
  }

  @Field(() => String, { nullable: true, description: "Location, or null." })
  get location() {
    return this.pick("location");
  }

  @Field(() => String, { nullable: true, description: "Calendar id, or null for members' default calendars." })
  get calId() {
    return this.pick("calId");
  }

  @Field(() => MeetingSettings, { description: "Options, with the upstream defaults filled in. The hosts are `settings.hosts`." })
  get settings() {
    return this.pick("settings");
  }

  @Field(() => MeetingReminders, { nullable: true, description: "Recurrence and reminders; null when none are set." })
  get reminders() {
    return this.pick("reminders");
  }

  @Field(() => MeetingStatus, { description: "Where the meeting is in its life." })
  get status() {
    return this.pick("status");
  }

  @Field(() => String, { nullable: true, description: "The meeting number people type to join (upstream `meeting_code`)." })
  get meetingCode() {
    return this.details().then((d) => d.meetingCode);
  }

  @Field(() => String, { nullable: true, description: "The link that opens the meeting (upstream `meeting_link`)." })
  get meetingLink() {
    return this.details().then((d) => d.meetingLink);
  }

  @Field(() => [String], {
    description: "Userids of every invited member (upstream `get_invitees`, all pages, for a meeting read from the upstream; a corp without WeCom's advanced meeting features gets what the gateway knows, or the members the meeting lists).",
  })
  get invitees(): string[] | Promise<string[]> {
    return this.known.invitees ?? this.sources.invitees(this.id);
  }

  @Field(() => [Attendee], { description: "The members taking part, and whether and when they were in the meeting." })
  get attendees() {
    return this.details().then((d) => d.attendees);
  }

  @Field(() => [Occurrence], { description: "For a repeating meeting, its occurrences as the upstream lists them; [] otherwise." })
  get occurrences() {
    return this.details().then((d) => d.occurrences);
  }

  @Field(() => [String], {
    description: "Invitees without a valid meeting account (upstream `excess_users`, answered by a create or an update; only corps with the professional meeting edition report them). [] otherwise.",
  })
  get excessUsers(): string[] {
    return this.known.excessUsers ?? [];
  }

  @Field(() => Date, {
    description: "When the gateway last read this meeting from WeCom (or made it): what is shown is as of then. Kept reads keep their time; `Cache-Control: no-cache` reads afresh.",
  })
  get fetchedAt(): Date | Promise<Date> {
    return this.known.fetchedAt ?? this.details().then((d) => d.fetchedAt);
  }

  private pick<K extends keyof model.KnownMeeting & keyof model.MeetingDetails>(field: K): NonNullable<model.KnownMeeting[K]> | model.MeetingDetails[K] | Promise<model.MeetingDetails[K]> {
    const value = this.known[field];
    return value !== undefined ? (value as NonNullable<model.KnownMeeting[K]>) : this.details().then((d) => d[field]);
  }

  private details(): Promise<model.MeetingDetails> {
    return this.sources.details(this.id);
  }
}

const endOf = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);
