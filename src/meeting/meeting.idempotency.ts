import type { Store } from "../store/store";
import type { CreateMeetingBody } from "../wecom/wecom.types";
import type { IdempotentCreates } from "./meeting.service";
import type { Meeting } from "./meeting.type";

/** CONTRACT.md §6 (to be built): for now every call creates. */
export class IdempotencyGuard implements IdempotentCreates {
  constructor(private readonly _store: Store) {}

  run(_key: string, _body: CreateMeetingBody, create: () => Promise<Meeting>): Promise<Meeting> {
    return create();
  }
}
