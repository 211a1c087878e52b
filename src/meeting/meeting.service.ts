import type { WecomClient } from "../wecom/wecom.client";
import type { CreateMeetingBody } from "../wecom/wecom.types";
import { badUserInput, toGraphQLError } from "./meeting.errors";
import { checkIdempotencyKey } from "./meeting.idempotency-key";
import type { CreateMeetingInput } from "./meeting.input";
import { toCreateMeetingBody, toMeeting } from "./meeting.mapping";
import { checkCreateMeetingInput } from "./meeting.rules";
import type { Meeting } from "./meeting.type";

/** Runs a create at most once per idempotency key (CONTRACT.md §6). */
export interface IdempotentCreates {
  run(key: string, body: CreateMeetingBody, create: () => Promise<Meeting>): Promise<Meeting>;
}

/** Creating a meeting: the input rules, the mapping, the upstream call, the idempotency key. */
export class MeetingService {
  constructor(
    private readonly wecom: WecomClient,
    private readonly idempotency: IdempotentCreates,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: CreateMeetingInput, idempotencyKey?: string | null): Promise<Meeting> {
    const violations = [...checkCreateMeetingInput(input, this.now()), ...checkIdempotencyKey(idempotencyKey)];
    if (violations.length > 0) throw badUserInput(violations);

    const body = toCreateMeetingBody(input);
    const create = async () => toMeeting(input, await this.wecom.createMeeting(body));
    try {
      // An empty key is refused above, not taken for "no key".
      return idempotencyKey != null ? await this.idempotency.run(idempotencyKey, body, create) : await create();
    } catch (error) {
      throw toGraphQLError(error);
    }
  }
}
