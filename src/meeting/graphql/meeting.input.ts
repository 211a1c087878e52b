import { Field, InputType, Int } from "type-graphql";
import type { CreateMeetingFields, MeetingRemindersFields, MeetingSettingsFields, UpdateMeetingFields } from "../domain/meeting.fields";
import { LIMITS } from "../domain/meeting.limits";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "./meeting.enums";

// Every field names its type explicitly: tsx/esbuild emit no decorator metadata, and nullable,
// enum and list fields need it anyway. Descriptions state the limits from LIMITS, the table the
// rules check.

const { passwordDigits: pin } = LIMITS;
const TITLE = `Title: not blank, at most ${LIMITS.titleBytes} bytes counting ASCII as 1 and any other character as 2 (${LIMITS.titleBytes} ASCII or ${LIMITS.titleBytes / 2} Chinese characters).`;
const DURATION = `${LIMITS.minDurationSeconds} to ${LIMITS.maxDurationSeconds} (at least 5 minutes, less than a day)`;

@InputType({ description: "Meeting options (upstream `settings`). Anything left out takes the upstream default." })
export class MeetingSettingsInput implements MeetingSettingsFields {
  @Field(() => String, { nullable: true, description: `Entry password: ${pin.min} to ${pin.max} digits, nothing else.` })
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
    description: `Userids of the hosts, at most ${LIMITS.hosts} (upstream \`hosts.userid\`). Only corps with the advanced meeting feature may name hosts; the creator is filtered out upstream.`,
  })
  hosts?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Userids rung at the start when \`remindScope\` is RING_USERS (upstream \`ring_users.userid\`); they must be participants, so at most ${LIMITS.ringUsers}.`,
  })
  ringUsers?: string[] | null;
}

@InputType({ description: "Recurrence and reminders (upstream `reminders`)." })
export class MeetingRemindersInput implements MeetingRemindersFields {
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

// Create and update share every field after the first ones. type-graphql lists a base class's
// fields before the class's own, so the shared fields are a mixin over each input's leading
// fields: both keep the contract's field order.

type InputClass = new (...args: any[]) => object;

function withSharedFields<Leading extends InputClass>(Base: Leading) {
  @InputType()
  class SharedMeetingFields extends Base {
    @Field(() => String, { nullable: true, description: `Description: at most ${LIMITS.descriptionChars} characters.` })
    description?: string | null;

    @Field(() => String, { nullable: true, description: `Location: at most ${LIMITS.locationChars} characters.` })
    location?: string | null;

    @Field(() => Int, { nullable: true, description: "Agent id of the authorising app (upstream `agentid`); only old third-party multi-app suites need it." })
    agentId?: number | null;

    @Field(() => [String], {
      nullable: true,
      description: `Userids of the invited members, at most ${LIMITS.invitees} (a corp's own limit may be 100); an update's list replaces the meeting's (for more, use setMeetingInvitees). An invalid or invisible userid makes the upstream refuse the meeting.`,
    })
    invitees?: string[] | null;

    @Field(() => String, {
      nullable: true,
      description: `Calendar id (upstream \`cal_id\`), at most ${LIMITS.calIdBytes} bytes; the calendar must belong to this app. Left out of a create: members' default calendars.`,
    })
    calId?: string | null;

    @Field(() => MeetingSettingsInput, { nullable: true, description: "Meeting options; in an update, those left out stay as they are." })
    settings?: MeetingSettingsInput | null;

    @Field(() => MeetingRemindersInput, { nullable: true, description: "Recurrence and reminders." })
    reminders?: MeetingRemindersInput | null;
  }
  return SharedMeetingFields;
}

@InputType()
class CreateMeetingLeadingFields {
  @Field(() => String, {
    nullable: true,
    description: "Userid of the meeting's administrator (upstream `admin_userid`). Required for a service caller; a signed-in user may leave it out (it is then the user) or name only itself.",
  })
  adminUserId?: string | null;

  @Field(() => String, { description: TITLE })
  title!: string;

  @Field(() => Date, { description: "Start time; must be later than now. Sent upstream as whole unix seconds." })
  meetingStart!: Date;

  @Field(() => Int, { description: `Duration in seconds: ${DURATION}.` })
  meetingDuration!: number;
}

@InputType({ description: "A meeting to book (upstream `POST /cgi-bin/meeting/create`)." })
export class CreateMeetingInput extends withSharedFields(CreateMeetingLeadingFields) implements CreateMeetingFields {}

@InputType()
class UpdateMeetingLeadingFields {
  @Field(() => String, { nullable: true, description: TITLE })
  title?: string | null;

  @Field(() => Date, { nullable: true, description: "New start; must be later than now. Given alone, the meeting keeps its duration." })
  meetingStart?: Date | null;

  @Field(() => Int, { nullable: true, description: `New duration in seconds: ${DURATION}. Given alone, the meeting keeps its start.` })
  meetingDuration?: number | null;
}

@InputType({
  description: "What to change in a meeting (upstream `POST /cgi-bin/meeting/update`): only the fields given are sent; null is the same as left out; \"\" clears a text field. At least one field that changes something (`{ settings: {} }` does not). The same rules as for a create apply to each field given.",
})
export class UpdateMeetingInput extends withSharedFields(UpdateMeetingLeadingFields) implements UpdateMeetingFields {}
