import { isObjectType, type GraphQLSchema } from "graphql";
import { LIMITS } from "../meeting/domain/meeting.limits";
import { MAX_CALLS_PER_FILTERED_PAGE, MAX_CALLS_PER_PAGE, MAX_EXAMINED_PER_FILTERED_PAGE } from "../meeting/domain/meeting.listing";

/** What one field of the schema can make the gateway send to WeCom. */
export interface UpstreamPrice {
  /** Calls the field sends each time it resolves (a root field's own call, a change's access read). */
  readonly calls?: number | ((args: Record<string, unknown>) => number);
  /**
   * A read of the object the field belongs to, sent once per object however many of its fields
   * ask (the request's loaders): `Meeting.title` and `Meeting.status` share one get_info.
   */
  readonly read?: UpstreamRead;
  /** The read this field already made of the object it answers: that object's fields asking for it add nothing. */
  readonly answersRead?: UpstreamRead;
  /** The field answers a list of at most this many items (from its arguments); what is selected below it is paid per item. */
  readonly items?: (args: Record<string, unknown>) => number;
}

export type UpstreamRead = "meeting/get_info" | "meeting/get_invitees";

const FREE: UpstreamPrice = {};
const GET_INFO: UpstreamPrice = { read: "meeting/get_info" };
/** A change (update, cancel, invitees): the meeting read for the access check or the missing half of start/duration, then the change. */
const CHANGE: UpstreamPrice = { calls: 2 };

/**
 * The one pricing table: every field that can reach WeCom, and every field of the types listed in
 * PRICED_TYPES (so a new field there fails the start until it has its line here). Other types'
 * fields (MeetingSettings, Attendee, …) only read what their parent fetched.
 *
 * Prices are upper bounds of what a request can send with one page of each paged read; further
 * get_invitees pages (a meeting with more invitees than one page holds) are counted as they are
 * sent, against the same per-request cap (upstream-cap.ts).
 */
export const UPSTREAM_PRICES: Readonly<Record<string, UpstreamPrice>> = {
  "Query.me": FREE,
  "Query.ping": FREE,
  "Query.meeting": { calls: 1, answersRead: "meeting/get_info" }, // get_info (NOT_FOUND and access), shared by its fields
  // get_user_meetingid: the calls to fill a page and see one id past it; then per meeting on the
  // page what its fields read. `first` out of range is refused before any call.
  // With a status filter, more listing calls and a get_info for each id examined (shared with the
  // page's meetings' fields).
  "Query.meetings": {
    // A single value is a list of one (GraphQL's input coercion): any status but null or [] filters.
    calls: ({ status }) => (status != null && !(Array.isArray(status) && status.length === 0) ? MAX_CALLS_PER_FILTERED_PAGE + MAX_EXAMINED_PER_FILTERED_PAGE : MAX_CALLS_PER_PAGE),
    items: ({ first }) => (typeof first === "number" && first >= 1 && first <= LIMITS.listingFirst ? first : 0),
  },
  "Query.jsApiSignatures": { calls: 2 }, // the two JS-SDK tickets, when they are not kept already
  "Mutation.signInWithWecom": { calls: 1 }, // auth/getuserinfo
  "Mutation.createMeeting": { calls: 1 }, // meeting/create (the lookups after a lost answer have their own bound)
  "Mutation.updateMeeting": CHANGE,
  "Mutation.cancelMeeting": CHANGE,
  "Mutation.setMeetingInvitees": CHANGE,
  "Meeting.id": FREE,
  "Meeting.excessUsers": FREE, // known from the create or update that answered it, else []
  "Meeting.invitees": { read: "meeting/get_invitees" }, // its first page; known after a change that set them
  "Meeting.title": GET_INFO,
  "Meeting.adminUserId": GET_INFO,
  "Meeting.meetingStart": GET_INFO,
  "Meeting.meetingDuration": GET_INFO,
  "Meeting.meetingEnd": GET_INFO,
  "Meeting.description": GET_INFO,
  "Meeting.location": GET_INFO,
  "Meeting.calId": GET_INFO,
  "Meeting.settings": GET_INFO,
  "Meeting.reminders": GET_INFO,
  "Meeting.status": GET_INFO,
  "Meeting.meetingCode": GET_INFO,
  "Meeting.meetingLink": GET_INFO,
  "Meeting.attendees": GET_INFO,
  "Meeting.occurrences": GET_INFO,
  "Meeting.fetchedAt": GET_INFO, // when what get_info answered was read (known after a create)
};

/** Types whose every field must have a line above: the roots, and the type whose fields read WeCom. */
const PRICED_TYPES = ["Query", "Mutation", "Meeting"];

/** Stops the start when the table and the schema disagree: an unpriced field would be free to call WeCom. */
export function checkUpstreamPrices(schema: GraphQLSchema): void {
  const problems: string[] = [];
  for (const typeName of PRICED_TYPES) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!(`${typeName}.${field}` in UPSTREAM_PRICES)) problems.push(`${typeName}.${field} has no line in UPSTREAM_PRICES`);
    }
  }
  for (const coordinate of Object.keys(UPSTREAM_PRICES)) {
    const [typeName, field] = coordinate.split(".");
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !(field in type.getFields())) problems.push(`${coordinate} in UPSTREAM_PRICES is not in the schema`);
  }
  if (problems.length > 0) throw new Error(`the upstream pricing table is out of date: ${problems.join("; ")}`);
}
