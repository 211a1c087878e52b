/**
 * How the simulated upstream says no: WeCom's (English) errmsg wording for the codes the
 * simulator answers (the codes themselves are wecom.errcodes.ts'), and the `Refusal` that the
 * checks throw to stop at the first violation.
 */
import * as E from "../wecom.errcodes";
import type { WecomResult } from "../wecom.types";

const MESSAGES: Record<number, string> = {
  [E.SYSTEM_BUSY]: "system busy",
  [E.INVALID_CORP_SECRET]: "invalid credential",
  [E.INVALID_CORP_ID]: "invalid corpid",
  [E.INVALID_ACCESS_TOKEN]: "invalid access_token",
  [E.INVALID_OAUTH_CODE]: "invalid code",
  [E.INVALID_PARAMETER]: "invalid Request Parameter",
  [E.ACCESS_TOKEN_MISSING]: "access_token missing",
  [E.CORP_ID_MISSING]: "corpid missing",
  [E.CORP_SECRET_MISSING]: "corpsecret missing",
  [E.OAUTH_CODE_MISSING]: "missing code",
  [E.ACCESS_TOKEN_EXPIRED]: "access_token expired",
  [E.GET_REQUIRED]: "require GET method",
  [E.POST_REQUIRED]: "require POST method",
  [E.FREQUENCY_LIMITED]: "api freq out of limit",
  [E.DATA_FORMAT_ERROR]: "data format error",
  [E.USERID_NOT_FOUND]: "userid not found",
  [E.INVALID_MEETING_ID]: "invalid meeting id",
  [E.TOO_MANY_INVITEES]: "invitees exceed limit",
  [E.INVALID_INVITEE]: "invalid userid",
  [E.TOO_MANY_HOSTS]: "hosts exceed limit",
  [E.INVALID_DURATION]: "invalid meeting_duration",
  [E.MEETING_CANCELLED]: "meeting has been cancelled",
  [E.INVALID_TITLE_LENGTH]: "invalid title length",
  [E.NOT_UPDATABLE]: "meeting in progress or ended cannot be updated",
  [E.START_IN_PAST]: "meeting_start is earlier than now",
  [E.NOT_CANCELLABLE]: "meeting in progress or ended cannot be cancelled",
  [E.ADVANCED_FEATURES_MISSING]: "the corp lacks the advanced meeting feature",
  [E.IDENTICAL_BEING_CREATED]: "the same meeting is being created",
  [E.INVALID_OCCURRENCE]: "invalid sub_meetingid",
  [E.OTHER_APPS_MEETING]: "meeting created by another app",
  [E.ADMIN_NOT_INVITED]: "invitees must include the meeting admin",
};

export function wecomError(errcode: number, errmsg?: string): WecomResult {
  return { errcode, errmsg: errmsg ?? MESSAGES[errcode] ?? "simulated error" };
}

/** Thrown by a check; the endpoint answers its `error`. */
export class Refusal {
  constructor(readonly error: WecomResult) {}
}

/** Stops the check with `errcode` (40058 unless told), its wording followed by the detail. */
export function refuse(errcode: number, detail?: string): never {
  const base = MESSAGES[errcode] ?? "simulated error";
  throw new Refusal(wecomError(errcode, detail === undefined ? base : `${base}: ${detail}`));
}

/** A 40058 naming the parameter, as create has always answered: "invalid <param>: <reason>". */
export function refuseParam(param: string, reason: string, errcode = 40058): never {
  throw new Refusal(wecomError(errcode, `invalid ${param}: ${reason}`));
}

/** Runs a check; a Refusal becomes its error, anything else is rethrown. */
export function attempt<T>(check: () => T): { ok: true; value: T } | { ok: false; error: WecomResult } {
  try {
    return { ok: true, value: check() };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    throw e;
  }
}
