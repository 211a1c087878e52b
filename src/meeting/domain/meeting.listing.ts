import type { Caller } from "../../auth/caller";
import { problem, refuseInvalid, type Problem } from "../../rules/input-error";
import { WECOM, type AnyEndpoint } from "../../wecom/wecom.endpoints";
import { UpstreamRateLimitedError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { ListingCursors, ListingPosition, OpenedCursor } from "./listing-cursor";
import { userForListing } from "./meeting.access";
import { MeetingNotFoundError } from "./meeting.errors";
import type { MeetingStatus } from "./meeting.enums";
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
  /** Only meetings in these statuses (§12b); null or left out: every meeting. */
  status?: readonly MeetingStatus[] | null;
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
    const statuses = [...new Set(args.status ?? [])].sort().join(",");
    const listing: Listing = { userId: userId!, from: Math.floor(from.getTime() / 1000), to: Math.floor(to.getTime() / 1000), statuses };
    const cursorProblem = opened && this.problemOf(opened, listing);
    refuseInvalid([...checkListing({ userId, from, to, first, spanGiven }, now), ...(cursorProblem ? [{ path: "after", ...cursorProblem }] : [])]);
    const position = opened?.position;
    // A defaulted span moves with the clock: kept by what was given, a kept page keeps the span it was read for.
    const given = { from: args.from ? listing.from : null, to: args.to ? listing.to : null, first, statuses, position: position && { ...position, userId: undefined } };
    const keep = statuses === "" ? undefined : this.keepStatuses(new Set(args.status), loaders);
    // A page chosen by status holds statuses: kept no longer than the oldest of them may be.
    const read = await loaders.listing(listing.userId, given, () => this.read(listing, first, position, keep), keep && ((r: ListingRead) => r.asOf!));
    const page = this.pageOf(read, first, now);
    // The page's details are read only once the whole page is known to be affordable (§11): never half a list.
    if (wants.details && page.ids.length > 0) {
      const calls = await loaders.unkept(page.ids);
      if (calls > 0) await this.budget?.ensureAffordable(WECOM.getMeetingInfo, calls);
    }
    return page;
  }

  /** Keeps the ids whose meetings are in `wanted`: statuses read through the loaders, once the budget can pay for those not kept. */
  private keepStatuses(wanted: ReadonlySet<MeetingStatus>, loaders: MeetingLoaders): Keep {
    return async (ids) => {
      const calls = await loaders.unkept(ids);
      if (calls > 0) await this.budget?.ensureAffordable(WECOM.getMeetingInfo, calls);
      const statuses = await Promise.all(ids.map((id) => statusOf(id, loaders)));
      return statuses.map(({ status, fetchedAt }) => ({ kept: status !== undefined && wanted.has(status), fetchedAt }));
    };
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
   * What is read is plain data, so that the shared cache can keep it.
   */
  private async read(listing: Listing, first: number, position: ListingPosition | undefined, keep?: Keep): Promise<ListingRead> {
    const wanted = keep ? first : first + 1;
    const answers: Answer[] = [];
    const served: Place[] = [];
    let examined: Place | undefined;
    let examinedCount = 0;
    let asOf = Date.now();
    let spent = false;
    let cursor = position?.upstream ?? "0";
    const maxCalls = keep ? MAX_CALLS_PER_FILTERED_PAGE : MAX_CALLS_PER_PAGE;
    const maxExamined = keep ? MAX_EXAMINED_PER_FILTERED_PAGE : Infinity;
    for (let calls = 0; served.length < wanted && cursor !== "" && calls < maxCalls && examinedCount < maxExamined && !spent; calls++) {
      const skip = calls === 0 ? (position?.skip ?? 0) : 0;
      const result = await this.wecom.call(WECOM.getUserMeetingIds, {
        userid: listing.userId,
        cursor,
        limit: keep ? LIMITS.listingFirst : Math.min(LIMITS.listingFirst, skip + wanted - served.length),
        begin_time: listing.from,
        end_time: listing.to,
      });
      const answer: Answer = { cursor, ids: result.meetingid_list ?? [], next: result.next_cursor ?? "" };
      const a = answers.push(answer) - 1;
      let i = calls === 0 ? resumeAt(answer.ids, skip, position?.last) : 0;
      while (i < answer.ids.length && served.length < wanted && examinedCount < maxExamined) {
        // Without a filter every id is kept; with one, a batch the size of what the page still lacks,
        // so that no status is read past the page's last meeting (the next page would read it again).
        const batch = answer.ids.slice(i, keep ? i + Math.min(wanted - served.length, maxExamined - examinedCount) : answer.ids.length);
        let kept: boolean[];
        try {
          kept = keep ? (await keep(batch)).map((status) => ((asOf = Math.min(asOf, status.fetchedAt)), status.kept)) : batch.map(() => true);
        } catch (error) {
          // The caller's budget cannot read these statuses: the page ends at what was examined (§11:
          // never half a list lost), and is not kept. With nothing examined yet, the refusal is the answer.
          if (!(error instanceof UpstreamRateLimitedError) || examined === undefined) throw error;
          spent = true;
          break;
        }
        batch.forEach((_, j) => kept[j] && served.push([a, i + j]));
        examinedCount += batch.length;
        i += batch.length;
        examined = [a, i - 1];
      }
      if (i < answer.ids.length) break; // the page is full (or the filtered page's reading is spent) inside this answer
      cursor = answer.next;
    }
    return { listing, answers, served, examined: keep ? examined : undefined, cursor, asOf: spent ? 0 : asOf };
  }

  private pageOf({ listing, answers, served, examined, cursor }: ListingRead, first: number, now: Date): MeetingPage {
    const page = served.slice(0, first);
    const after = ([a, index]: Place): Omit<ListingPosition, keyof Listing> => {
      const answer = answers[a];
      if (index + 1 === answer.ids.length) return { upstream: answer.next, skip: 0, last: null };
      return { upstream: answer.cursor, skip: index + 1, last: answer.ids[index] };
    };
    // Past everything read: a filtered page's end, or an empty page (on from the last answer).
    const end = examined ? after(examined) : { upstream: cursor, skip: 0, last: null };
    const restUnread = cursor !== "" || (examined !== undefined && end.skip > 0);
    return {
      ids: page.map(([a, index]) => answers[a].ids[index]),
      hasNextPage: served.length > page.length || restUnread,
      cursorAfter: (i) => {
        const atEnd = i < 0 || (examined !== undefined && i === page.length - 1);
        return this.cursors.encode({ ...listing, ...(atEnd ? end : after(served[i])) }, now);
      },
    };
  }
}

/** The filter of a filtered listing: which of a batch of ids to keep, and when each status was read. */
type Keep = (ids: readonly string[]) => Promise<Array<{ kept: boolean; fetchedAt: number }>>;

/** A listed meeting's status and when it was read; undefined status for one WeCom no longer shows (gone, or another app's): it is left out. */
async function statusOf(id: string, loaders: MeetingLoaders): Promise<{ status: MeetingStatus | undefined; fetchedAt: number }> {
  try {
    const details = await loaders.details(id);
    return { status: details.status, fetchedAt: details.fetchedAt.getTime() };
  } catch (error) {
    if (error instanceof MeetingNotFoundError) return { status: undefined, fetchedAt: Date.now() };
    throw error;
  }
}

/** An id's place: which answer, and where in it. */
type Place = [answer: number, index: number];

/** One get_user_meetingid answer: the cursor it was asked with, its ids, its next cursor. */
interface Answer {
  cursor: string;
  ids: string[];
  next: string;
}

/** A page as read from the upstream (the span and filter it was read for, the answers, which ids they serve, where it stopped). */
interface ListingRead {
  listing: Listing;
  answers: Answer[];
  served: Place[];
  /** A filtered page's last id examined, kept or not. */
  examined?: Place;
  cursor: string;
  /** When the oldest status a filtered page was chosen by was read (ms); 0: cut short by the budget, not to be kept. */
  asOf?: number;
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
