/**
 * How the simulated upstream says no: WeCom's (English) errmsg wording for the codes the
 * simulator answers, and the `Refusal` that the checks throw to stop at the first violation.
 */
import type { WecomResult } from "../wecom.types";

const MESSAGES: Record<number, string> = {
  [-1]: "system busy",
  40001: "invalid credential",
  40013: "invalid corpid",
  40014: "invalid access_token",
  40029: "invalid code",
  40058: "invalid Request Parameter",
  41001: "access_token missing",
  41002: "corpid missing",
  41004: "corpsecret missing",
  41008: "missing code",
  42001: "access_token expired",
  43001: "require GET method",
  43002: "require POST method",
  45009: "api freq out of limit",
  47001: "data format error",
  60111: "userid not found",
  90602: "invalid meeting id",
  400020: "invitees exceed limit",
  400021: "invalid userid",
  400027: "hosts exceed limit",
  400035: "invalid meeting_duration",
  400041: "meeting has been cancelled",
  400042: "invalid title length",
  400221: "meeting in progress or ended cannot be updated",
  400222: "meeting_start is earlier than now",
  400224: "meeting in progress or ended cannot be cancelled",
  400226: "the corp lacks the advanced meeting feature",
  400301: "the same meeting is being created",
  730003: "invalid sub_meetingid",
  730005: "meeting created by another app",
  730009: "invitees must include the meeting admin",
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
