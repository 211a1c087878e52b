import type { Caller } from "../../auth/caller";
import { refuseViolations } from "../../rules/invalid-input.error";
import { WECOM, type AnyEndpoint } from "../../wecom/wecom.endpoints";
import type { WecomClient } from "../../wecom/wecom.client";
import type { ListingCursors, ListingPosition } from "./listing-cursor";
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

/** A listing read from the upstream: the ids (one past the page when there are more), where it stopped, its span. */
interface ListingRead {
  ids: string[];
  upstream: string;
  exhausted: boolean;
  from: number;
  to: number;
}

/** One listing: whose meetings, over which span (unix seconds), as sent upstream. */
interface Listing {
  userId: string;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
/** Upstream calls one page may take to fill itself (the upstream may answer short pages). */
const MAX_CALLS_PER_PAGE = 3;

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

  async page(caller: Caller, args: ListingArgs, loaders: MeetingLoaders, wants: ListingWants = { details: false }): Promise<MeetingPage> {
    const first = args.first ?? LISTING_DEFAULTS.first;
    const userId = userForListing(caller, args.userId);
    const now = this.now();
    const position = args.after != null ? this.cursors.decode(args.after) : undefined;
    const { from, to, spanGiven } = spanOf(args, position, now);
    refuseViolations(checkListing({ userId, from, to, first, spanGiven }, now));

    const listing: Listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000) };
    if (args.after != null && !sameListing(position, listing)) {
      refuseViolations([{ path: "after", message: "is not a cursor of this listing (same userId, from and to)" }]);
    }
    // Kept by what the caller gave: a defaulted span moves with the clock, and a kept page keeps the span it was read for.
    const given = { from: args.from ? listing.from : null, to: args.to ? listing.to : null, first, upstream: position?.upstream ?? "0", carried: position?.carried ?? [] };
    const read = await loaders.listing(listing.userId, given, () => this.read(listing, first, position));
    const page = read.ids.slice(0, first);
    // The page's details are read only once the whole page is known to be affordable (§11): never half a list.
    if (wants.details && page.length > 0) {
      const calls = await loaders.unkept(page);
      if (calls > 0) await this.budget?.ensureAffordable(WECOM.getMeetingInfo, calls);
    }
    const span = { userId: listing.userId, from: read.from, to: read.to };
    return {
      ids: page,
      hasNextPage: read.ids.length > page.length || !read.exhausted,
      cursorAfter: (i) => this.cursors.encode({ ...span, upstream: read.upstream, carried: read.ids.slice(i + 1) }),
    };
  }

  private async read(listing: Listing, first: number, position: ListingPosition | undefined): Promise<ListingRead> {
    let upstream = position?.upstream ?? "0";
    const ids: string[] = [...(position?.carried ?? [])];
    let exhausted = upstream === "";
    for (let calls = 0; ids.length <= first && !exhausted && calls < MAX_CALLS_PER_PAGE; calls++) {
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
    return { ids, upstream, exhausted, from: listing.from, to: listing.to };
  }
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
