import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { StoreEpoch } from "../../store/store-epoch";
import { StoreUnavailableError, type Store } from "../../store/store";
import { IDENTICAL_BEING_CREATED } from "../../wecom/wecom.errcodes";
import { UpstreamError, WecomApiError } from "../../wecom/wecom.errors";
import type { CreateMeetingBody } from "../../wecom/wecom.types";
import type { MeetingSnapshot } from "../graphql/meeting.type";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "./idempotency.errors";
import { idempotencyStoreKey } from "./idempotency.key";
import { fingerprintOf, parseRecord, reviveMeeting, serialiseRecord, type IdempotencyRecord, type RecordToWrite } from "./idempotency.record";
import type { CreatedMeetingLookup } from "./meeting-lookup";
import { OutcomeJournal } from "./outcome-journal";

/** What a create is, for the guard: the body sent, the call, and the answer for a meeting found instead. */
export interface CreateRequest {
  body: CreateMeetingBody;
  create: () => Promise<MeetingSnapshot>;
  /** The answer for a meeting of this input that the lookup found in WeCom. */
  found: (meetingId: string) => MeetingSnapshot;
}

/** Runs a create exactly once per idempotency key (CONTRACT §6). */
export interface IdempotentCreates {
  run(key: string, request: CreateRequest): Promise<MeetingSnapshot>;
  /** A create without a key: it is not deduplicated, but its meeting is known to be taken. */
  runUnkeyed(request: CreateRequest): Promise<MeetingSnapshot>;
}

export interface IdempotencyOptions {
  /** How long a key's record lives (CONTRACT §6: 24 hours). */
  ttlMs?: number;
  /** The longest a call can take (firstCallLimitMs); a record pending longer has lost its owner. */
  firstCallLimitMs?: number;
  /**
   * How long after sending WeCom may still apply a create whose answer never came. A lookup
   * that finds nothing after this means "not created"; before it, "ask again later".
   */
  applyWindowMs?: number;
  /** First pause between two reads of a record pending on another instance; doubles up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  /** Namespace of the keys (the corp id), so corps sharing a store never share keys. */
  scope?: string;
  log?: Logger;
}

/** How long a call can take once its claim is renewed, just before it sends; a pending record older than that has lost its owner. */
export function firstCallLimitMs(upstreamTimeoutMs: number): number {
  // The token (the refresh lock's wait, then gettoken) and the create, each retried once.
  return 6 * upstreamTimeoutMs + 5_000;
}

/** How long WeCom may still apply a create after the gateway stopped waiting for its answer. */
export function applyWindowMs(upstreamTimeoutMs: number): number {
  return 2 * upstreamTimeoutMs + 5_000;
}

/** How long a key's record lives (CONTRACT §6). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** The owner mark of a meeting made without a key. */
const UNKEYED = "-";
/** A follower found the key free: it claims it itself. */
const FREED = Symbol("freed");

type FollowResult = MeetingSnapshot | typeof FREED | { orphan: string; sentAt: number };

/**
 * CONTRACT §6: a create runs at most once per idempotency key, across instances sharing the
 * store, and no outcome stays unknown when WeCom can tell. A key's record
 * (idempotency.record.ts):
 *
 *   (absent) ─claim─▶ pending ─created─▶ done                         (24 h)
 *                        │ ─refused, or never sent─▶ (absent: the key is free again)
 *                        └─sent, no answer─▶ unknown ─lookup─▶ done | (absent, past the window)
 *
 * WeCom is asked (the lookup: the admin's meetings from that start on, matched on what was sent)
 * whenever the outcome is not known: after a timeout, for a record whose owner vanished, when
 * WeCom answers 400301 (an identical meeting is being created), and, while the store may have
 * forgotten records (StoreEpoch), before any keyed create is sent. Every meeting the gateway
 * makes or finds is marked with the key it belongs to (`idem-meeting:<id>`), so a lookup never
 * takes a meeting that another key (or an unkeyed create) made.
 *
 * Outcome writes that fail (the store unreachable) are kept and written again (OutcomeJournal).
 */
export class IdempotencyGuard implements IdempotentCreates {
  private readonly ttlMs: number;
  private readonly firstCallLimitMs: number;
  private readonly applyWindowMs: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly scope: string;
  private readonly log: Logger | undefined;
  private readonly journal: OutcomeJournal;
  /** Calls in flight in this process, by store key: later ones with the key share the outcome. */
  private readonly inFlight = new Map<string, { fingerprint: string; outcome: Promise<MeetingSnapshot> }>();

  constructor(
    private readonly store: Store,
    private readonly lookup: CreatedMeetingLookup,
    private readonly epoch: StoreEpoch | undefined,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.firstCallLimitMs = options.firstCallLimitMs ?? firstCallLimitMs(10_000);
    this.applyWindowMs = options.applyWindowMs ?? applyWindowMs(10_000);
    this.pollMs = options.pollMs ?? 20;
    this.maxPollMs = options.maxPollMs ?? 200;
    this.scope = options.scope ?? "";
    this.log = options.log;
    this.journal = new OutcomeJournal(store, options.log);
  }

  run(key: string, request: CreateRequest): Promise<MeetingSnapshot> {
    // No await before the map is updated: two calls in the same tick must see each other.
    const storeKey = idempotencyStoreKey(key, this.scope);
    const fingerprint = fingerprintOf(request.body);
    const shared = this.inFlight.get(storeKey);
    if (shared) {
      if (shared.fingerprint !== fingerprint) return Promise.reject(new IdempotencyKeyReusedError());
      return shared.outcome;
    }
    const outcome = this.settle(storeKey, fingerprint, request).finally(() => this.inFlight.delete(storeKey));
    this.inFlight.set(storeKey, { fingerprint, outcome });
    return outcome;
  }

  async runUnkeyed({ body, create, found }: CreateRequest): Promise<MeetingSnapshot> {
    try {
      const meeting = await create();
      this.markLater(meeting.id, UNKEYED);
      return meeting;
    } catch (error) {
      if (!isIdenticalBeingCreated(error)) throw error;
      // WeCom saw this very meeting a moment ago: it is the caller's, unless another create took it.
      const id = await this.takeUnclaimed(body, UNKEYED).catch(() => undefined);
      if (id === undefined) throw error;
      return found(id);
    }
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  /** Claims the key and creates, or follows whoever holds it, or resolves what it left. */
  private async settle(storeKey: string, fingerprint: string, request: CreateRequest): Promise<MeetingSnapshot> {
    for (;;) {
      const { text: pending } = this.pendingRecord(fingerprint);
      // The claim and a check that the store still holds what it held (in parallel: one round trip).
      const [claimed] = await Promise.all([
        this.store.setIfAbsent(storeKey, pending, this.ttlMs),
        this.epoch?.check().catch(() => undefined),
      ]);
      if (claimed) return this.createAsOwner(storeKey, fingerprint, pending, request);
      const outcome = await this.follow(storeKey, fingerprint);
      if (outcome === FREED) continue;
      if (!("orphan" in outcome)) return outcome;
      const resolved = await this.resolve(storeKey, fingerprint, request, outcome.sentAt);
      if (resolved) return resolved;
      // Not created, and the window has passed: free the key (if nobody did meanwhile) and claim it.
      await this.store.deleteIfEqual(storeKey, outcome.orphan);
    }
  }

  private async createAsOwner(storeKey: string, fingerprint: string, pending: string, request: CreateRequest): Promise<MeetingSnapshot> {
    const keyMark = markOf(storeKey);
    if (this.epoch?.mayHaveForgotten()) {
      // This key's record may have been lost with the store's data: did an earlier call create it?
      let id: string | undefined;
      try {
        id = await this.takeUnclaimed(request.body, keyMark);
      } catch (error) {
        await this.release(storeKey, pending);
        throw error instanceof UpstreamError ? error : new IdempotencyOutcomeUnknownError("WeCom could not be asked whether this key's meeting exists", 5);
      }
      if (id !== undefined) return this.done(storeKey, fingerprint, request.found(id));
    }
    // Renew the claim just before sending: its deadline then bounds this call alone, so nobody
    // takes the key over while it may still be sent (a slow token, a lookup, a quota wait).
    const fresh = this.pendingRecord(fingerprint);
    let renewed: boolean;
    try {
      renewed = await this.store.replaceIfEqual(storeKey, pending, fresh.text, this.ttlMs);
    } catch (error) {
      await this.release(storeKey, pending);
      throw error;
    }
    if (!renewed) {
      throw new IdempotencyOutcomeUnknownError("This idempotencyKey's first call took too long and another call took it over", 1);
    }
    let meeting: MeetingSnapshot;
    try {
      meeting = await request.create();
    } catch (error) {
      return this.afterFailedCreate(storeKey, fingerprint, fresh.text, request, error);
    }
    await this.markAwaited(meeting.id, keyMark);
    return this.done(storeKey, fingerprint, meeting);
  }

  private async afterFailedCreate(
    storeKey: string,
    fingerprint: string,
    pending: string,
    request: CreateRequest,
    error: unknown,
  ): Promise<MeetingSnapshot> {
    const keyMark = markOf(storeKey);
    if (isIdenticalBeingCreated(error)) {
      // WeCom's own duplicate check: an identical meeting exists. Ours, from a call whose answer was lost?
      const id = await this.takeUnclaimed(request.body, keyMark).catch(() => undefined);
      if (id !== undefined) return this.done(storeKey, fingerprint, request.found(id));
      await this.release(storeKey, pending);
      throw error;
    }
    if (createdNothing(error)) {
      await this.release(storeKey, pending);
      throw error;
    }
    // Sent, no answer: WeCom may have made it. Ask at once; a late answer may have made it visible.
    // The apply window counts from now: the request left at the latest now.
    await this.write(storeKey, { state: "unknown", fingerprint, sentAt: Date.now() });
    const id = await this.takeUnclaimed(request.body, keyMark).catch(() => undefined);
    if (id !== undefined) return this.done(storeKey, fingerprint, request.found(id));
    throw error;
  }

  /**
   * The outcome of a call that left no answer (unknown, or pending with its owner gone): the
   * meeting found in WeCom; undefined when it was not created (the window has passed); or
   * IDEMPOTENCY_OUTCOME_UNKNOWN with when to ask again.
   */
  private async resolve(storeKey: string, fingerprint: string, request: CreateRequest, sentAt: number): Promise<MeetingSnapshot | undefined> {
    let id: string | undefined;
    try {
      id = await this.takeUnclaimed(request.body, markOf(storeKey));
    } catch {
      throw new IdempotencyOutcomeUnknownError("The first call with this idempotencyKey got no answer, and WeCom cannot be asked now whether it made the meeting", 5);
    }
    if (id !== undefined) return this.done(storeKey, fingerprint, request.found(id));
    const left = sentAt + this.applyWindowMs - Date.now();
    if (left > 0) {
      throw new IdempotencyOutcomeUnknownError(
        "The first call with this idempotencyKey got no answer, and WeCom does not show the meeting yet",
        Math.max(1, Math.ceil(left / 1000)),
      );
    }
    return undefined;
  }

  /**
   * A meeting of `body` in WeCom that no other key (and no unkeyed create) has: marked as
   * `owner`'s, atomically, so two keys never take one meeting. Undefined when there is none.
   */
  private async takeUnclaimed(body: CreateMeetingBody, owner: string): Promise<string | undefined> {
    const ownerOf = (id: string) => this.store.get(this.markKey(id)).catch(() => null);
    const candidates = await this.lookup.find(body, async (id) => {
      const mark = await ownerOf(id);
      return mark !== null && mark !== owner;
    });
    for (const id of candidates) {
      if (await this.store.setIfAbsent(this.markKey(id), owner, this.markTtlMs())) return id;
      if ((await ownerOf(id)) === owner) return id;
    }
    return undefined;
  }

  /** Reads the record until it has an outcome for us. */
  private async follow(storeKey: string, fingerprint: string): Promise<FollowResult> {
    let pause = this.pollMs;
    for (;;) {
      const text = await this.store.get(storeKey);
      if (text === null) return FREED;
      const record = parseRecord(text);
      // A record this version cannot read is taken as the safe case: maybe created.
      if (!record) throw new IdempotencyOutcomeUnknownError("This idempotencyKey's record cannot be read by this version of the gateway");
      if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === "done") return reviveMeeting(record.meeting);
      if (record.state === "unknown") return { orphan: text, sentAt: record.sentAt ?? 0 };
      const left = record.until - Date.now();
      // Its owner is gone; it may have sent up to its deadline, so the window counts from there.
      if (left < 0) return { orphan: text, sentAt: record.until };
      await sleep(Math.min(pause, left + 1));
      pause = Math.min(pause * 2, this.maxPollMs);
    }
  }

  private pendingRecord(fingerprint: string): { text: string; sentAt: number } {
    const sentAt = Date.now();
    const record: IdempotencyRecord = { state: "pending", fingerprint, owner: randomUUID(), sentAt, until: sentAt + this.firstCallLimitMs };
    return { text: serialiseRecord(record), sentAt };
  }

  private async done(storeKey: string, fingerprint: string, meeting: MeetingSnapshot): Promise<MeetingSnapshot> {
    await this.write(storeKey, { state: "done", fingerprint, meeting });
    return meeting;
  }

  /** Records an outcome; when the store cannot take it now, the journal writes it once it can. */
  private async write(storeKey: string, record: RecordToWrite): Promise<void> {
    await this.journal.set(storeKey, serialiseRecord(record), this.ttlMs);
  }

  /** Marks a meeting as `owner`'s (a key's mark), for the lookups to come, before the key is done. */
  private async markAwaited(meetingId: string, owner: string): Promise<void> {
    await this.journal.set(this.markKey(meetingId), owner, this.markTtlMs(), { onlyIfAbsent: true }).catch((error: unknown) => {
      this.log?.warn({ err: describe(error) }, "could not mark a created meeting as its key's");
    });
  }

  /** The same for an unkeyed create, whose answer need not wait for it. */
  private markLater(meetingId: string, owner: string): void {
    void this.markAwaited(meetingId, owner);
  }

  /** Frees the key, if it still holds our own pending record. */
  private async release(storeKey: string, pending: string): Promise<void> {
    await this.store.deleteIfEqual(storeKey, pending).catch(() => false); // left pending: resolved by a lookup later
  }

  private markKey(meetingId: string): string {
    return this.scope ? `idem-meeting:${this.scope}:${meetingId}` : `idem-meeting:${meetingId}`;
  }

  private markTtlMs(): number {
    return this.ttlMs + this.applyWindowMs;
  }
}

/** A key's mark on the meetings it made: its store key's hash part, short. */
function markOf(storeKey: string): string {
  return createHash("sha256").update(storeKey).digest("base64url").slice(0, 22);
}

function isIdenticalBeingCreated(error: unknown): boolean {
  return error instanceof WecomApiError && error.errcode === IDENTICAL_BEING_CREATED;
}

/** Errors that mean WeCom did not make the meeting: the key may be used again. */
function createdNothing(error: unknown): boolean {
  // Anything else (no answer after sending, an unexpected failure) may follow a create that
  // reached WeCom: its outcome is looked up.
  return (error instanceof UpstreamError && error.delivery !== "maybe-applied") || error instanceof StoreUnavailableError;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
