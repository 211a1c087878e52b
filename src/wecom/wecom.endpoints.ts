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
  readonly types?: { request: Req; result: Res };
}

type Options = Omit<Endpoint<never, WecomResult>, "types">;
const endpoint = <Req, Res extends WecomResult>(options: Options): Endpoint<Req, Res> => options;
const meetingRead = (path: string) => ({ path, method: "POST", token: true, read: true, budget: "corp-and-user" }) as const;
const meetingWrite = (path: string) => ({ path, method: "POST", token: true, read: false, budget: "corp-and-user" }) as const;

/** Every WeCom endpoint the gateway calls (docs/wecom/). */
export const WECOM = {
  getToken: endpoint<{ corpid: string; corpsecret: string }, GetTokenResult>({
    path: "gettoken", method: "GET", token: false, read: true, budget: "corp",
  }),
  getUserInfo: endpoint<{ code: string }, GetUserInfoResult>({
    path: "auth/getuserinfo", method: "GET", token: true, read: true, budget: "none",
  }),
  createMeeting: endpoint<CreateMeetingBody, CreateMeetingResult>(meetingWrite("meeting/create")),
  updateMeeting: endpoint<UpdateMeetingBody, UpdateMeetingResult>(meetingWrite("meeting/update")),
  cancelMeeting: endpoint<CancelMeetingBody, WecomResult>(meetingWrite("meeting/cancel")),
  setInvitees: endpoint<SetInviteesBody, WecomResult>(meetingWrite("meeting/set_invitees")),
  getMeetingInfo: endpoint<GetMeetingInfoBody, GetMeetingInfoResult>(meetingRead("meeting/get_info")),
  getUserMeetingIds: endpoint<GetUserMeetingIdsBody, GetUserMeetingIdsResult>(meetingRead("meeting/get_user_meetingid")),
  getInvitees: endpoint<GetInviteesBody, GetInviteesResult>(meetingRead("meeting/get_invitees")),
  // The same reads made by the gateway itself, to find out whether a create happened: the corp
  // pays for them, not the user whose request needed them.
  lookupMeetingIds: endpoint<GetUserMeetingIdsBody, GetUserMeetingIdsResult>({ ...meetingRead("meeting/get_user_meetingid"), budget: "corp" }),
  lookupMeetingInfo: endpoint<GetMeetingInfoBody, GetMeetingInfoResult>({ ...meetingRead("meeting/get_info"), budget: "corp" }),
} as const;

export type AnyEndpoint = Endpoint<unknown, WecomResult>;
