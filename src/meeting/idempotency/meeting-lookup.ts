import pLimit from "p-limit";
import { WECOM } from "../../wecom/wecom.endpoints";
import { WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { CreateMeetingBody, GetMeetingInfoResult } from "../../wecom/wecom.types";
import { NOT_FOUND_ERRCODES } from "../../wecom/wecom.errcodes";

/** Pages of the admin's meetings (100 each) a lookup lists at most. */
export const LOOKUP_MAX_PAGES = 10;
/** Meetings a lookup reads the details of at most (get_info): what one lookup may cost. */
export const LOOKUP_MAX_DETAILS = 50;

/** What a lookup found. */
export interface LookupResult {
  /** The meetings that match the body, in the order WeCom listed them. */
  matches: string[];
  /** Whether every meeting that could match was read: when not, finding none proves nothing. */
  complete: boolean;
}

/** Finds, in WeCom, the meetings a create body would have made. */
export interface CreatedMeetingLookup {
  /**
   * The meetings that match `body`, skipping the ids `skip` says to (cheaper than reading them).
   * Throws when WeCom cannot be asked.
   */
  find(body: CreateMeetingBody, skip: (id: string) => Promise<boolean>): Promise<LookupResult>;
}

/** The lookup cannot tell whether the meeting exists: the admin has too many meetings to read. */
export class LookupIncompleteError extends Error {
  constructor() {
    super(
      `the admin has more meetings from that start on than a lookup reads (${LOOKUP_MAX_DETAILS} unmarked, ${LOOKUP_MAX_PAGES * 100} in all): the lookup cannot tell`,
    );
    this.name = "LookupIncompleteError";
  }
}

/**
 * The lookup through WeCom itself (CONTRACT §6, "find out, don't guess"): the admin's meetings
 * from the start on, then each one's `get_info`, matched on what was sent: title, start,
 * duration, admin, and the description and location when they were sent. `get_user_meetingid`
 * lists every meeting not yet started from `begin_time` on (its `end_time` bounds past meetings
 * only), so the listing cannot be narrowed to the meeting's own start: the details are read in
 * the listed order, at most LOOKUP_MAX_DETAILS of them. The calls are the caller's (CONTRACT
 * §9): a user whose request needs a lookup pays for it from its own budget.
 */
export class WecomMeetingLookup implements CreatedMeetingLookup {
  constructor(
    private readonly wecom: WecomClient,
    private readonly concurrency = 10,
  ) {}

  async find(body: CreateMeetingBody, skip: (id: string) => Promise<boolean>): Promise<LookupResult> {
    const matches: string[] = [];
    let read = 0;
    let cursor = "0";
    for (let page = 0; cursor; page++) {
      if (page === LOOKUP_MAX_PAGES) return { matches, complete: false };
      const result = await this.wecom.call(WECOM.lookupMeetingIds, {
        userid: body.admin_userid,
        cursor,
        limit: 100,
        begin_time: body.meeting_start,
        end_time: body.meeting_start,
      });
      const listed = result.meetingid_list ?? [];
      const skipped = await Promise.all(listed.map(skip));
      const candidates = listed.filter((_, i) => !skipped[i]);
      const toRead = candidates.slice(0, LOOKUP_MAX_DETAILS - read);
      read += toRead.length;
      matches.push(...(await this.matching(toRead, body)));
      if (toRead.length < candidates.length) return { matches, complete: false };
      cursor = result.next_cursor ?? "";
    }
    return { matches, complete: true };
  }

  private async matching(ids: string[], body: CreateMeetingBody): Promise<string[]> {
    const limit = pLimit(this.concurrency);
    const infos = await Promise.all(ids.map((id) => limit(() => this.info(id))));
    return ids.filter((_, i) => {
      const info = infos[i];
      return info !== undefined && matches(info, body);
    });
  }

  private async info(id: string): Promise<GetMeetingInfoResult | undefined> {
    try {
      return await this.wecom.call(WECOM.lookupMeetingInfo, { meetingid: id });
    } catch (error) {
      if (error instanceof WecomApiError && NOT_FOUND_ERRCODES.has(error.errcode)) return undefined; // gone meanwhile
      throw error;
    }
  }
}

function matches(info: GetMeetingInfoResult, body: CreateMeetingBody): boolean {
  return (
    info.admin_userid === body.admin_userid &&
    info.title === body.title &&
    info.meeting_start === body.meeting_start &&
    info.meeting_duration === body.meeting_duration &&
    (body.description === undefined || (info.description ?? "") === body.description) &&
    (body.location === undefined || (info.location ?? "") === body.location)
  );
}
