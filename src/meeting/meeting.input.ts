import { Field, InputType, Int } from "type-graphql";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// Every field names its type explicitly: tsx/esbuild emit no decorator metadata, and
// nullable, enum and list fields need it anyway (../shared/STACK.md).

@InputType({ description: "Meeting options (upstream `settings`). Anything left out takes the upstream default." })
export class MeetingSettingsInput {
  @Field(() => String, { nullable: true, description: "Entry password: 4 to 6 digits, nothing else." })
  password?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Open a waiting room. Default: false." })
  enableWaitingRoom?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Let members join before the host. Default: true." })
  allowEnterBeforeHost?: boolean | null;

  @Field(() => RemindScope, { nullable: true, description: "Who is rung when the meeting starts. Default: HOST_ONLY." })
  remindScope?: RemindScope | null;

  @Field(() => EnterMute, { nullable: true, description: "Mute members when they join. Default: AUTO_ABOVE_SIX." })
  enableEnterMute?: EnterMute | null;

  @Field(() => Boolean, { nullable: true, description: "Show a screen watermark. Default: false." })
  enableScreenWatermark?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: "Userids of the hosts, at most 10 (upstream `hosts.userid`). Only corps with the advanced meeting feature may name hosts; the creator is filtered out upstream.",
  })
  hosts?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Userids rung at the start when `remindScope` is RING_USERS (upstream `ring_users.userid`).",
  })
  ringUsers?: string[] | null;
}

@InputType({ description: "Recurrence and reminders (upstream `reminders`)." })
export class MeetingRemindersInput {
  @Field(() => Boolean, { nullable: true, description: "A recurring meeting (upstream `is_repeat` 1/0). Default: false." })
  isRepeat?: boolean | null;

  @Field(() => RepeatType, { nullable: true, description: "How it repeats; only used when `isRepeat` is true. Default: DAILY." })
  repeatType?: RepeatType | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the repetition ends; must be after `meetingStart`. Left out or too far: the upstream uses its maximum (200 daily/weekly occurrences, 50 fortnightly/monthly).",
  })
  repeatUntil?: Date | null;

  @Field(() => Int, { nullable: true, description: "Repeat every 1 or 2 weeks; only with `repeatType: WEEKLY`." })
  repeatInterval?: number | null;

  @Field(() => [RemindBefore], { nullable: true, description: "When to remind members before the start; each value at most once. Default: no reminder." })
  remindBefore?: RemindBefore[] | null;
}

@InputType({ description: "A meeting to book (upstream `POST /cgi-bin/meeting/create`)." })
export class CreateMeetingInput {
  @Field(() => String, { description: "Userid of the meeting's administrator (upstream `admin_userid`)." })
  adminUserId!: string;

  @Field(() => String, { description: "Title: not blank, at most 40 bytes counting ASCII as 1 and any other character as 2 (40 ASCII or 20 Chinese characters)." })
  title!: string;

  @Field(() => Date, { description: "Start time; must be later than now. Sent upstream as whole unix seconds." })
  meetingStart!: Date;

  @Field(() => Int, { description: "Duration in seconds: at least 300, less than a day (at most 86399)." })
  meetingDuration!: number;

  @Field(() => String, { nullable: true, description: "Description: at most 500 characters." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Location: at most 128 characters." })
  location?: string | null;

  @Field(() => Int, { nullable: true, description: "Agent id of the authorising app (upstream `agentid`); only old third-party multi-app suites need it." })
  agentId?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: "Userids of the invited members, at most 300 (a corp's own limit may be 100). An invalid or invisible userid makes the upstream refuse the meeting.",
  })
  invitees?: string[] | null;

  @Field(() => String, { nullable: true, description: "Calendar id (upstream `cal_id`), at most 64 bytes; the calendar must belong to this app. Left out: members' default calendars." })
  calId?: string | null;

  @Field(() => MeetingSettingsInput, { nullable: true, description: "Meeting options." })
  settings?: MeetingSettingsInput | null;

  @Field(() => MeetingRemindersInput, { nullable: true, description: "Recurrence and reminders." })
  reminders?: MeetingRemindersInput | null;
}
