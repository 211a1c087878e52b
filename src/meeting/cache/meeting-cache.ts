import { createHash } from "node:crypto";
import type { GetMeetingInfoResult } from "../../wecom/wecom.types";
import { meetingLifetimeMs, type StaleBounds } from "./freshness";
import { uniqueToken, type SharedEntries, type Stamped } from "./shared-entries";

/** A user's listing generation outlives every listing kept under it (so an expired one never comes back). */
const GENERATION_TTL_MS = 24 * 3_600_000;

/**
 * What the gateway reads from WeCom, kept across requests and instances (CONTRACT §11): each
 * meeting's `get_info` answer and its invitees, by meeting id, once however many users see it;
 * listings (ids only) by user, under the user's generation, which every change the gateway makes
 * to a meeting moves on for each user it affects, so their listings are read afresh without
 * enumerating them. What WeCom changes on its own is kept no longer than the stale bounds.
 */
export class MeetingCache {
  private readonly prefix: string;

  constructor(
    private readonly entries: SharedEntries,
    private readonly bounds: StaleBounds,
    /** The corp: two corps' gateways may share one Redis. */
    scope: string,
  ) {
    this.prefix = `cache:${scope}:`;
  }

  /** Whether anything is kept at all (both bounds 0: every read goes to WeCom, as before the cache). */
  get enabled(): boolean {
    return this.bounds.nearMs > 0 || this.bounds.farMs > 0;
  }

  /** Whether listings are kept (then a change reads who is affected, to make their listings read afresh). */
  get keepsListings(): boolean {
    return this.bounds.listingMs > 0;
  }

  meeting(id: string, fetch: () => Promise<GetMeetingInfoResult>, fresh: boolean): Promise<Stamped<GetMeetingInfoResult>> {
    if (!this.enabled) return stampNow(fetch);
    return this.entries.read("meeting", this.meetingKey(id), fetch, (info) => meetingLifetimeMs(info, Date.now(), this.bounds, Math.random()), fresh);
  }

  /**
   * The meeting's entry when kept, without an upstream call (a listing counting what its details
   * will cost, a change finding whom it affects). `serves`: the entry answers a read (a hit).
   */
  async keptMeeting(id: string, serves = false): Promise<Stamped<GetMeetingInfoResult> | undefined> {
    if (!this.enabled) return undefined;
    const raw = await this.entries.get(this.meetingKey(id));
    if (!raw || !raw.startsWith("{")) return undefined;
    if (serves) this.entries.observe("meeting", "hit");
    return JSON.parse(raw) as Stamped<GetMeetingInfoResult>;
  }

  async keptInvitees(id: string): Promise<string[] | undefined> {
    if (this.bounds.nearMs === 0) return undefined;
    const raw = await this.entries.get(this.inviteesKey(id));
    return raw && raw.startsWith("{") ? (JSON.parse(raw) as Stamped<string[]>).value : undefined;
  }

  /** Invitees change with no status or time to go by: kept for the near bound. */
  invitees(id: string, fetch: () => Promise<string[]>, fresh: boolean): Promise<Stamped<string[]>> {
    if (this.bounds.nearMs === 0) return stampNow(fetch);
    return this.entries.read("invitees", this.inviteesKey(id), fetch, () => this.bounds.nearMs, fresh);
  }

  /**
   * One page of a user's listing, described by `descriptor` (span, position, size, filter); kept
   * for the listing bound. A page chosen by status (`asOf`: when the oldest status it holds was
   * read, in ms) is kept no longer than the near bound from then.
   */
  async listing<T>(userId: string, descriptor: unknown, fetch: () => Promise<T>, fresh: boolean, asOf?: (page: T) => number): Promise<T> {
    const boundMs = asOf ? Math.min(this.bounds.listingMs, this.bounds.nearMs) : this.bounds.listingMs;
    if (boundMs === 0) return fetch();
    const lifetimeMs = (page: T) => (asOf ? boundMs - (Date.now() - asOf(page)) : boundMs);
    const generation = await this.entries.get(this.generationKey(userId));
    if (generation === undefined) return fetch(); // unreachable, or a generation this instance could not move yet
    const digest = createHash("sha256").update(JSON.stringify(descriptor)).digest("base64url").slice(0, 22);
    const key = `${this.prefix}listing:${userId}:${generation ?? "0"}:${digest}`;
    return (await this.entries.read("listing", key, fetch, lifetimeMs, fresh)).value;
  }

  /** After a change the gateway sent: the meeting and its invitees are read afresh, everywhere. */
  async forgetMeeting(id: string): Promise<void> {
    if (!this.enabled) return;
    await Promise.all([this.entries.invalidate("meeting", this.meetingKey(id)), this.entries.invalidate("invitees", this.inviteesKey(id))]);
  }

  /** After a change the gateway sent: these users' listings are read afresh, everywhere. */
  async forgetListings(userIds: Iterable<string>): Promise<void> {
    if (this.bounds.listingMs === 0) return;
    await Promise.all(
      [...new Set(userIds)].filter(Boolean).map(async (userId) => {
        await this.entries.write(this.generationKey(userId), uniqueToken(), GENERATION_TTL_MS);
        this.entries.observe("listing", "invalidation");
      }),
    );
  }

  private meetingKey(id: string): string {
    return `${this.prefix}meeting:${id}`;
  }

  private inviteesKey(id: string): string {
    return `${this.prefix}invitees:${id}`;
  }

  private generationKey(userId: string): string {
    return `${this.prefix}generation:${userId}`;
  }
}

async function stampNow<T>(fetch: () => Promise<T>): Promise<Stamped<T>> {
  const at = Date.now();
  return { value: await fetch(), at };
}
