import { ArgsType, Field, ID, Int } from "type-graphql";
import { LIMITS, LISTING_DEFAULTS } from "../domain/meeting.limits";
import { CreateMeetingInput, UpdateMeetingInput } from "./meeting.input";

// ArgsTypes keep the arguments in the contract's order (parameter decorators run right to left).
// Descriptions state the limits from LIMITS, the table the rules check.

const { listingSpanDays: span } = LIMITS;
const { spanDays: around } = LISTING_DEFAULTS;

@ArgsType()
export class CreateMeetingArgs {
  @Field(() => CreateMeetingInput, { description: "The meeting to book." })
  input!: CreateMeetingInput;

  @Field(() => String, {
    nullable: true,
    description:
      "Makes retries safe: within 24 hours, a repeat with the same key and input returns the same meeting without creating another; with a different input it is refused (IDEMPOTENCY_KEY_REUSED). Use a fresh random key per meeting the user means to create, and the same key for its retries.",
  })
  idempotencyKey?: string | null;
}

@ArgsType()
export class MeetingArgs {
  @Field(() => ID, { description: "The meeting's id." })
  id!: string;
}

@ArgsType()
export class MeetingsArgs {
  @Field(() => String, { nullable: true, description: "Whose meetings: required for a service caller; a signed-in user lists its own (leave it out)." })
  userId?: string | null;

  @Field(() => Date, { nullable: true, description: `Meetings starting from this time. Default: ${around} days ago (or ${span} days before \`to\`).` })
  from?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: `Until this time; at most ${span} days after \`from\`. Meetings that have not started are listed whatever \`to\` says, as the upstream does. Default: the earlier of ${around} days from now and \`from\` + ${span} days.`,
  })
  to?: Date | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: LISTING_DEFAULTS.first,
    description: `Meetings per page, 1 to ${LIMITS.listingFirst} (null: ${LISTING_DEFAULTS.first}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The `endCursor` (or an edge's `cursor`) of a page of this listing. Cursors expire (an hour by default): an expired one is BAD_USER_INPUT; list again from the first page." })
  after?: string | null;
}

@ArgsType()
export class UpdateMeetingArgs {
  @Field(() => ID, { description: "The meeting to change; it must not have started." })
  id!: string;

  @Field(() => UpdateMeetingInput, { description: "What to change." })
  input!: UpdateMeetingInput;
}

@ArgsType()
export class CancelMeetingArgs {
  @Field(() => ID, { description: "The meeting to cancel (a whole series for a repeating one); it must not have started." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "Cancel only this occurrence of a repeating meeting (upstream `sub_meetingid`, see `Meeting.occurrences`)." })
  occurrenceId?: string | null;
}

@ArgsType()
export class SetMeetingInviteesArgs {
  @Field(() => ID, { description: "The meeting whose invitees to replace." })
  id!: string;

  @Field(() => [String], { description: `Every invitee, at most ${LIMITS.setInvitees} with the admin (who is added when left out).` })
  invitees!: string[];
}
