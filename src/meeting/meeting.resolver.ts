import { Args, ArgsType, Field, Mutation, Resolver } from "type-graphql";
import { CreateMeetingInput } from "./meeting.input";
import type { MeetingService } from "./meeting.service";
import { Meeting } from "./meeting.type";

// An ArgsType keeps the arguments in the contract's order (parameter decorators run right to left).
@ArgsType()
class CreateMeetingArgs {
  @Field(() => CreateMeetingInput, { description: "The meeting to book." })
  input!: CreateMeetingInput;

  @Field(() => String, {
    nullable: true,
    description:
      "Makes retries safe: within 24 hours, a repeat with the same key and input returns the same meeting without creating another; with a different input it is refused (IDEMPOTENCY_KEY_REUSED). Use a fresh random key per meeting the user means to create.",
  })
  idempotencyKey?: string | null;
}

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(private readonly meetings: MeetingService) {}

  @Mutation(() => Meeting, {
    description:
      "Books a WeCom meeting. The input is checked against the upstream rules first: every violation is reported at once (BAD_USER_INPUT, `extensions.fields`) and nothing is sent. Upstream refusals are WECOM_ERROR with `errcode` and `errmsg`.",
  })
  createMeeting(@Args(() => CreateMeetingArgs) { input, idempotencyKey }: CreateMeetingArgs): Promise<Meeting> {
    return this.meetings.create(input, idempotencyKey);
  }
}
