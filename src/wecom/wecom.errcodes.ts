/**
 * WeCom's errcodes, in one place (as go-workwx keeps them): each a named constant with what it
 * means, in the gateway's own words, what to do about it, and who can fix it. Sources: WeCom's
 * global error-code list (https://developer.work.weixin.qq.com/document/path/90313) and the
 * meeting API's codes (docs/wecom/meeting-family.md §7c).
 *
 * The meaning and the hint are what callers are told; WeCom's own `errmsg` is not (it is terse,
 * often Chinese, and can carry the gateway's egress IP): it goes to the logs.
 */

/** Who can act on an errcode. */
export type FixedBy =
  /** The caller: its input, its timing, its meeting. */
  | "caller"
  /** The gateway's operator: the corp secret, the trusted IPs, the app's permissions. */
  | "operator";

export interface ErrcodeInfo {
  readonly errcode: number;
  /** What WeCom says by it, in the gateway's words. */
  readonly meaning: string;
  /** What to do about it, when something helps. */
  readonly hint?: string;
  readonly fixedBy: FixedBy;
}

const KNOWN = new Map<number, ErrcodeInfo>();

function errcode(code: number, meaning: string, hint?: string, fixedBy: FixedBy = "caller"): number {
  KNOWN.set(code, { errcode: code, meaning, hint, fixedBy });
  return code;
}

/** What the gateway knows of `code`; undefined for a code not listed here. */
export function describeErrcode(code: number): ErrcodeInfo | undefined {
  return KNOWN.get(code);
}

/** The hint for `code`, or undefined when there is none. */
export const hintFor = (code: number): string | undefined => KNOWN.get(code)?.hint;

// ---- global codes -------------------------------------------------------------------------------

/** -1 系统繁忙. */
export const SYSTEM_BUSY = errcode(-1, "WeCom is busy", "WeCom is busy; retry in a moment.");
/** 40001 不合法的secret参数: a wrong, reset or missing secret, or the app is disabled. */
export const INVALID_CORP_SECRET = errcode(40001, "WeCom refused the gateway's corp secret", "Invalid corp secret: check WECOM_CORP_SECRET (the secret of the app allowed to call the meeting API).", "operator");
/** 40003 不合法的UserID. */
export const INVALID_USERID = errcode(40003, "a userid is not valid in this corp");
/** 40013 不合法的CorpID. */
export const INVALID_CORP_ID = errcode(40013, "WeCom refused the gateway's corp id", "Invalid corp id: check WECOM_CORP_ID.", "operator");
/** 40014 不合法的access_token: the gateway already fetched a fresh token and retried once. */
export const INVALID_ACCESS_TOKEN = errcode(40014, "WeCom refused the gateway's access token", "WeCom refused the access token even after one refresh; retry later, and check that the app's secret was not reset.", "operator");
/** 40029 不合法的oauth_code: used, expired (5 minutes) or another app's. */
export const INVALID_OAUTH_CODE = errcode(40029, "the sign-in code is not valid", "Ask WeCom for a new sign-in code.");
/** 40058 不合法的参数. */
export const INVALID_PARAMETER = errcode(40058, "WeCom refused a parameter of the request");
/** 41001 缺少access_token参数. */
export const ACCESS_TOKEN_MISSING = errcode(41001, "the request reached WeCom without an access token", undefined, "operator");
/** 41002 缺少corpid参数. */
export const CORP_ID_MISSING = errcode(41002, "the gateway sent no corp id", "Set WECOM_CORP_ID.", "operator");
/** 41004 缺少secret参数. */
export const CORP_SECRET_MISSING = errcode(41004, "the gateway sent no corp secret", "Set WECOM_CORP_SECRET.", "operator");
/** 41008 缺少oauth code. */
export const OAUTH_CODE_MISSING = errcode(41008, "the sign-in code is missing");
/** 42001 access_token已过期: the gateway already fetched a fresh token and retried once. */
export const ACCESS_TOKEN_EXPIRED = errcode(42001, "WeCom reported the gateway's access token expired", "WeCom reported the access token expired even after one refresh; retry later.");
/** 43001 需要GET请求. */
export const GET_REQUIRED = errcode(43001, "WeCom expected a GET request");
/** 43002 需要POST请求. */
export const POST_REQUIRED = errcode(43002, "WeCom expected a POST request");
/** 45009 接口调用超过限制: the endpoint is paused for the corp (CONTRACT §9). */
export const FREQUENCY_LIMITED = errcode(45009, "WeCom's rate limit for this API was reached", "Rate limited by WeCom; slow down and retry later.");
/** 45033 接口并发调用超过限制. */
export const CONCURRENCY_LIMITED = errcode(45033, "too many calls to this WeCom API at once for the corp", "Too many concurrent calls to this WeCom API for the corp; the gateway paused it for a moment: retry shortly.");
/** 47001 数据格式错误. */
export const DATA_FORMAT_ERROR = errcode(47001, "WeCom could not read the request's data");
/** 48002 API接口无权限调用. */
export const API_NOT_PERMITTED = errcode(48002, "the gateway's WeCom app may not call this API", "This app may not call this API (the meeting API, or the advanced meeting features); allow it in the WeCom admin console (协作-会议-API).", "operator");
/** 60020 不安全的访问IP. */
export const IP_NOT_TRUSTED = errcode(60020, "WeCom refused the gateway's IP address", "The gateway's IP address is not in the app's trusted IP list; add it in the WeCom admin console.", "operator");
/** 60111 UserID不存在: left, deleted, or outside the app's visible range. */
export const USERID_NOT_FOUND = errcode(60111, "a userid is not a member the app can see", "Check the userid and the app's visible range.");
/** 301002 无权限操作指定的应用: most often an agentId of another app, which the caller sent. */
export const APP_NOT_PERMITTED = errcode(301002, "the gateway's access token may not act for the app named", "The access token's app has no permission over the app named (check agentId, or use that app's secret).");

// ---- the meeting API --------------------------------------------------------------------------

/** 90602 invalid meeting id. */
export const INVALID_MEETING_ID = errcode(90602, "WeCom knows no meeting with this id");
/** 400020 参会人数超过上限. */
export const TOO_MANY_INVITEES = errcode(400020, "too many invitees for this corp", "Too many invitees for this corp (at most 300, and possibly 100 for the corp); invite fewer.");
/** 400021 参会人或主持人无效或不在可见范围. */
export const INVALID_INVITEE = errcode(400021, "an invitee or host is not a valid member the app can see", "An invitee is not a valid member or is not visible to the app; check the userids and the app's visible range.");
/** 400027 主持人数超过上限. */
export const TOO_MANY_HOSTS = errcode(400027, "too many hosts", "Too many hosts: at most 10.");
/** 400035 会议时长不合法. */
export const INVALID_DURATION = errcode(400035, "WeCom refused the meeting's duration");
/** 400041 会议已取消: cancelling it again is not an error (CONTRACT §10). */
export const MEETING_CANCELLED = errcode(400041, "the meeting is cancelled");
/** 400042 会议标题长度不合法. */
export const INVALID_TITLE_LENGTH = errcode(400042, "WeCom refused the title's length");
/** 400221 进行中或已结束的会议不能修改. */
export const NOT_UPDATABLE = errcode(400221, "the meeting has started or ended", "The meeting has started or ended, and only a meeting that has not started can be changed.");
/** 400222 开始时间早于当前时间. */
export const START_IN_PAST = errcode(400222, "the start is not later than now", "The new start is not later than now; choose a time in the future.");
/** 400224 进行中或已结束的会议不能取消. */
export const NOT_CANCELLABLE = errcode(400224, "the meeting has started or ended", "The meeting has started or ended, and only a meeting that has not started can be cancelled.");
/** 400226 需要会议高级功能. */
export const ADVANCED_FEATURES_MISSING = errcode(400226, "this needs WeCom's advanced meeting features", "This needs WeCom's advanced meeting features (会议高级功能), which the corp has not bought.");
/** 400301 5分钟内正在创建相同的会议: WeCom's own duplicate check (CONTRACT §6). */
export const IDENTICAL_BEING_CREATED = errcode(400301, "an identical meeting is being created", "An identical meeting is being created; try again in 5 minutes.");
/** 400302 已存在相同的会议. */
export const IDENTICAL_EXISTS = errcode(400302, "an identical meeting exists", "An identical meeting was already created; look it up rather than creating it again.");
/** 730003 子会议id不合法. */
export const INVALID_OCCURRENCE = errcode(730003, "the meeting has no such occurrence", "No such occurrence of this meeting; read Meeting.occurrences for their ids.");
/** 730005 会议由其他应用创建. */
export const OTHER_APPS_MEETING = errcode(730005, "the meeting belongs to another app");
/** 730007 企业非专业版. */
export const PROFESSIONAL_EDITION_REQUIRED = errcode(730007, "this needs the professional edition of WeCom meetings", "This needs the professional edition of WeCom meetings for the corp.");
/** 730008 会议已删除. */
export const MEETING_DELETED = errcode(730008, "the meeting was deleted");
/** 730009 参会人须包含会议管理员. */
export const ADMIN_NOT_INVITED = errcode(730009, "the meeting's admin must stay invited", "The meeting's admin must stay in the invitee list.");

// ---- what the gateway does with them --------------------------------------------------------------

/** A call answered so was not carried out: retried once with a fresh token. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([INVALID_ACCESS_TOKEN, ACCESS_TOKEN_EXPIRED]);
/** gettoken refused the credentials: remembered, never retried in a loop (WeCom bans the IP). */
export const CREDENTIAL_ERRCODES: ReadonlySet<number> = new Set([INVALID_CORP_SECRET, INVALID_CORP_ID]);
/** "No such meeting" to the caller (§10): unknown, deleted, or another app's (never told apart). */
export const NOT_FOUND_ERRCODES: ReadonlySet<number> = new Set([INVALID_MEETING_ID, MEETING_DELETED, OTHER_APPS_MEETING]);
/** The corp lacks WeCom's advanced meeting features, or the app the permission, for an endpoint. */
export const FEATURE_MISSING_ERRCODES: ReadonlySet<number> = new Set([ADVANCED_FEATURES_MISSING, API_NOT_PERMITTED, PROFESSIONAL_EDITION_REQUIRED]);
