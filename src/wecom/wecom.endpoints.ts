import type {
  CancelMeetingBody,
  CreateMeetingBody,
  CreateMeetingResult,
  GetInviteesBody,
  GetInviteesResult,
  GetMeetingInfoBody,
  GetMeetingInfoResult,
  GetTokenResult,
  GetUserInfoResult,
  GetUserMeetingIdsBody,
  GetUserMeetingIdsResult,
  JsApiTicketResult,
  SetInviteesBody,
  UpdateMeetingBody,
  UpdateMeetingResult,
  WecomResult,
} from "./wecom.types";

/**
 * One upstream endpoint: where it is, how it is called, and what the gateway may do with it.
 * `Req` and `Res` are phantom types: they make `WecomClient.call(endpoint, request)` typed.
 */
export interface Endpoint<Req, Res extends WecomResult> {
  /** After `/cgi-bin/`; also the endpoint's name in metrics and logs. */
  readonly path: string;
  /** GET sends the request as the query string, POST as a JSON body. */
  readonly method: "GET" | "POST";
  /** Whether the call carries `access_token` (all but gettoken, which is how one is got). */
  readonly token: boolean;
  /** A read: repeating it changes nothing, so it is retried once on `-1` (system busy). */
  readonly read: boolean;
  /** Which budgets a call spends (CONTRACT §9): getuserinfo with a valid code is exempt upstream. */
  readonly budget: "corp" | "corp-and-user" | "none";
  /** A tighter hourly budget WeCom sets, shared by every endpoint naming the same counter. */
  readonly hourlyCap?: { readonly counter: string; readonly points: number };
  readonly types?: { request: Req; result: Res };
}

type Options = Omit<Endpoint<never, WecomResult>, "types">;
const endpoint = <Req, Res extends WecomResult>(options: Options): Endpoint<Req, Res> => options;
const meetingRead = (path: string) => ({ path, method: "POST", token: true, read: true, budget: "corp-and-user" }) as const;
const meetingWrite = (path: string) => ({ path, method: "POST", token: true, read: false, budget: "corp-and-user" }) as const;

/**
 * JS-SDK tickets: an app may fetch at most 100 an hour (jssdk-signature.md). Both tickets count
 * against one budget, the stricter reading of the document (the corp ticket is fetched with
 * this app's token too).
 */
const JSAPI_TICKETS_PER_HOUR = { counter: "jsapi-tickets", points: 100 } as const;
const ticketRead = (path: string) => ({ path, method: "GET", token: true, read: true, budget: "corp", hourlyCap: JSAPI_TICKETS_PER_HOUR }) as const;

/** Every WeCom endpoint the gateway calls (docs/wecom/). */
export const WECOM = {
  getToken: endpoint<{ corpid: string; corpsecret: string }, GetTokenResult>({
    path: "gettoken", method: "GET", token: false, read: true, budget: "corp",
  }),
  getUserInfo: endpoint<{ code: string }, GetUserInfoResult>({
    path: "auth/getuserinfo", method: "GET", token: true, read: true, budget: "none",
  }),
  getCorpJsApiTicket: endpoint<Record<string, never>, JsApiTicketResult>(ticketRead("get_jsapi_ticket")),
  getAppJsApiTicket: endpoint<{ type: "agent_config" }, JsApiTicketResult>(ticketRead("ticket/get")),
  createMeeting: endpoint<CreateMeetingBody, CreateMeetingResult>(meetingWrite("meeting/create")),
  updateMeeting: endpoint<UpdateMeetingBody, UpdateMeetingResult>(meetingWrite("meeting/update")),
  cancelMeeting: endpoint<CancelMeetingBody, WecomResult>(meetingWrite("meeting/cancel")),
  setInvitees: endpoint<SetInviteesBody, WecomResult>(meetingWrite("meeting/set_invitees")),
  getMeetingInfo: endpoint<GetMeetingInfoBody, GetMeetingInfoResult>(meetingRead("meeting/get_info")),
  getUserMeetingIds: endpoint<GetUserMeetingIdsBody, GetUserMeetingIdsResult>(meetingRead("meeting/get_user_meetingid")),
  getInvitees: endpoint<GetInviteesBody, GetInviteesResult>(meetingRead("meeting/get_invitees")),
  // The same reads made by the gateway itself, to find out whether a create happened: paid like
  // any read (by the user whose request needs them too), apart only so that a request's call cap
  // leaves them to their own bounds (meeting-lookup.ts).
  lookupMeetingIds: endpoint<GetUserMeetingIdsBody, GetUserMeetingIdsResult>(meetingRead("meeting/get_user_meetingid")),
  lookupMeetingInfo: endpoint<GetMeetingInfoBody, GetMeetingInfoResult>(meetingRead("meeting/get_info")),
} as const;

export type AnyEndpoint = Endpoint<unknown, WecomResult>;
