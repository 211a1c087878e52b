import type { Caller } from "../../auth/caller";
import { refuseInvalid } from "../../rules/input-error";
import { checkAll } from "../../rules/rules";
import { WECOM, type AnyEndpoint } from "../../wecom/wecom.endpoints";
import { MEETING_CANCELLED } from "../../wecom/wecom.errcodes";
import { UpstreamMaybeAppliedError, WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import { MeetingStatus } from "./meeting.enums";
// create() says CreateMeetingInput: its lines are left as they were while its key handling changes.
import type { CreateMeetingFields as CreateMeetingInput, UpdateMeetingFields } from "./meeting.fields";
import type { MeetingSnapshot } from "./meeting.model";
import type { MeetingCache } from "../cache/meeting-cache";
import type { IdempotentCreates } from "../idempotency/idempotency.guard";
import { checkIdempotencyKey } from "../idempotency/idempotency.key";
import { adminForCreate, assertAdministers, assertMayRead } from "./meeting.access";
import { AdvancedFeatures, MeetingLoaders, notFoundOr } from "./meeting.loaders";
import { knownFromCreate, toCreateMeetingBody, toUpdateMeetingBody } from "./meeting.mapping";
import { MeetingListings, type ListingArgs, type ListingWants, type MeetingPage } from "./meeting.listing";
import { checkArguments, checkCreateMeetingInput, checkUpdateMeetingInput, INVITEES_RULES } from "./meeting.rules";
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

/**
 * The meeting's whole life (CONTRACT §3, §4, §6, §8, §10): every operation checks its input and the
 * caller's rights before anything that changes something is sent, and answers what it knows of
 * the meeting; the rest is read on demand through the request's loaders.
 */
export class MeetingService {
  private readonly now: () => Date;
  private readonly features = new AdvancedFeatures();
  private readonly listings: MeetingListings;

  constructor(
    private readonly wecom: WecomClient,
    private readonly idempotency: IdempotentCreates,
    cursors: ListingCursors,
    private readonly options: MeetingServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.listings = new MeetingListings(wecom, cursors, this.now, options.budget);
  }

  /** A request's loaders: each meeting's details and invitees read once per request; `fresh`: past the cache. */
  loaders(fresh = false): MeetingLoaders {
    return new MeetingLoaders(this.wecom, this.options.detailConcurrency, this.features, this.options.cache, fresh);
  }

  async create(caller: Caller, input: CreateMeetingInput, idempotencyKey?: string | null): Promise<MeetingSnapshot> {
    const admin = adminForCreate(caller, input.adminUserId);
    const withAdmin = { ...input, adminUserId: admin } as CreateMeetingInput & { adminUserId: string };
    refuseInvalid([...checkCreateMeetingInput(withAdmin, this.now()), ...checkIdempotencyKey(idempotencyKey)]);

    const body = toCreateMeetingBody(withAdmin);
    const request = {
      body,
      create: async (): Promise<MeetingSnapshot> => {
        const result = await this.wecom.call(WECOM.createMeeting, body);
        // "ok" without an id: something may have been created, and we cannot tell what.
        if (!result.meetingid) throw new UpstreamMaybeAppliedError(WECOM.createMeeting, "answered ok without a meetingid");
        return { id: result.meetingid, known: { ...knownFromCreate(withAdmin, result), fetchedAt: new Date() } };
      },
      // A meeting of this input found in WeCom (its create's answer was lost): what we sent, and no excess users known.
      found: (id: string): MeetingSnapshot => ({ id, known: knownFromCreate(withAdmin, { errcode: 0, errmsg: "ok" }) }),
    };
    // An empty key is refused above, not taken for "no key".
    const made = idempotencyKey == null ? await this.idempotency.runUnkeyed(request) : await this.idempotency.run(caller, idempotencyKey, request);
    // Everyone who will list it lists afresh (§11).
    await this.options.cache.forgetListings([admin!, ...(input.invitees ?? []), ...(input.settings?.hosts ?? [])]);
    return made;
  }

  async read(caller: Caller, id: string, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid(checkArguments({ id }));
    await loaders.details(id); // NOT_FOUND now, not on the first field
    await assertMayRead(caller, id, loaders);
    return { id, known: {} };
  }

  /** A page of a user's meetings (meeting.listing.ts), kept in the shared cache under the request's loaders. */
  list(caller: Caller, args: ListingArgs, loaders: MeetingLoaders, wants?: ListingWants): Promise<MeetingPage> {
    return this.listings.page(caller, args, loaders, wants);
  }

  async update(caller: Caller, id: string, input: UpdateMeetingFields, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid([...checkArguments({ id }), ...checkUpdateMeetingInput(input, this.now())]);
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
    refuseInvalid(checkArguments(occurrenceId != null ? { id, occurrenceId } : { id }));
    await assertAdministers(caller, id, loaders);
    const body = occurrenceId != null ? { meetingid: id, sub_meetingid: occurrenceId } : { meetingid: id };
    await this.change(id, loaders, await this.involved(id, loaders, false), async () => {
      try {
        return await this.wecom.call(WECOM.cancelMeeting, body);
      } catch (error) {
        // Cancelled already: the caller's wish holds (§10).
        if (error instanceof WecomApiError && error.errcode === MEETING_CANCELLED && occurrenceId == null) return undefined;
        throw error;
      }
    });
    return { id, known: occurrenceId != null ? {} : { status: MeetingStatus.CANCELLED } };
  }

  async setInvitees(caller: Caller, id: string, invitees: string[], loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid([...checkArguments({ id }), ...checkAll(INVITEES_RULES, { invitees }, this.now())]);
    await assertAdministers(caller, id, loaders);
    // The upstream requires the admin in the list; the 2000 include it.
    const { adminUserId } = await loaders.details(id);
    const list = invitees.includes(adminUserId) ? invitees : [...invitees, adminUserId];
    refuseInvalid(checkAll(INVITEES_RULES, { invitees: list }, this.now()).map((v) =>
      v.path === "invitees" ? { ...v, message: `${v.message} with the admin, whom the gateway adds` } : v,
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
