import DataLoader from "dataloader";
import pLimit from "p-limit";
import { WECOM } from "../../wecom/wecom.endpoints";
import { WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { GetMeetingInfoResult } from "../../wecom/wecom.types";
import type { MeetingCache } from "../cache/meeting-cache";
import type { Stamped } from "../cache/shared-entries";
import type { MeetingDetails, MeetingSources } from "./meeting.model";
import { FEATURE_MISSING_ERRCODES, NOT_FOUND_ERRCODES } from "../../wecom/wecom.errcodes";
import { MeetingNotFoundError } from "./meeting.errors";
import { fromMeetingInfo } from "./meeting.mapping";

/** get_invitees pages read for one meeting at most: 2000 invitees at the upstream's page size, and some. */
const MAX_INVITEE_PAGES = 40;
/** How long the gateway remembers that the corp lacks get_invitees (the advanced meeting features). */
const FEATURE_MEMORY_MS = 10 * 60_000;

/** Shared by every request of an instance: whether get_invitees is worth asking. */
export class AdvancedFeatures {
  private missingUntil = 0;

  get available(): boolean {
    return Date.now() >= this.missingUntil;
  }

  markMissing(): void {
    this.missingUntil = Date.now() + FEATURE_MEMORY_MS;
  }
}

/**
 * One request's reads of meetings (CONTRACT §10): each meeting's `get_info` once, however many
 * fields and places ask for it, at most `concurrency` at a time; its invitees likewise.
 * Made fresh for every request; under them, the shared cache (CONTRACT §11) keeps what is read
 * across requests and instances. `fresh` (a request's `Cache-Control: no-cache`) reads WeCom
 * and replaces what is kept.
 */
export class MeetingLoaders implements MeetingSources {
  private detailsLoader: DataLoader<string, MeetingDetails> | undefined;
  private inviteesLoader: DataLoader<string, string[]> | undefined;
  private limit: ReturnType<typeof pLimit> | undefined;

  constructor(
    private readonly wecom: WecomClient,
    private readonly concurrency: number,
    private readonly features: AdvancedFeatures,
    private readonly cache: MeetingCache,
    readonly fresh: boolean,
  ) {}

  details(id: string): Promise<MeetingDetails> {
    this.detailsLoader ??= new DataLoader((ids) => this.each(ids, (one) => this.fetchDetails(one)));
    return this.detailsLoader.load(id);
  }

  invitees(id: string): Promise<string[]> {
    this.inviteesLoader ??= new DataLoader((ids) => this.each(ids, (one) => this.fetchInvitees(one)));
    return this.inviteesLoader.load(id);
  }

  /**
   * How many of these meetings' details are not kept (each would cost a get_info); those that are
   * kept are taken into this request now, so they cost nothing more either.
   */
  async unkept(ids: readonly string[]): Promise<number> {
    if (this.fresh) return ids.length;
    const kept = await Promise.all(ids.map((id) => this.cache.keptMeeting(id, true).catch(() => undefined)));
    this.detailsLoader ??= new DataLoader((more) => this.each(more, (one) => this.fetchDetails(one)));
    kept.forEach((entry, i) => entry && this.detailsLoader!.prime(ids[i], detailsOf(entry)));
    return kept.filter((entry) => !entry).length;
  }

  /** What is kept of a meeting (its details, its invitees), without asking WeCom. */
  async kept(id: string): Promise<[MeetingDetails | undefined, string[] | undefined]> {
    const [details, invitees] = await Promise.all([this.cache.keptMeeting(id), this.cache.keptInvitees(id)]);
    return [details && detailsOf(details), invitees];
  }

  /** A page of a listing: kept (ids only) across requests, under the user's generation; `asOf`: see MeetingCache.listing. */
  listing<T>(userId: string, descriptor: unknown, fetch: () => Promise<T>, asOf?: (page: T) => number): Promise<T> {
    return this.cache.listing(userId, descriptor, fetch, this.fresh, asOf);
  }

  /** After a change: later reads in this request ask the upstream again. */
  forget(id: string): void {
    this.detailsLoader?.clear(id);
    this.inviteesLoader?.clear(id);
  }

  private each<T>(ids: readonly string[], load: (id: string) => Promise<T>): Promise<Array<T | Error>> {
    const limit = (this.limit ??= pLimit(this.concurrency)); // made on first use: most requests read nothing
    return Promise.all(ids.map((id) => limit(() => load(id)).catch((error: Error) => error)));
  }

  private async fetchDetails(id: string): Promise<MeetingDetails> {
    try {
      return detailsOf(await this.cache.meeting(id, () => this.wecom.call(WECOM.getMeetingInfo, { meetingid: id }), this.fresh));
    } catch (error) {
      throw notFoundOr(id, error);
    }
  }

  /**
   * Every invitee, over all of get_invitees' pages. A corp without the advanced meeting features
   * gets the members the meeting lists instead (§10: never an error for the whole meeting).
   */
  private async fetchInvitees(id: string): Promise<string[]> {
    if (!this.features.available) return this.listedMembers(id);
    try {
      return (await this.cache.invitees(id, () => this.inviteePages(id), this.fresh)).value;
    } catch (error) {
      if (error instanceof WecomApiError && FEATURE_MISSING_ERRCODES.has(error.errcode)) {
        this.features.markMissing();
        return this.listedMembers(id);
      }
      throw notFoundOr(id, error);
    }
  }

  private async inviteePages(id: string): Promise<string[]> {
    const invitees: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_INVITEE_PAGES; page++) {
      const result = await this.wecom.call(WECOM.getInvitees, cursor ? { meetingid: id, cursor } : { meetingid: id });
      for (const invitee of result.invitees ?? []) invitees.push(invitee.userid);
      if (!result.has_more || !result.next_cursor) break;
      cursor = result.next_cursor;
    }
    return invitees;
  }

  private async listedMembers(id: string): Promise<string[]> {
    return (await this.details(id)).attendees.map((a) => a.userId);
  }
}

/** A kept or fresh get_info answer, mapped, with when it was read. */
function detailsOf({ value, at }: Stamped<GetMeetingInfoResult>): MeetingDetails {
  return { ...fromMeetingInfo(value), fetchedAt: new Date(at) };
}

/** An upstream "no such meeting" as the domain's NOT_FOUND; anything else as it is. */
export function notFoundOr(id: string, error: unknown): unknown {
  return error instanceof WecomApiError && NOT_FOUND_ERRCODES.has(error.errcode) ? new MeetingNotFoundError(id) : error;
}
