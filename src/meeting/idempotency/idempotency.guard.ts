import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Caller } from "../../auth/caller";
import type { StoreEpoch } from "../../store/store-epoch";
import { StoreUnavailableError, type Store } from "../../store/store";
import { IDENTICAL_BEING_CREATED } from "../../wecom/wecom.errcodes";
import { UpstreamError, WecomApiError } from "../../wecom/wecom.errors";
import type { CreateMeetingBody } from "../../wecom/wecom.types";
import type { MeetingSnapshot } from "../domain/meeting.model";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "./idempotency.errors";
import { fingerprintOf, parseRecord, reviveMeeting, serialiseRecord, type RecordToWrite } from "./idempotency.record";
import { IdempotencyStoreKeys, UNKEYED, type KeyAddress } from "./idempotency.store-keys";
import type { CreatedMeetingLookup } from "./meeting-lookup";
import { OutcomeJournal } from "./outcome-journal";
import { OutcomeLookup, outcomeUnknownAfter } from "./outcome-lookup";

/** What a create is, for the guard: the body sent, the call, and the answer for a meeting found instead. */
export interface CreateRequest {
  body: CreateMeetingBody;
  create: () => Promise<MeetingSnapshot>;
  /** The answer for a meeting of this input that the lookup found in WeCom. */
  found: (meetingId: string) => MeetingSnapshot;
}

/** Runs a create exactly once per idempotency key (CONTRACT §6). */
export interface IdempotentCreates {
  /** Each caller's keys are its own (idempotency.store-keys.ts). */
  run(caller: Caller, key: string, request: CreateRequest): Promise<MeetingSnapshot>;
  /** A create without a key: it is not deduplicated (WeCom's 400301 is answered as is), but its meeting is known to be taken. */
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
/** A follower found the key free: it claims it itself. */
const FREED = Symbol("freed");

/** What following a record came to: the meeting, the key free, or a record left without an outcome (and when it may have been sent). */
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
 * WeCom is asked (OutcomeLookup: the admin's meetings from that start on, matched on what was
 * sent) whenever a keyed create's outcome is not known: after a timeout, for a record whose owner
 * vanished, when WeCom answers 400301 (an identical meeting is being created), and, while the
 * store may have forgotten records (StoreEpoch), before the create is sent.
 *
 * Outcome writes that fail (the store unreachable) are kept and written again (OutcomeJournal).
 */
export class IdempotencyGuard implements IdempotentCreates {
  private readonly ttlMs: number;
  private readonly firstCallLimitMs: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly keys: IdempotencyStoreKeys;
  private readonly journal: OutcomeJournal;
  private readonly outcomes: OutcomeLookup;
  /** Calls in flight in this process, by record: later ones with the key share the outcome. */
  private readonly inFlight = new Map<string, { fingerprint: string; outcome: Promise<MeetingSnapshot> }>();

  constructor(
    private readonly store: Store,
    lookup: CreatedMeetingLookup,
    private readonly epoch: StoreEpoch | undefined,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.firstCallLimitMs = options.firstCallLimitMs ?? firstCallLimitMs(10_000);
    this.pollMs = options.pollMs ?? 20;
    this.maxPollMs = options.maxPollMs ?? 200;
    this.keys = new IdempotencyStoreKeys(options.scope);
    this.journal = new OutcomeJournal(store, options.log);
    this.outcomes = new OutcomeLookup(store, lookup, this.keys, this.journal, {
      ttlMs: this.ttlMs,
      applyWindowMs: options.applyWindowMs ?? applyWindowMs(10_000),
      log: options.log,
    });
  }

  run(caller: Caller, key: string, request: CreateRequest): Promise<MeetingSnapshot> {
    // No await before the map is updated: two calls in the same tick must see each other.
    const address = this.keys.of(caller, key);
    const fingerprint = fingerprintOf(request.body);
    const shared = this.inFlight.get(address.record);
    if (shared) {
      if (shared.fingerprint !== fingerprint) return Promise.reject(new IdempotencyKeyReusedError());
      return shared.outcome;
    }
    const outcome = this.settle(address, fingerprint, request).finally(() => this.inFlight.delete(address.record));
    this.inFlight.set(address.record, { fingerprint, outcome });
    return outcome;
  }

  async runUnkeyed({ create }: CreateRequest): Promise<MeetingSnapshot> {
    // No lookup, even on 400301: without a key there is no earlier call to find the meeting of,
    // and a lookup would spend the budget for nothing.
    const meeting = await create();
    void this.outcomes.mark(meeting.id, UNKEYED); // its answer need not wait for the mark
    return meeting;
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  /** Claims the key and creates, or follows whoever holds it, or resolves what it left. */
  private async settle(key: KeyAddress, fingerprint: string, request: CreateRequest): Promise<MeetingSnapshot> {
    for (;;) {
      const pending = this.pendingRecord(fingerprint);
      // The claim and a check that the store still holds what it held (in parallel: one round trip).
      const [claimed] = await Promise.all([
        this.store.setIfAbsent(key.record, pending, this.ttlMs),
        this.epoch?.check().catch(() => undefined),
      ]);
      if (claimed) return this.createAsOwner(key, fingerprint, pending, request);
      const outcome = await this.follow(key.record, fingerprint);
      if (outcome === FREED) continue;
      if (!("orphan" in outcome)) return outcome;
      const id = await this.outcomes.resolve(request.body, key.owner, outcome.sentAt);
      if (id !== undefined) return this.done(key, fingerprint, request.found(id));
      // Not created, and the window has passed: free the key (if nobody did meanwhile) and claim it.
      await this.store.deleteIfEqual(key.record, outcome.orphan);
    }
  }

  private async createAsOwner(key: KeyAddress, fingerprint: string, pending: string, request: CreateRequest): Promise<MeetingSnapshot> {
    if (this.epoch?.mayHaveForgotten()) {
      // This key's record may have been lost with the store's data: did an earlier call create it?
      let id: string | undefined;
      try {
        id = await this.outcomes.take(request.body, key.owner);
      } catch (error) {
        await this.release(key, pending);
        throw error instanceof UpstreamError ? error : outcomeUnknownAfter(error, "The store lost its data lately, so this key may have made a meeting already");
      }
      if (id !== undefined) return this.done(key, fingerprint, request.found(id));
    }
    // Renew the claim just before sending: its deadline then bounds this call alone, so nobody
    // takes the key over while it may still be sent (a slow token, a lookup, a quota wait).
    const fresh = this.pendingRecord(fingerprint);
    let renewed: boolean;
    try {
      renewed = await this.store.replaceIfEqual(key.record, pending, fresh, this.ttlMs);
    } catch (error) {
      await this.release(key, pending);
      throw error;
    }
    if (!renewed) {
      throw new IdempotencyOutcomeUnknownError("This idempotencyKey's first call took too long and another call took it over", 1);
    }
    let meeting: MeetingSnapshot;
    try {
      meeting = await request.create();
    } catch (error) {
      return this.afterFailedCreate(key, fingerprint, fresh, request, error);
    }
    await this.outcomes.mark(meeting.id, key.owner); // before the key is done
    return this.done(key, fingerprint, meeting);
  }

  private async afterFailedCreate(key: KeyAddress, fingerprint: string, pending: string, request: CreateRequest, error: unknown): Promise<MeetingSnapshot> {
    if (isIdenticalBeingCreated(error)) {
      // WeCom's own duplicate check: an identical meeting exists. Ours, from a call whose answer was lost?
      const id = await this.outcomes.take(request.body, key.owner).catch(() => undefined);
      if (id !== undefined) return this.done(key, fingerprint, request.found(id));
      await this.release(key, pending);
      throw error;
    }
    if (createdNothing(error)) {
      await this.release(key, pending);
      throw error;
    }
    // Sent, no answer: WeCom may have made it. Ask at once; a late answer may have made it visible.
    // The apply window counts from now: the request left at the latest now.
    await this.write(key, { state: "unknown", fingerprint, sentAt: Date.now() });
    const id = await this.outcomes.take(request.body, key.owner).catch(() => undefined);
    if (id !== undefined) return this.done(key, fingerprint, request.found(id));
    throw error;
  }

  /** Reads the record until it has an outcome for us. */
  private async follow(record: string, fingerprint: string): Promise<FollowResult> {
    let pause = this.pollMs;
    for (;;) {
      const text = await this.store.get(record);
      if (text === null) return FREED;
      const parsed = parseRecord(text);
      // A record this version cannot read is taken as the safe case: maybe created.
      if (!parsed) throw new IdempotencyOutcomeUnknownError("This idempotencyKey's record cannot be read by this version of the gateway");
      if (parsed.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (parsed.state === "done") return reviveMeeting(parsed.meeting);
      if (parsed.state === "unknown") return { orphan: text, sentAt: parsed.sentAt ?? 0 };
      const left = parsed.until - Date.now();
      // Its owner is gone; it may have sent up to its deadline, so the window counts from there.
      if (left < 0) return { orphan: text, sentAt: parsed.until };
      await sleep(Math.min(pause, left + 1));
      pause = Math.min(pause * 2, this.maxPollMs);
    }
  }

  /** A pending record of our own: unique (its owner), with the deadline of a call starting now. */
  private pendingRecord(fingerprint: string): string {
    return serialiseRecord({ state: "pending", fingerprint, owner: randomUUID(), until: Date.now() + this.firstCallLimitMs });
  }

  private async done(key: KeyAddress, fingerprint: string, meeting: MeetingSnapshot): Promise<MeetingSnapshot> {
    await this.write(key, { state: "done", fingerprint, meeting });
    return meeting;
  }

  /** Records an outcome; when the store cannot take it now, the journal writes it once it can. */
  private async write(key: KeyAddress, record: RecordToWrite): Promise<void> {
    await this.journal.set(key.record, serialiseRecord(record), this.ttlMs);
  }

  /** Frees the key, if it still holds our own pending record. */
  private async release(key: KeyAddress, pending: string): Promise<void> {
    await this.store.deleteIfEqual(key.record, pending).catch(() => false); // left pending: resolved by a lookup later
  }
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
