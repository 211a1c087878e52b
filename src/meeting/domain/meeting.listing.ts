import type { Caller } from "../../auth/caller";
import { problem, refuseInvalid, type Problem } from "../../rules/input-error";
import { WECOM } from "../../wecom/wecom.endpoints";
import type { WecomClient } from "../../wecom/wecom.client";
import type { ListingCursors, ListingPosition, OpenedCursor } from "./listing-cursor";
import { userForListing } from "./meeting.access";
import type { MeetingStatus } from "./meeting.enums";
import { LIMITS, LISTING_DEFAULTS } from "./meeting.limits";
import { checkListing } from "./meeting.rules";

/** What a caller asks of a listing (CONTRACT §10). */
export interface ListingArgs {
  userId?: string | null;
  from?: Date | null;
  to?: Date | null;
  first?: number | null;
  after?: string | null;
  /** Only meetings in these statuses (§12b); null or left out: every meeting. */
  status?: readonly MeetingStatus[] | null;
}

/** Which of `ids` to keep: the meetings' statuses, read through the request's loaders. */
export type StatusesOf = (ids: readonly string[]) => Promise<Array<MeetingStatus | undefined>>;

/** A page of a listing: the ids on it, and where it stands. */
export interface MeetingPage {
  ids: string[];
  hasNextPage: boolean;
  /** The cursor after the `i`-th id of the page (Relay edge cursors); -1: before the first. */
  cursorAfter(i: number): string;
}

/** One listing: whose meetings, over which span (unix seconds), as sent upstream, and the status filter. */
interface Listing {
  userId: string;
  from: number;
  to: number;
  /** The statuses kept, sorted and joined by commas; "" for every meeting. */
  statuses: string;
}

const DAY_MS = 86_400_000;
/** Upstream calls one page may take to fill itself (the upstream may answer short pages). */
export const MAX_CALLS_PER_PAGE = 3;
/**
 * With a status filter, ids one page may read the status of (a get_info each) before it stops
 * short: it then says hasNextPage, and its cursor stands after the ids it read.
 */
export const MAX_EXAMINED_PER_FILTERED_PAGE = 200;
/** Upstream listing calls a filtered page may take: enough to reach its examining bound, and one. */
export const MAX_CALLS_PER_FILTERED_PAGE = Math.ceil(MAX_EXAMINED_PER_FILTERED_PAGE / LIMITS.listingFirst) + 1;

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
  ) {}

  async page(caller: Caller, args: ListingArgs, statusesOf: StatusesOf): Promise<MeetingPage> {
    const first = args.first ?? LISTING_DEFAULTS.first;
    const userId = userForListing(caller, args.userId);
    const now = this.now();
    const opened = args.after != null ? this.cursors.open(args.after, now) : undefined;
    const { from, to, spanGiven } = spanOf(args, opened?.position, now);
    const statuses = [...new Set(args.status ?? [])].sort().join(",");
    const listing: Listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000), statuses };
    const cursorProblem = opened && this.problemOf(opened, listing);
    refuseInvalid([...checkListing({ userId, from, to, first, spanGiven }, now), ...(cursorProblem ? [{ path: "after", ...cursorProblem }] : [])]);
    const keep = statuses === "" ? undefined : keepStatuses(new Set(args.status), statusesOf);
    return this.read(listing, first, opened?.position, now, keep);
  }

  private problemOf(opened: OpenedCursor, listing: Listing): Problem | undefined {
    if (opened.problem === "expired") {
      const message = `has expired: a cursor lasts ${this.cursors.ttlSeconds} seconds; list again from the first page (leave \`after\` out)`;
      return problem("EXPIRED", message, this.cursors.ttlSeconds);
    }
    if (opened.problem === "unknown" || !sameListing(opened.position, listing)) {
      return problem("NOT_VALID_HERE", "is not a cursor of this listing (same userId, from, to and status)");
    }
    return undefined;
  }

  /**
   * Reads the page from the upstream, from where the cursor stands, one id past the page so that
   * hasNextPage is known (§10), in at most a few calls. Every id served is in an answer read now.
   * With a status filter (`keep`), ids are read on until the page is full or the span ends
   * (§12b), within MAX_EXAMINED_PER_FILTERED_PAGE; the page's last cursor stands after every id
   * examined, so the next page does not read the statuses of the ones left out again.
   */
  private async read(listing: Listing, first: number, position: ListingPosition | undefined, now: Date, keep?: Keep): Promise<MeetingPage> {
    const wanted = keep ? first : first + 1;
    const served: Place[] = [];
    let examined: Place | undefined;
    let examinedCount = 0;
    let cursor = position?.upstream ?? "0";
    const maxCalls = keep ? MAX_CALLS_PER_FILTERED_PAGE : MAX_CALLS_PER_PAGE;
    const maxExamined = keep ? MAX_EXAMINED_PER_FILTERED_PAGE : Infinity;
    for (let calls = 0; served.length < wanted && cursor !== "" && calls < maxCalls && examinedCount < maxExamined; calls++) {
      const skip = calls === 0 ? (position?.skip ?? 0) : 0;
      const result = await this.wecom.call(WECOM.getUserMeetingIds, {
        userid: listing.userId,
        cursor,
        limit: keep ? LIMITS.listingFirst : Math.min(LIMITS.listingFirst, skip + wanted - served.length),
        begin_time: listing.from,
        end_time: listing.to,
      });
      const answer: Answer = { cursor, ids: result.meetingid_list ?? [], next: result.next_cursor ?? "" };
      let i = calls === 0 ? resumeAt(answer.ids, skip, position?.last) : 0;
      while (i < answer.ids.length && served.length < wanted && examinedCount < maxExamined) {
        // Without a filter every id is kept; with one, a batch the size of what the page still lacks.
        const batch = answer.ids.slice(i, keep ? i + Math.min(wanted - served.length, maxExamined - examinedCount) : answer.ids.length);
        const kept = keep ? await keep(batch) : batch.map(() => true);
        batch.forEach((_, j) => kept[j] && served.push({ answer, index: i + j }));
        examinedCount += batch.length;
        i += batch.length;
        examined = { answer, index: i - 1 };
      }
      if (i < answer.ids.length) break; // the page is full (or the filtered page's reading is spent) inside this answer
      cursor = answer.next;
    }
    const page = served.slice(0, first);
    const restUnread = (examined !== undefined && !isLastOf(examined)) || cursor !== "";
    return {
      ids: page.map(({ answer, index }) => answer.ids[index]),
      hasNextPage: served.length > page.length || restUnread,
      cursorAfter: (i) => {
        // An empty page, or a filtered page's end: after everything examined.
        const end = i < 0 || (keep !== undefined && i === page.length - 1);
        const after = end ? (examined ? positionAfter(examined) : { upstream: cursor, skip: 0, last: null }) : positionAfter(served[i]);
        return this.cursors.encode({ ...listing, ...after }, now);
      },
    };
  }
}

/** The filter of a filtered listing: which of a batch of ids to keep. */
type Keep = (ids: readonly string[]) => Promise<boolean[]>;

function keepStatuses(wanted: ReadonlySet<MeetingStatus>, statusesOf: StatusesOf): Keep {
  return async (ids) => (await statusesOf(ids)).map((status) => status !== undefined && wanted.has(status));
}

/** An id's place: its answer, and where in it. */
interface Place {
  answer: Answer;
  index: number;
}

const isLastOf = ({ answer, index }: Place): boolean => index + 1 === answer.ids.length;

/** The position just after `place`: on in the same answer, or from the next one. */
function positionAfter(place: Place): Pick<ListingPosition, "upstream" | "skip" | "last"> {
  if (isLastOf(place)) return { upstream: place.answer.next, skip: 0, last: null };
  return { upstream: place.answer.cursor, skip: place.index + 1, last: place.answer.ids[place.index] };
}

/** One get_user_meetingid answer: the cursor it was asked with, its ids, its next cursor. */
interface Answer {
  cursor: string;
  ids: string[];
  next: string;
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
  return (
    position !== undefined &&
    position.userId === listing.userId &&
    position.from === listing.from &&
    position.to === listing.to &&
    position.statuses === listing.statuses
  );
}
