import type { Caller } from "../../auth/caller";
import { refuseInvalid, type FieldError } from "../../rules/input-error";
import { checkAll } from "../../rules/rules";
import { WECOM } from "../../wecom/wecom.endpoints";
import { MEETING_CANCELLED } from "../../wecom/wecom.errcodes";
import { UpstreamMaybeAppliedError, WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { CreateMeetingInput, UpdateMeetingInput } from "../graphql/meeting.input";
import { MeetingStatus } from "../graphql/meeting.enums";
import type { MeetingSnapshot } from "../graphql/meeting.type";
import type { IdempotentCreates } from "../idempotency/idempotency.guard";
import { checkIdempotencyKey } from "../idempotency/idempotency.key";
import { adminForCreate, assertAdministers, assertMayRead, userForListing } from "./meeting.access";
import { AdvancedFeatures, MeetingLoaders, notFoundOr } from "./meeting.loaders";
import { knownFromCreate, toCreateMeetingBody, toUpdateMeetingBody } from "./meeting.mapping";
import { checkArguments, checkCreateMeetingInput, checkListing, checkUpdateMeetingInput, INVITEES_RULES, LIMITS } from "./meeting.rules";
import type { ListingCursors } from "./listing-cursor";

export interface MeetingServiceOptions {
  /** Detail fetches at once per request (GATEWAY_DETAIL_CONCURRENCY). */
  detailConcurrency: number;
  now?: () => Date;
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

  /** A request's loaders: each meeting's details and invitees read once per request. */
  loaders(): MeetingLoaders {
    return new MeetingLoaders(this.wecom, this.options.detailConcurrency, this.features);
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
        return { id: result.meetingid, known: knownFromCreate(withAdmin, result) };
      },
      // A meeting of this input found in WeCom (its create's answer was lost): what we sent, and no excess users known.
      found: (id: string): MeetingSnapshot => ({ id, known: knownFromCreate(withAdmin, { errcode: 0, errmsg: "ok" }) }),
    };
    // An empty key is refused above, not taken for "no key". A user's keys are its own: another
    // user guessing one cannot block it.
    if (idempotencyKey == null) return this.idempotency.runUnkeyed(request);
    return this.idempotency.run(caller.kind === "user" ? `user:${caller.userId}\0${idempotencyKey}` : idempotencyKey, request);
  }

  async read(caller: Caller, id: string, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid(checkArguments({ id }));
    await loaders.details(id); // NOT_FOUND now, not on the first field
    await assertMayRead(caller, id, loaders);
    return { id, known: {} };
  }

  async list(
    caller: Caller,
    args: { userId?: string | null; from?: Date | null; to?: Date | null; first?: number | null; after?: string | null },
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
    const violations: FieldError[] = checkListing({ userId, from, to, first, spanGiven }, now);
    if (userId == null) violations.unshift({ path: "userId", message: "is required for a service caller (whose meetings to list)", code: "REQUIRED" });
    refuseInvalid(violations);

    const listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000) };
    let upstream = "0";
    const ids: string[] = [];
    if (args.after != null) {
      const same = position && position.userId === listing.userId && position.from === listing.from && position.to === listing.to;
      if (!same) refuseInvalid([{ path: "after", message: "is not a cursor of this listing (same userId, from and to)", code: "NOT_VALID_HERE" }]);
      upstream = position!.upstream;
      ids.push(...position!.carried);
    }
    // Read one id past the page, so that hasNextPage is known (§10); at most a few upstream calls.
    let exhausted = upstream === "";
    for (let calls = 0; ids.length <= first && !exhausted && calls < 3; calls++) {
      const result = await this.wecom.call(WECOM.getUserMeetingIds, {
        userid: listing.userId,
        cursor: upstream,
        limit: Math.min(LIMITS.listingFirst, first + 1 - ids.length),
        begin_time: listing.from,
        end_time: listing.to,
      });
      ids.push(...(result.meetingid_list ?? []));
      upstream = result.next_cursor ?? "";
      exhausted = upstream === "";
    }
    const page = ids.slice(0, first);
    return {
      ids: page,
      hasNextPage: ids.length > page.length || !exhausted,
      cursorAfter: (i) => this.cursors.encode({ ...listing, upstream, carried: ids.slice(i + 1) }),
    };
  }

  async update(caller: Caller, id: string, input: UpdateMeetingInput, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid([...checkArguments({ id }), ...checkUpdateMeetingInput(input, this.now())]);
    await assertAdministers(caller, id, loaders);
    // The upstream wants start and duration together: the one not given is the meeting's own.
    const alone = (input.meetingStart == null) !== (input.meetingDuration == null);
    const current = alone ? await loaders.details(id) : undefined;
    const result = await this.change(id, loaders, () => this.wecom.call(WECOM.updateMeeting, toUpdateMeetingBody(id, input, current)));
    return {
      id,
      known: { excessUsers: result.excess_users ?? [], ...(input.invitees != null ? { invitees: input.invitees } : {}) },
    };
  }

  async cancel(caller: Caller, id: string, occurrenceId: string | null | undefined, loaders: MeetingLoaders): Promise<MeetingSnapshot> {
    refuseInvalid(checkArguments(occurrenceId != null ? { id, occurrenceId } : { id }));
    await assertAdministers(caller, id, loaders);
    const body = occurrenceId != null ? { meetingid: id, sub_meetingid: occurrenceId } : { meetingid: id };
    await this.change(id, loaders, async () => {
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
    await this.change(id, loaders, () => this.wecom.call(WECOM.setInvitees, { meetingid: id, invitees: list.map((userid) => ({ userid })) }));
    return { id, known: { invitees: list } };
  }

  /** Sends a change; afterwards the request reads the meeting afresh. */
  private async change<T>(id: string, loaders: MeetingLoaders, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw notFoundOr(id, error);
    } finally {
      loaders.forget(id);
    }
  }
}
