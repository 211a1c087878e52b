/**
 * The meeting endpoints, past the transport: each takes the parsed JSON body (the token and the
 * method are checked already), checks it, reads or changes the kept meetings and returns the
 * answer, or throws a Refusal carrying the errcode (see errors.ts). The first fault found is
 * the answer, as upstream: the body's shape, then the meeting (90602 unknown, 730005 another
 * app's, 400041 cancelled, started), then the values, then membership.
 */
import type {
  CancelMeetingBody,
  CreateMeetingResult,
  GetInviteesBody,
  GetInviteesResult,
  GetMeetingInfoBody,
  GetMeetingInfoResult,
  GetUserMeetingIdsBody,
  GetUserMeetingIdsResult,
  SetInviteesBody,
  UpdateMeetingResult,
  WecomResult,
} from "../wecom.types";
import { checkCreateBody, checkUpdateShape, checkUpdateValues, checkUserid, unknownUser, type BodyRulesContext } from "./body-rules";
import type { Cursors } from "./cursors";
import { Refusal, refuse, refuseParam } from "./errors";
import { meetingInfo } from "./meeting-info";
import { occurrencesOf, statusOf, type KeptMeeting, type MeetingStore } from "./meeting-store";
import { checkShape, requireFields, type Kind } from "./shape";

/** What the corp is like: the simulator's switches the meeting endpoints read. */
export interface Corp {
  /** The corp bought 会议高级功能 (get_invitees, set_invitees, cancelling one occurrence). */
  advanced: boolean;
  inviteeLimit: number;
  inviteesPageSize: number;
  duplicateCheck: boolean;
  unknownUsers: ReadonlySet<string>;
  excessUsers: readonly string[];
}

export type MeetingEndpoint =
  | "meeting/create"
  | "meeting/get_info"
  | "meeting/get_user_meetingid"
  | "meeting/update"
  | "meeting/cancel"
  | "meeting/get_invitees"
  | "meeting/set_invitees";

const DAY = 86400;
const MAX_SPAN = 180 * DAY;
const DUPLICATE_WINDOW_MS = 5 * 60 * 1000;
const SET_INVITEES_MAX = 2000;
const USER_MEETINGS_LIMIT = 100;

const fields = (entries: Array<[string, Kind]>) => new Map<string, Kind>(entries);
const GET_INFO_FIELDS = fields([["meetingid", "string"]]);
const CANCEL_FIELDS = fields([["meetingid", "string"], ["sub_meetingid", "string"]]);
const GET_INVITEES_FIELDS = fields([["meetingid", "string"], ["cursor", "string"]]);
const SET_INVITEES_FIELDS = fields([["meetingid", "string"], ["invitees", "userObjects"]]);
const USER_MEETINGS_FIELDS = fields([
  ["userid", "string"], ["cursor", "string"], ["limit", "uint"], ["begin_time", "uint"], ["end_time", "uint"],
]);

export class MeetingApi {
  constructor(
    private readonly store: MeetingStore,
    private readonly cursors: Cursors,
    private readonly corp: Corp,
    private readonly clock: () => number,
  ) {}

  /** Answers one meeting endpoint; never throws a Refusal (it becomes the answer). */
  answer(endpoint: MeetingEndpoint, body: unknown): WecomResult {
    try {
      return this.handlers[endpoint](body);
    } catch (e) {
      if (e instanceof Refusal) return e.error;
      throw e;
    }
  }

  private readonly handlers: Record<MeetingEndpoint, (body: unknown) => WecomResult> = {
    "meeting/create": (b) => this.create(b),
    "meeting/get_info": (b) => this.getInfo(b),
    "meeting/get_user_meetingid": (b) => this.userMeetingIds(b),
    "meeting/update": (b) => this.update(b),
    "meeting/cancel": (b) => this.cancel(b),
    "meeting/get_invitees": (b) => this.getInvitees(b),
    "meeting/set_invitees": (b) => this.setInvitees(b),
  };

  private create(body: unknown): CreateMeetingResult {
    const b = checkCreateBody(body, this.rulesContext());
    if (this.corp.duplicateCheck && this.store.recentTwin(b, this.clock() - DUPLICATE_WINDOW_MS)) refuse(400301);
    const meeting = this.store.create(b, this.clock());
    return { errcode: 0, errmsg: "ok", meetingid: meeting.meetingid, ...this.excess(b.invitees?.userid) };
  }

  private getInfo(body: unknown): GetMeetingInfoResult {
    const b = checkShape<GetMeetingInfoBody>(body, GET_INFO_FIELDS);
    requireFields(b, ["meetingid"]);
    return meetingInfo(this.find(b.meetingid), this.nowSeconds());
  }

  private userMeetingIds(body: unknown): GetUserMeetingIdsResult {
    const b = checkShape<GetUserMeetingIdsBody>(body, USER_MEETINGS_FIELDS);
    requireFields(b, ["userid"]);
    checkUserid("userid", b.userid);
    const limit = b.limit ?? USER_MEETINGS_LIMIT;
    if (limit < 1 || limit > USER_MEETINGS_LIMIT) refuseParam("limit", `must be 1 to ${USER_MEETINGS_LIMIT}`);
    const now = this.nowSeconds();
    const window = timeWindow(b, now);
    const after = b.cursor === undefined || b.cursor === "0" ? undefined : this.openMeetingsCursor(b.cursor, b.userid);
    if (this.corp.unknownUsers.has(b.userid)) refuse(60111, b.userid);

    const listed = this.store.listForUser(b.userid, { ...window, now });
    const from = after ? listed.findIndex((m) => isAfter(m, after)) : 0;
    const page = from < 0 ? [] : listed.slice(from, from + limit);
    const last = page[page.length - 1];
    return {
      errcode: 0,
      errmsg: "ok",
      // Whenever the page is full, as upstream may: a listing ending on a page boundary gets an empty last page.
      next_cursor: page.length === limit ? this.cursors.seal("meetings", [b.userid, last.meeting_start, last.meetingid]) : "",
      meetingid_list: page.map((m) => m.meetingid),
    };
  }

  private update(body: unknown): UpdateMeetingResult {
    const b = checkUpdateShape(body);
    const meeting = this.findChangeable(b.meetingid, 400221);
    checkUpdateValues(b, meeting, this.rulesContext());
    this.store.update(meeting, b);
    return { errcode: 0, errmsg: "ok", ...this.excess(b.invitees?.userid) };
  }

  private cancel(body: unknown): WecomResult {
    const b = checkShape<CancelMeetingBody>(body, CANCEL_FIELDS);
    requireFields(b, ["meetingid"]);
    if (b.sub_meetingid !== undefined && !this.corp.advanced) refuse(400226, "sub_meetingid");
    if (b.sub_meetingid === undefined) {
      this.store.cancel(this.findChangeable(b.meetingid, 400224));
      return { errcode: 0, errmsg: "ok" };
    }
    const meeting = this.find(b.meetingid);
    if (meeting.cancelled) refuse(400041);
    const occurrence = occurrencesOf(meeting).find((o) => o.sub_meetingid === b.sub_meetingid);
    if (!occurrence || meeting.reminders?.is_repeat !== 1) refuse(730003, b.sub_meetingid);
    if (occurrence.deleted) refuse(400041, `sub_meetingid ${b.sub_meetingid}`);
    if (occurrence.start <= this.nowSeconds()) refuse(400224, `sub_meetingid ${b.sub_meetingid}`);
    this.store.deleteOccurrence(meeting, occurrence.sub_meetingid);
    return { errcode: 0, errmsg: "ok" };
  }

  private getInvitees(body: unknown): GetInviteesResult {
    if (!this.corp.advanced) refuse(400226, "meeting/get_invitees");
    const b = checkShape<GetInviteesBody>(body, GET_INVITEES_FIELDS);
    requireFields(b, ["meetingid"]);
    const meeting = this.find(b.meetingid);
    let offset = 0;
    if (b.cursor !== undefined && b.cursor !== "") {
      const position = this.cursors.open("invitees", b.cursor);
      if (!position || position[0] !== meeting.meetingid || !Number.isSafeInteger(position[1])) refuseParam("cursor", "unknown cursor");
      offset = position[1] as number;
    }
    // Only members inside the app's visible range are listed (98160).
    const visible = meeting.invitees.filter((u) => !this.corp.unknownUsers.has(u));
    const size = this.corp.inviteesPageSize;
    const hasMore = offset + size < visible.length;
    return {
      errcode: 0,
      errmsg: "ok",
      has_more: hasMore,
      next_cursor: hasMore ? this.cursors.seal("invitees", [meeting.meetingid, offset + size]) : "",
      invitees: visible.slice(offset, offset + size).map((userid) => ({ userid })),
    };
  }

  private setInvitees(body: unknown): WecomResult {
    if (!this.corp.advanced) refuse(400226, "meeting/set_invitees");
    const b = checkShape<SetInviteesBody>(body, SET_INVITEES_FIELDS);
    requireFields(b, ["meetingid", "invitees"]);
    const userids = b.invitees.map((i) => i.userid);
    if (userids.length > SET_INVITEES_MAX) refuseParam("invitees", `${userids.length} invitees, at most ${SET_INVITEES_MAX}`, 400020);
    userids.forEach((u, i) => checkUserid(`invitees[${i}].userid`, u));
    const meeting = this.findChangeable(b.meetingid, 400221);
    if (!userids.includes(meeting.admin_userid)) refuse(730009, meeting.admin_userid);
    const unknown = userids.findIndex((u) => this.corp.unknownUsers.has(u));
    if (unknown >= 0) throw unknownUser(userids[unknown], `invitees[${unknown}].userid`);
    this.store.setInvitees(meeting, userids);
    return { errcode: 0, errmsg: "ok" };
  }

  // ---- shared -------------------------------------------------------------------------------

  /** This app's meeting: 90602 when unknown, 730005 when another app's. */
  private find(meetingid: string): KeptMeeting {
    const meeting = this.store.get(meetingid);
    if (!meeting) refuse(90602);
    if (meeting.app !== "this") refuse(730005);
    return meeting;
  }

  /** A meeting still scheduled: else 400041 when cancelled, `startedCode` when in progress or ended. */
  private findChangeable(meetingid: string, startedCode: number): KeptMeeting {
    const meeting = this.find(meetingid);
    const status = statusOf(meeting, this.nowSeconds());
    if (status === 4) refuse(400041);
    if (status === 2 || status === 3) refuse(startedCode);
    return meeting;
  }

  private openMeetingsCursor(cursor: string, userid: string): { start: number; id: string } {
    const position = this.cursors.open("meetings", cursor);
    if (!position || position[0] !== userid || !Number.isSafeInteger(position[1]) || typeof position[2] !== "string") {
      refuseParam("cursor", "unknown cursor");
    }
    return { start: position[1] as number, id: position[2] as string };
  }

  private excess(invitees: string[] | undefined): { excess_users?: string[] } {
    const excess = (invitees ?? []).filter((u) => this.corp.excessUsers.includes(u));
    return excess.length > 0 ? { excess_users: excess } : {};
  }

  private rulesContext(): BodyRulesContext {
    return { nowSeconds: this.nowSeconds(), unknownUsers: this.corp.unknownUsers, inviteeLimit: this.corp.inviteeLimit };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }
}

/**
 * get_user_meetingid's window, unix seconds: neither end sent → the 180 days up to now; one sent
 * → the other 180 days away; a span over 180 days or a begin after the end → 40058.
 */
function timeWindow(b: GetUserMeetingIdsBody, now: number): { begin: number; end: number } {
  const end = b.end_time ?? (b.begin_time !== undefined ? b.begin_time + MAX_SPAN : now);
  const begin = b.begin_time ?? end - MAX_SPAN;
  if (begin > end) refuseParam("begin_time", "later than end_time");
  if (end - begin > MAX_SPAN) refuseParam("end_time", "more than 180 days after begin_time");
  return { begin, end };
}

function isAfter(m: KeptMeeting, after: { start: number; id: string }): boolean {
  return m.meeting_start > after.start || (m.meeting_start === after.start && m.meetingid > after.id);
}

