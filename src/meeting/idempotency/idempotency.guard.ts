import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { StoreUnavailableError, type Store } from "../../store/store";
import { UpstreamError } from "../../wecom/wecom.errors";
import type { CreateMeetingBody } from "../../wecom/wecom.types";
import type { MeetingSnapshot } from "../graphql/meeting.type";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "./idempotency.errors";
import { idempotencyStoreKey } from "./idempotency.key";
import { fingerprintOf, parseRecord, reviveMeeting, serialiseRecord, type RecordToWrite } from "./idempotency.record";


/** Runs a create at most once per idempotency key (CONTRACT §6). */
export interface IdempotentCreates {
  run(key: string, body: CreateMeetingBody, create: () => Promise<MeetingSnapshot>): Promise<MeetingSnapshot>;
}

export interface IdempotencyOptions {
  /** How long a key's record lives (CONTRACT.md §6: 24 hours). */
  ttlMs?: number;
  /**
   * The longest a first call can take (see firstCallLimitMs). Another call finding the key still
   * pending waits at most this long from the claim, then answers IDEMPOTENCY_OUTCOME_UNKNOWN.
   */
  firstCallLimitMs?: number;
  /** First pause between two reads of a record pending on another instance; doubles up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  /** Namespace of the keys (the corp id), so corps sharing a store never share keys. */
  scope?: string;
  log?: Logger;
}

/**
 * How long a first call can take: a token fetch and the create, each bounded by the upstream
 * timeout, twice when the token is refused (40014/42001), plus a margin for the store and the
 * token lock. A pending record older than this has lost its owner (a crash, or a store that
 * failed when the outcome was written).
 */
export function firstCallLimitMs(upstreamTimeoutMs: number): number {
  return 4 * upstreamTimeoutMs + 5_000;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** What a follower finds when the first call failed without creating and freed the key. */
const FREED = Symbol("freed");

/**
 * CONTRACT.md §6: a create runs at most once per idempotency key, across instances sharing the
 * store. The record's states and transitions (meeting.idempotency-record.ts):
 *
 *   (absent) ──claim: setIfAbsent──▶ pending ──created──▶ done       (24 h, then absent)
 *                                       │ ──timed out after sending──▶ unknown (24 h)
 *                                       └─ failed before the upstream accepted ─▶ (absent)
 *
 * A call that finds the key pending follows it: in this process it shares the first call's
 * promise; from another instance it polls the record until it leaves pending.
 *
 * When the first call fails without creating (and frees the key), the callers following it:
 * - in the same process get the same error. They sent the identical input at the same moment,
 *   the error answers their request as well, and repeating it at once would mostly repeat the
 *   error (a rate limit, an unreachable upstream);
 * - on another instance see only that the key is free, not why; they claim it, as their
 *   client's retry would, and the one that wins creates while the others follow it. Each
 *   request still causes at most one upstream create.
 *
 * Nothing here retries a create that may have reached the upstream.
 */
export class IdempotencyGuard implements IdempotentCreates {
  private readonly ttlMs: number;
  private readonly firstCallLimitMs: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly log: Logger | undefined;
  private readonly scope: string;
  /** Calls in flight in this process, by store key: later ones with the key share the outcome. */
  private readonly inFlight = new Map<string, { fingerprint: string; outcome: Promise<MeetingSnapshot> }>();

  constructor(
    private readonly store: Store,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DAY_MS;
    this.firstCallLimitMs = options.firstCallLimitMs ?? firstCallLimitMs(10_000);
    this.pollMs = options.pollMs ?? 20;
    this.maxPollMs = options.maxPollMs ?? 200;
    this.log = options.log;
    this.scope = options.scope ?? "";
  }

  async run(key: string, body: CreateMeetingBody, create: () => Promise<MeetingSnapshot>): Promise<MeetingSnapshot> {

    // No await before the map is updated: two calls in the same tick must see each other.
    const storeKey = idempotencyStoreKey(key, this.scope);
    const fingerprint = fingerprintOf(body);
    const shared = this.inFlight.get(storeKey);
    if (shared) {
      if (shared.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      return shared.outcome;
    }
    const outcome = this.settle(storeKey, fingerprint, create).finally(() => this.inFlight.delete(storeKey));
    this.inFlight.set(storeKey, { fingerprint, outcome });
    return outcome;
  }

  /** Claims the key and creates, or follows whoever holds it. */
  private async settle(storeKey: string, fingerprint: string, create: () => Promise<MeetingSnapshot>): Promise<MeetingSnapshot> {
    for (;;) {
      const pending = serialiseRecord({
        state: "pending",
        fingerprint,
        owner: randomUUID(),
        until: Date.now() + this.firstCallLimitMs,
      });
      // Kept for the full time to live: a pending record whose owner vanished must not expire
      // into "free", or a retry would create a meeting that may already exist.
      if (await this.store.setIfAbsent(storeKey, pending, this.ttlMs)) {
        return this.createAsOwner(storeKey, fingerprint, pending, create);
      }
      const outcome = await this.follow(storeKey, fingerprint);
      if (outcome !== FREED) return outcome;
    }
  }

  private async createAsOwner(
    storeKey: string,
    fingerprint: string,
    pending: string,
    create: () => Promise<MeetingSnapshot>,
  ): Promise<MeetingSnapshot> {
    let meeting: MeetingSnapshot;
    try {
      meeting = await create();
    } catch (error) {
      if (createdNothing(error)) await this.release(storeKey, pending);
      else await this.write(storeKey, { state: "unknown", fingerprint });
      throw error;
    }
    await this.write(storeKey, { state: "done", fingerprint, meeting });
    return meeting;
  }

  /** Reads the record until it has an outcome for us. */
  private async follow(storeKey: string, fingerprint: string): Promise<MeetingSnapshot | typeof FREED> {
    let pause = this.pollMs;
    for (;;) {
      const text = await this.store.get(storeKey);
      if (text === null) return FREED;
      const record = parseRecord(text);
      // A record this version cannot read is treated as the safe case: maybe created.
      if (!record) throw outcomeUnknown("no outcome");
      if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === "done") return reviveMeeting(record.meeting);
      if (record.state === "unknown") throw outcomeUnknown("timed out");
      const left = record.until - Date.now();
      if (left < 0) throw outcomeUnknown("no outcome");
      await sleep(Math.min(pause, left + 1));
      pause = Math.min(pause * 2, this.maxPollMs);
    }
  }

  /**
   * Records an outcome. The meeting exists (or may) whatever the store says now, so a failure
   * here is logged, not thrown; the record then stays pending and, past its `until`, later
   * calls answer IDEMPOTENCY_OUTCOME_UNKNOWN: never a second meeting.
   */
  private async write(storeKey: string, record: RecordToWrite): Promise<void> {
    try {
      await this.store.set(storeKey, serialiseRecord(record), this.ttlMs);
    } catch (error) {
      this.log?.warn(
        { storeKey, outcome: record.state, err: describe(error) },
        "could not record the outcome of a keyed create; retries with its key will answer IDEMPOTENCY_OUTCOME_UNKNOWN",
      );
    }
  }

  /** Frees the key, if it still holds our own pending record. */
  private async release(storeKey: string, pending: string): Promise<void> {
    try {
      await this.store.deleteIfEqual(storeKey, pending);
    } catch (error) {
      this.log?.warn(
        { storeKey, err: describe(error) },
        "could not free the idempotency key of a failed create; retries with it will answer IDEMPOTENCY_OUTCOME_UNKNOWN",
      );
    }
  }
}

/** Errors that mean the upstream did not accept the create: the key may be used again. */
function createdNothing(error: unknown): boolean {
  // Anything else (a timeout after sending, an unexpected failure) may follow a create that
  // reached the upstream: the outcome is recorded as unknown.
  return (error instanceof UpstreamError && error.delivery !== "maybe-applied") || error instanceof StoreUnavailableError;
}

function outcomeUnknown(why: "timed out" | "no outcome"): IdempotencyOutcomeUnknownError {
  return new IdempotencyOutcomeUnknownError(
    why === "timed out"
      ? "The first call with this idempotencyKey was sent and got no answer, so the meeting may or may not exist"
      : "The first call with this idempotencyKey did not report its outcome in time, so the meeting may or may not exist",
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
