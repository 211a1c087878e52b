import { Field, InputType, Int } from "type-graphql";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// Every field names its type explicitly: tsx/esbuild emit no decorator metadata, and
// nullable, enum and list fields need it anyway (tsx and esbuild emit no decorator metadata).

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
    description: "Userids rung at the start when `remindScope` is RING_USERS (upstream `ring_users.userid`); they must be participants, so at most 301.",
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
  @Field(() => String, {
    nullable: true,
    description: "Userid of the meeting's administrator (upstream `admin_userid`). Required for a service caller; a signed-in user may leave it out (it is then the user) or name only itself.",
  })
  adminUserId?: string | null;

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

@InputType({
  description: "What to change in a meeting (upstream `POST /cgi-bin/meeting/update`): only the fields given are sent; null is the same as left out; \"\" clears a text field. At least one field. The same rules as for a create apply to each field given.",
})
export class UpdateMeetingInput {
  @Field(() => String, { nullable: true, description: "Title: not blank, at most 40 bytes counting ASCII as 1 and any other character as 2." })
  title?: string | null;

  @Field(() => Date, { nullable: true, description: "New start; must be later than now. Given alone, the meeting keeps its duration." })
  meetingStart?: Date | null;

  @Field(() => Int, { nullable: true, description: "New duration in seconds (300 to 86399). Given alone, the meeting keeps its start." })
  meetingDuration?: number | null;

  @Field(() => String, { nullable: true, description: "Description: at most 500 characters." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Location: at most 128 characters." })
  location?: string | null;

  @Field(() => Int, { nullable: true, description: "Agent id of the authorising app (upstream `agentid`); only old third-party multi-app suites need it." })
  agentId?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: "Replaces the invitee list, at most 300 userids (through meeting/update). For more, use setMeetingInvitees.",
  })
  invitees?: string[] | null;

  @Field(() => String, { nullable: true, description: "Calendar id (upstream `cal_id`), at most 64 bytes." })
  calId?: string | null;

  @Field(() => MeetingSettingsInput, { nullable: true, description: "Options to change; those left out stay as they are." })
  settings?: MeetingSettingsInput | null;

  @Field(() => MeetingRemindersInput, { nullable: true, description: "Recurrence and reminders to change." })
  reminders?: MeetingRemindersInput | null;
}
