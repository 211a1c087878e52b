import pLimit from "p-limit";
import { WECOM } from "../../wecom/wecom.endpoints";
import { WecomApiError } from "../../wecom/wecom.errors";
import type { WecomClient } from "../../wecom/wecom.client";
import type { CreateMeetingBody, GetMeetingInfoResult } from "../../wecom/wecom.types";
import { NOT_FOUND_ERRCODES } from "../../wecom/wecom.errcodes";

/** The admin's meetings read at most (pages of 100): past this the lookup cannot tell. */
const MAX_PAGES = 10;

/** Finds, in WeCom, the meetings a create body would have made. */
export interface CreatedMeetingLookup {
  /**
   * Ids of the meetings that match `body`, skipping the ids `skip` says to (cheaper than reading
   * them). Throws when WeCom cannot be asked or the admin has too many meetings to read: then
   * nothing can be concluded.
   */
  find(body: CreateMeetingBody, skip: (id: string) => Promise<boolean>): Promise<string[]>;
}

/** The lookup cannot complete: the admin's upcoming meetings are too many to read. */
export class LookupIncompleteError extends Error {
  constructor() {
    super(`the admin has more than ${MAX_PAGES * 100} meetings from that start on: the lookup cannot tell`);
    this.name = "LookupIncompleteError";
  }
}

/**
 * The lookup through WeCom itself (CONTRACT §6, "find out, don't guess"): the admin's meetings
 * from the start on (`get_user_meetingid` lists every meeting not yet started from `begin_time`
 * on), then each one's `get_info`, matched on what was sent: title, start, duration, admin, and
 * the description and location when they were sent.
 */
export class WecomMeetingLookup implements CreatedMeetingLookup {
  constructor(
    private readonly wecom: WecomClient,
    private readonly concurrency = 10,
  ) {}

  async find(body: CreateMeetingBody, skip: (id: string) => Promise<boolean>): Promise<string[]> {
    const ids: string[] = [];
    let cursor = "0";
    for (let page = 0; ; page++) {
      if (page === MAX_PAGES) throw new LookupIncompleteError();
      const result = await this.wecom.call(WECOM.lookupMeetingIds, {
        userid: body.admin_userid,
        cursor,
        limit: 100,
        begin_time: body.meeting_start,
        end_time: body.meeting_start,
      });
      ids.push(...(result.meetingid_list ?? []));
      cursor = result.next_cursor ?? "";
      if (!cursor) break;
    }
    const limit = pLimit(this.concurrency);
    const found = await Promise.all(
      ids.map((id) =>
        limit(async () => {
          if (await skip(id)) return undefined;
          const info = await this.info(id);
          return info && matches(info, body) ? id : undefined;
        }),
      ),
    );
    return found.filter((id): id is string => id !== undefined);
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
