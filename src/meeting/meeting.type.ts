import { Field, ID, Int, ObjectType } from "type-graphql";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

@ObjectType({ description: "The meeting's options: what was asked for, with the upstream defaults filled in." })
export class MeetingSettings {
  @Field(() => String, { nullable: true, description: "Entry password, or null when none was set." })
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

  @Field(() => [String], { description: "Userids of the hosts ([] when none were named)." })
  hosts!: string[];

  @Field(() => [String], { description: "Userids rung at the start when `remindScope` is RING_USERS ([] when none)." })
  ringUsers!: string[];
}

@ObjectType({ description: "The meeting's recurrence and reminders, with the upstream defaults filled in." })
export class MeetingReminders {
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

@ObjectType({ description: "A booked WeCom meeting." })
export class Meeting {
  @Field(() => ID, { description: "The upstream meeting id (`meetingid`), used to join or manage the meeting." })
  id!: string;

  @Field(() => String, { description: "Title." })
  title!: string;

  @Field(() => String, { description: "Userid of the meeting's administrator." })
  adminUserId!: string;

  @Field(() => Date, { description: "Start time (whole seconds, as the upstream keeps it)." })
  meetingStart!: Date;

  @Field(() => Int, { description: "Duration in seconds." })
  meetingDuration!: number;

  @Field(() => Date, { description: "End time: `meetingStart` plus `meetingDuration`." })
  meetingEnd!: Date;

  @Field(() => String, { nullable: true, description: "Description, or null." })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "Location, or null." })
  location!: string | null;

  @Field(() => [String], { description: "Userids of the invited members ([] when none)." })
  invitees!: string[];

  @Field(() => String, { nullable: true, description: "Calendar id, or null for members' default calendars." })
  calId!: string | null;

  @Field(() => MeetingSettings, { description: "Options: what was asked for, upstream defaults filled in." })
  settings!: MeetingSettings;

  @Field(() => MeetingReminders, { nullable: true, description: "Recurrence and reminders; null when none were asked for." })
  reminders!: MeetingReminders | null;

  @Field(() => [String], {
    description: "Invitees without a valid meeting account (upstream `excess_users`; only corps with the professional meeting edition report them). [] when absent.",
  })
  excessUsers!: string[];
}
