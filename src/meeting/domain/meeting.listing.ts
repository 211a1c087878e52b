import type { Caller } from "../../auth/caller";
import { problem, refuseInvalid, type Problem } from "../../rules/input-error";
import { WECOM, type AnyEndpoint } from "../../wecom/wecom.endpoints";
import type { WecomClient } from "../../wecom/wecom.client";
import type { ListingCursors, ListingPosition, OpenedCursor } from "./listing-cursor";
import { userForListing } from "./meeting.access";
import type { MeetingLoaders } from "./meeting.loaders";
import { LIMITS, LISTING_DEFAULTS } from "./meeting.limits";
import { checkListing } from "./meeting.rules";

/** What a caller asks of a listing (CONTRACT §10). */
export interface ListingArgs {
  userId?: string | null;
  from?: Date | null;
  to?: Date | null;
  first?: number | null;
  after?: string | null;
}

/** A page of a listing: the ids on it, and where it stands. */
export interface MeetingPage {
  ids: string[];
  hasNextPage: boolean;
  /** The cursor after the `i`-th id of the page (Relay edge cursors); -1: before the first. */
  cursorAfter(i: number): string;
}

/** What a listing's selection will read of each meeting on the page. */
export interface ListingWants {
  /** Whether any field of the page's meetings needs get_info. */
  details: boolean;
}

/** One listing: whose meetings, over which span (unix seconds), as sent upstream. */
interface Listing {
  userId: string;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
/** Upstream calls one page may take to fill itself (the upstream may answer short pages). */
export const MAX_CALLS_PER_PAGE = 3;

/**
 * Listing a user's meetings a page at a time over get_user_meetingid (CONTRACT §10): the span's
 * defaults, the cursor's checks, and the paging, which reads one id past the page so that a page
 * that ends the list says so.
 */
export class MeetingListings {
  constructor(
    private readonly wecom: WecomClient,
    private readonly cursors: ListingCursors,
    private readonly now: () => Date,
    /** Refuses a page whose detail reads the caller's or the corp's budget cannot cover (CONTRACT §11). */
    private readonly budget?: { ensureAffordable(endpoint: AnyEndpoint, calls: number): Promise<void> },
  ) {}

  /** A page, kept in the shared cache (by what the caller gave) under the request's loaders. */
  async page(caller: Caller, args: ListingArgs, loaders: MeetingLoaders, wants: ListingWants = { details: false }): Promise<MeetingPage> {
    const first = args.first ?? LISTING_DEFAULTS.first;
    const userId = userForListing(caller, args.userId);
    const now = this.now();
    const opened = args.after != null ? this.cursors.open(args.after, now) : undefined;
    const { from, to, spanGiven } = spanOf(args, opened?.position, now);
    const listing: Listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000) };
    const cursorProblem = opened && this.problemOf(opened, listing);
    refuseInvalid([...checkListing({ userId, from, to, first, spanGiven }, now), ...(cursorProblem ? [{ path: "after", ...cursorProblem }] : [])]);
    const position = opened?.position;
    // A defaulted span moves with the clock: kept by what was given, a kept page keeps the span it was read for.
    const given = { from: args.from ? listing.from : null, to: args.to ? listing.to : null, first, position: position && { ...position, userId: undefined } };
    const read = await loaders.listing(listing.userId, given, () => this.read(listing, first, position));
    const page = this.pageOf(read, first, now);
    // The page's details are read only once the whole page is known to be affordable (§11): never half a list.
    if (wants.details && page.ids.length > 0) {
      const calls = await loaders.unkept(page.ids);
      if (calls > 0) await this.budget?.ensureAffordable(WECOM.getMeetingInfo, calls);
    }
    return page;
  }

  private problemOf(opened: OpenedCursor, listing: Listing): Problem | undefined {
    if (opened.problem === "expired") {
      const message = `has expired: a cursor lasts ${this.cursors.ttlSeconds} seconds; list again from the first page (leave \`after\` out)`;
      return problem("EXPIRED", message, this.cursors.ttlSeconds);
    }
    if (opened.problem === "unknown" || !sameListing(opened.position, listing)) {
      return problem("NOT_VALID_HERE", "is not a cursor of this listing (same userId, from and to)");
    }
    return undefined;
  }

  /**
   * Reads the page from the upstream, from where the cursor stands, one id past the page so that
   * hasNextPage is known (§10), in at most a few calls. Every id served is in an answer read now.
   * What is read is plain data, so that the shared cache can keep it.
   */
  private async read(listing: Listing, first: number, position: ListingPosition | undefined): Promise<ListingRead> {
    const answers: Answer[] = [];
    const served: Array<[answer: number, index: number]> = [];
    let cursor = position?.upstream ?? "0";
    for (let calls = 0; served.length <= first && cursor !== "" && calls < MAX_CALLS_PER_PAGE; calls++) {
      const skip = calls === 0 ? (position?.skip ?? 0) : 0;
      const result = await this.wecom.call(WECOM.getUserMeetingIds, {
        userid: listing.userId,
        cursor,
        limit: Math.min(LIMITS.listingFirst, skip + first + 1 - served.length),
        begin_time: listing.from,
        end_time: listing.to,
      });
      const answer: Answer = { cursor, ids: result.meetingid_list ?? [], next: result.next_cursor ?? "" };
      answers.push(answer);
      for (let i = calls === 0 ? resumeAt(answer.ids, skip, position?.last) : 0; i < answer.ids.length; i++) served.push([answers.length - 1, i]);
      cursor = answer.next;
    }
    return { listing, answers, served, cursor };
  }

  private pageOf({ listing, answers, served, cursor }: ListingRead, first: number, now: Date): MeetingPage {
    const page = served.slice(0, first);
    const after = (i: number): Omit<ListingPosition, keyof Listing> => {
      if (i < 0) return { upstream: cursor, skip: 0, last: null }; // an empty page: on from the last answer
      const [a, index] = served[i];
      const answer = answers[a];
      if (index + 1 === answer.ids.length) return { upstream: answer.next, skip: 0, last: null };
      return { upstream: answer.cursor, skip: index + 1, last: answer.ids[index] };
    };
    return {
      ids: page.map(([a, index]) => answers[a].ids[index]),
      hasNextPage: served.length > page.length || cursor !== "",
      cursorAfter: (i) => this.cursors.encode({ ...listing, ...after(i) }, now),
    };
  }
}

/** One get_user_meetingid answer: the cursor it was asked with, its ids, its next cursor. */
interface Answer {
  cursor: string;
  ids: string[];
  next: string;
}

/** A page as read from the upstream (the span it was read for, the answers, which ids they serve, where it stopped). */
interface ListingRead {
  listing: Listing;
  answers: Answer[];
  served: Array<[answer: number, index: number]>;
  cursor: string;
}

/**
 * Where to go on in an answer read again: after the last id served, wherever it is now (meetings
 * before it may have come or gone); when it is gone, after as many as were served.
 */
function resumeAt(ids: string[], skip: number, last: string | null | undefined): number {
  const at = last ? ids.indexOf(last) : -1;
  return at >= 0 ? at + 1 : Math.min(skip, ids.length);
}

/**
 * The span listed: what the caller gave, else a next page's own (defaults computed now would
 * differ from the first page's), else `LISTING_DEFAULTS.spanDays` either side of now, never more
 * than the upstream's longest span from the bound given.
 */
function spanOf(args: ListingArgs, position: ListingPosition | undefined, now: Date): { from: Date; to: Date; spanGiven: "from" | "to" | "both" | "none" } {
  if (position && args.from == null && args.to == null) {
    args = { ...args, from: new Date(position.from * 1000), to: new Date(position.to * 1000) };
  }
  const around = LISTING_DEFAULTS.spanDays * DAY_MS;
  const longest = LIMITS.listingSpanDays * DAY_MS;
  const from = args.from ?? new Date(args.to ? Math.max(now.getTime() - around, args.to.getTime() - longest) : now.getTime() - around);
  const to = args.to ?? new Date(Math.min(now.getTime() + around, from.getTime() + longest));
  const spanGiven = args.from && args.to ? "both" : args.from ? "from" : args.to ? "to" : "none";
  return { from, to, spanGiven };
}

function sameListing(position: ListingPosition | undefined, listing: Listing): position is ListingPosition {
  return position !== undefined && position.userId === listing.userId && position.from === listing.from && position.to === listing.to;
}
