import type { Caller } from "../../auth/caller";
import { refuseViolations } from "../../rules/invalid-input.error";
import { checkAll, type Violation } from "../../rules/rules";
import { WECOM } from "../../wecom/wecom.endpoints";
import { UpstreamTimeoutError, WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { AnyEndpoint } from "../../wecom/wecom.endpoints";
import type { MeetingCache } from "../cache/meeting-cache";
import type { CreateMeetingInput, UpdateMeetingInput } from "../graphql/meeting.input";
import { MeetingStatus } from "../graphql/meeting.enums";
import type { MeetingSnapshot } from "../graphql/meeting.type";
import type { IdempotentCreates } from "../idempotency/idempotency.guard";
import { checkIdempotencyKey } from "../idempotency/idempotency.key";
import { adminForCreate, assertAdministers, assertMayRead, userForListing } from "./meeting.access";
import { ALREADY_CANCELLED } from "./meeting.errors";
import { AdvancedFeatures, MeetingLoaders, notFoundOr } from "./meeting.loaders";
import { knownFromCreate, toCreateMeetingBody, toUpdateMeetingBody } from "./meeting.mapping";
import { checkArguments, checkCreateMeetingInput, checkListing, checkUpdateMeetingInput, INVITEES_RULES, LIMITS } from "./meeting.rules";
import type { ListingCursors } from "./listing-cursor";

export interface MeetingServiceOptions {
  /** Detail fetches at once per request (GATEWAY_DETAIL_CONCURRENCY). */
  detailConcurrency: number;
  /** What is read, kept across requests and instances (CONTRACT §11). */
  cache: MeetingCache;
  /** Refuses, before anything is sent, reads the caller's or the corp's budget cannot cover (§9, §11). */
  budget?: { ensureAffordable(endpoint: AnyEndpoint, calls: number): Promise<void> };
  now?: () => Date;
}

/** What a listing's selection will read of each meeting on the page. */
export interface ListingWants {
  details: boolean;
}

/** A page of a listing: the ids on it, and where it stands. */
export interface MeetingPage {
  ids: string[];
  hasNextPage: boolean;
  /** The cursor after the `i`-th id of the page (Relay edge cursors). */
  cursorAfter(i: number): string;
}

const DAY_MS = 86_400_000;

/**
 * The meeting's whole life (CONTRACT §3, §4, §6, §8, §10): every operation checks its input and the
 * caller's rights before anything that changes something is sent, and answers what it knows of
 * the meeting; the rest is read on demand through the request's loaders.
 */
export class MeetingService {
  private readonly now: () => Date;
  private readonly features = new AdvancedFeatures();

  constructor(
    private readonly wecom: WecomClient,
    private readonly idempotency: IdempotentCreates,
    private readonly cursors: ListingCursors,
    private readonly options: MeetingServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A request's loaders: each meeting's details and invitees read once per request; `fresh`: past the cache. */
  loaders(fresh = false): MeetingLoaders {
    return new MeetingLoaders(this.wecom, this.options.detailConcurrency, this.features, this.options.cache, fresh);
  }

  async create(caller: Caller, input: CreateMeetingInput, idempotencyKey?: string | null): Promise<MeetingSnapshot> {
    const admin = adminForCreate(caller, input.adminUserId);
    const withAdmin = { ...input, adminUserId: admin } as CreateMeetingInput & { adminUserId: string };
    refuseViolations([...checkCreateMeetingInput(withAdmin, this.now()), ...checkIdempotencyKey(idempotencyKey)]);

    const body = toCreateMeetingBody(withAdmin);
    const request = {
      body,
      create: async (): Promise<MeetingSnapshot> => {
        const result = await this.wecom.call(WECOM.createMeeting, body);
        // "ok" without an id: something may have been created, and we cannot tell what.
        if (!result.meetingid) throw new UpstreamTimeoutError(WECOM.createMeeting.path, "answered ok without a meetingid");
        return { id: result.meetingid, known: { ...knownFromCreate(withAdmin, result), fetchedAt: new Date() } };
      },
      // A meeting of this input found in WeCom (its create's answer was lost): what we sent, and no excess users known.
      found: (id: string): MeetingSnapshot => ({ id, known: knownFromCreate(withAdmin, { errcode: 0, errmsg: "ok" }) }),
    };
    // An empty key is refused above, not taken for "no key". A user's keys are its own: another
    // user guessing one cannot block it.
    const made = idempotencyKey == null
      ? await this.idempotency.runUnkeyed(request)
      : await this.idempotency.run(caller.kind === "user" ? `user:${caller.userId}\0${idempotencyKey}` : idempotencyKey, request);
    // Everyone who will list it lists afresh (§11).
    await this.options.cache.forgetListings([admin!, ...(input.invitees ?? []), ...(input.settings?.hosts ?? [])]);
    return made;
  }

  async read(caller: Caller, id: string, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseViolations(checkArguments({ id }));
    await loaders.details(id); // NOT_FOUND now, not on the first field
    await assertMayRead(caller, id, loaders);
    return { id, known: {} };
  }

  async list(
    caller: Caller,
    args: { userId?: string | null; from?: Date | null; to?: Date | null; first?: number | null; after?: string | null },
    loaders: MeetingLoaders,
    wants: ListingWants = { details: false },
  ): Promise<MeetingPage> {
    const first = args.first ?? 20;
    const userId = userForListing(caller, args.userId);
    const now = this.now();
    // A next page keeps its listing's span: defaults computed now would differ from the first page's.
    const position = args.after != null ? this.cursors.decode(args.after) : undefined;
    if (position && args.from == null && args.to == null) {
      args = { ...args, from: new Date(position.from * 1000), to: new Date(position.to * 1000) };
    }
    const from = args.from ?? (args.to ? new Date(Math.max(now.getTime() - 30 * DAY_MS, args.to.getTime() - LIMITS.listingSpanDays * DAY_MS)) : new Date(now.getTime() - 30 * DAY_MS));
    const to = args.to ?? new Date(Math.min(now.getTime() + 30 * DAY_MS, from.getTime() + LIMITS.listingSpanDays * DAY_MS));
    const spanGiven = args.from && args.to ? "both" : args.from ? "from" : args.to ? "to" : "none";
    const violations: Violation[] = checkListing({ userId, from, to, first, spanGiven }, now);
    if (userId == null) violations.unshift({ path: "userId", message: "is required for a service caller (whose meetings to list)" });
    refuseViolations(violations);

    const listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000) };
    let upstream = "0";
    const carried: string[] = [];
    if (args.after != null) {
      const same = position && position.userId === listing.userId && position.from === listing.from && position.to === listing.to;
      if (!same) refuseViolations([{ path: "after", message: "is not a cursor of this listing (same userId, from and to)" }]);
      upstream = position!.upstream;
      carried.push(...position!.carried);
    }
    // Kept by what the caller gave: a defaulted span moves with the clock, and a kept page keeps the span it was read for.
    const given = { from: args.from ? listing.from : null, to: args.to ? listing.to : null, first, upstream, carried };
    const read = await loaders.listing(listing.userId, given, async () => {
      // Read one id past the page, so that hasNextPage is known (§10); at most a few upstream calls.
      const ids = [...carried];
      let next = upstream;
      let exhausted = next === "";
      for (let calls = 0; ids.length <= first && !exhausted && calls < 3; calls++) {
        const result = await this.wecom.call(WECOM.getUserMeetingIds, {
          userid: listing.userId,
          cursor: next,
          limit: Math.min(LIMITS.listingFirst, first + 1 - ids.length),
          begin_time: listing.from,
          end_time: listing.to,
        });
        ids.push(...(result.meetingid_list ?? []));
        next = result.next_cursor ?? "";
        exhausted = next === "";
      }
      return { ids, upstream: next, exhausted, from: listing.from, to: listing.to };
    });
    const page = read.ids.slice(0, first);
    // The page's details are read only after the whole page is known to be affordable (§11): never half a list.
    if (wants.details && page.length > 0) {
      const calls = await loaders.unkept(page);
      if (calls > 0) await this.options.budget?.ensureAffordable(WECOM.getMeetingInfo, calls);
    }
    const span = { userId: listing.userId, from: read.from, to: read.to };
    return {
      ids: page,
      hasNextPage: read.ids.length > page.length || !read.exhausted,
      cursorAfter: (i) => this.cursors.encode({ ...span, upstream: read.upstream, carried: read.ids.slice(i + 1) }),
    };
  }

  async update(caller: Caller, id: string, input: UpdateMeetingInput, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseViolations([...checkArguments({ id }), ...checkUpdateMeetingInput(input, this.now())]);
    await assertAdministers(caller, id, loaders);
    // The upstream wants start and duration together: the one not given is the meeting's own.
    const alone = (input.meetingStart == null) !== (input.meetingDuration == null);
    const current = alone ? await loaders.details(id) : undefined;
    // Who lists it changes only with its time, invitees or hosts; otherwise the listings hold the same ids.
    const relists = input.meetingStart != null || input.meetingDuration != null || input.invitees != null || input.settings?.hosts != null;
    const affected = await this.involved(id, loaders, relists, [...(input.invitees ?? []), ...(input.settings?.hosts ?? [])]);
    const result = await this.change(id, loaders, affected, () => this.wecom.call(WECOM.updateMeeting, toUpdateMeetingBody(id, input, current)));
    return {
      id,
      known: { excessUsers: result.excess_users ?? [], ...(input.invitees != null ? { invitees: input.invitees } : {}) },
    };
  }

  async cancel(caller: Caller, id: string, occurrenceId: string | null | undefined, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseViolations(checkArguments(occurrenceId != null ? { id, occurrenceId } : { id }));
    await assertAdministers(caller, id, loaders);
    const body = occurrenceId != null ? { meetingid: id, sub_meetingid: occurrenceId } : { meetingid: id };
    await this.change(id, loaders, await this.involved(id, loaders, false), async () => {
      try {
        return await this.wecom.call(WECOM.cancelMeeting, body);
      } catch (error) {
        // Cancelled already: the caller's wish holds (§10).
        if (error instanceof WecomApiError && error.errcode === ALREADY_CANCELLED && occurrenceId == null) return undefined;
        throw error;
      }
    });
    return { id, known: occurrenceId != null ? {} : { status: MeetingStatus.CANCELLED } };
  }

  async setInvitees(caller: Caller, id: string, invitees: string[], loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseViolations([...checkArguments({ id }), ...checkAll(INVITEES_RULES, { invitees }, this.now())]);
    await assertAdministers(caller, id, loaders);
    // The upstream requires the admin in the list; the 2000 include it.
    const { adminUserId } = await loaders.details(id);
    const list = invitees.includes(adminUserId) ? invitees : [...invitees, adminUserId];
    refuseViolations(checkAll(INVITEES_RULES, { invitees: list }, this.now()).map((v) =>
      v.path === "invitees" ? { path: v.path, message: `${v.message} with the admin, whom the gateway adds` } : v,
    ));
    const affected = await this.involved(id, loaders, true, list);
    await this.change(id, loaders, affected, () => this.wecom.call(WECOM.setInvitees, { meetingid: id, invitees: list.map((userid) => ({ userid })) }));
    return { id, known: { invitees: list } };
  }

  /**
   * Sends a change; afterwards (whatever its outcome: it may have been applied) the meeting and the
   * listings of everyone it affected are read afresh, in this request and everywhere (§11).
   */
  private async change<T>(id: string, loaders: MeetingLoaders, affected: Iterable<string>, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw notFoundOr(id, error);
    } finally {
      await Promise.all([this.options.cache.forgetMeeting(id), this.options.cache.forgetListings(affected)]);
      loaders.forget(id);
    }
  }

  /**
   * Whose listings a change affects: who lists the meeting before it (admin, hosts, attendees,
   * invitees) and who will after it (`joining`). A change that can move the meeting into or out of
   * listings (`relists`) reads them (from the cache, or WeCom); any other (a cancel, a new title)
   * leaves the listed ids as they were, so what is kept is enough. Nothing when listings are not kept.
   */
  private async involved(id: string, loaders: MeetingLoaders, relists: boolean, joining: string[] = []): Promise<string[]> {
    if (!this.options.cache.keepsListings) return [];
    const [details, invitees] = relists
      ? [await loaders.details(id), await loaders.invitees(id).catch(() => [] as string[])] // the attendees still count
      : await loaders.kept(id);
    const before = details ? [details.adminUserId, ...details.settings.hosts, ...details.attendees.map((a) => a.userId)] : [];
    return [...before, ...(invitees ?? []), ...joining];
  }
}
