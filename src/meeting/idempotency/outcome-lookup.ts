import type { Logger } from "pino";
import type { Store } from "../../store/store";
import { UpstreamRateLimitedError } from "../../wecom/wecom.errors";
import type { CreateMeetingBody } from "../../wecom/wecom.types";
import { IdempotencyOutcomeUnknownError } from "./idempotency.errors";
import type { IdempotencyStoreKeys } from "./idempotency.store-keys";
import { LookupIncompleteError, type CreatedMeetingLookup } from "./meeting-lookup";
import type { OutcomeJournal } from "./outcome-journal";

export interface OutcomeLookupOptions {
  /** How long a key's record lives; a mark outlives it by the apply window. */
  ttlMs: number;
  /** How long after sending WeCom may still apply a create whose answer never came. */
  applyWindowMs: number;
  log?: Logger;
}

/**
 * Which key a meeting in WeCom belongs to, and what a create whose answer never came made
 * (CONTRACT §6). Every meeting the gateway makes or finds carries its owner's mark (a key's, or
 * UNKEYED), set atomically, so a lookup never takes a meeting that another key or an unkeyed
 * create made, and two keys never take one meeting.
 */
export class OutcomeLookup {
  constructor(
    private readonly store: Store,
    private readonly lookup: CreatedMeetingLookup,
    private readonly keys: IdempotencyStoreKeys,
    private readonly journal: OutcomeJournal,
    private readonly options: OutcomeLookupOptions,
  ) {}

  /**
   * A meeting of `body` in WeCom that no other owner has, now marked as `owner`'s; undefined when
   * there is none. Throws when WeCom cannot be asked or the lookup could not read enough to tell.
   */
  async take(body: CreateMeetingBody, owner: string): Promise<string | undefined> {
    const ownerOf = (id: string) => this.store.get(this.keys.meetingMark(id)).catch(() => null);
    const { matches, complete } = await this.lookup.find(body, async (id) => {
      const mark = await ownerOf(id);
      return mark !== null && mark !== owner;
    });
    for (const id of matches) {
      if (await this.store.setIfAbsent(this.keys.meetingMark(id), owner, this.markTtlMs())) return id;
      if ((await ownerOf(id)) === owner) return id;
    }
    // None taken, and some were never read: one of them may be it.
    if (!complete) throw new LookupIncompleteError();
    return undefined;
  }

  /**
   * The outcome of a call that left no answer (unknown, or pending with its owner gone): the
   * meeting found in WeCom; undefined when it was not created (the apply window after `sentAt`
   * has passed); otherwise IDEMPOTENCY_OUTCOME_UNKNOWN with when to ask again.
   */
  async resolve(body: CreateMeetingBody, owner: string, sentAt: number): Promise<string | undefined> {
    let id: string | undefined;
    try {
      id = await this.take(body, owner);
    } catch (error) {
      if (error instanceof UpstreamRateLimitedError) throw error; // a budget is spent: asking again after it tells
      throw outcomeUnknownAfter(error, "The first call with this idempotencyKey got no answer");
    }
    if (id !== undefined) return id;
    const left = sentAt + this.options.applyWindowMs - Date.now();
    if (left > 0) {
      throw new IdempotencyOutcomeUnknownError(
        "The first call with this idempotencyKey got no answer, and WeCom does not show the meeting yet",
        Math.max(1, Math.ceil(left / 1000)),
      );
    }
    return undefined;
  }

  /** Marks a meeting as `owner`'s, for the lookups to come (kept and written again if the store cannot take it now). */
  async mark(meetingId: string, owner: string): Promise<void> {
    await this.journal.set(this.keys.meetingMark(meetingId), owner, this.markTtlMs(), { onlyIfAbsent: true }).catch((error: unknown) => {
      this.options.log?.warn({ err: error instanceof Error ? error.message : String(error) }, "could not mark a created meeting as its key's");
    });
  }

  private markTtlMs(): number {
    return this.options.ttlMs + this.options.applyWindowMs;
  }
}

/**
 * IDEMPOTENCY_OUTCOME_UNKNOWN after a lookup that failed: `situation` says what was not known.
 * Too many meetings to read is no reason to ask again soon; WeCom unreachable is.
 */
export function outcomeUnknownAfter(error: unknown, situation: string): IdempotencyOutcomeUnknownError {
  if (error instanceof LookupIncompleteError) return new IdempotencyOutcomeUnknownError(`${situation}, and ${error.message}`);
  return new IdempotencyOutcomeUnknownError(`${situation}, and WeCom cannot be asked now whether the meeting exists`, 5);
}
