import type { Logger } from "pino";
import { describeErrcode } from "../wecom/wecom.errcodes";
import type { WecomApiError } from "../wecom/wecom.errors";
import { ErrorCode } from "./error-codes";

// Who is told what when WeCom answers errcode != 0. WeCom's own `errmsg` is terse, often Chinese,
// and can carry the gateway's egress IP and WeCom's request ids: the operator's log always gets
// it, and trusted callers (API keys, and anonymous callers, who act as a service) get it in
// `extensions.errmsg` to quote to WeCom's support. A signed-in user gets the errcode and the
// gateway's own words; when only the operator can fix the cause (the corp secret, the trusted
// IPs, the app's permissions), the user is told just that, and the hint goes to the log.

/** What a user is told of a refusal only the operator can fix. */
const OPERATOR_ONLY = "the gateway cannot reach WeCom as configured";
const TELL_OPERATOR = "The gateway cannot reach WeCom as configured; tell its operator.";
/** WeCom's text is cut to this for trusted callers (it has no bound of its own). */
const MAX_ERRMSG_CHARS = 300;

/** The GraphQL error of a refusal, for a trusted caller or a user. */
export function wecomRefusalAnswer(error: WecomApiError, trusted: boolean) {
  const known = describeErrcode(error.errcode);
  const operatorOnly = known?.fixedBy === "operator" && !trusted;
  const meaning = operatorOnly ? OPERATOR_ONLY : known?.meaning ?? "WeCom refused the request";
  const hint = operatorOnly ? TELL_OPERATOR : known?.hint;
  const advice = operatorOnly ? "; tell its operator." : `.${hint ? ` ${hint}` : ""}`;
  return {
    message: `WeCom refused ${error.endpoint.path} with errcode ${error.errcode}: ${meaning}${advice}`,
    extensions: {
      code: ErrorCode.WECOM_ERROR,
      errcode: error.errcode,
      errmsg: trusted ? error.errmsg.slice(0, MAX_ERRMSG_CHARS) : meaning,
      ...(hint ? { hint } : {}),
    },
  };
}

/**
 * The operator's side: every refusal answered to a caller, with WeCom's text, at warn; one that
 * only the operator can fix at error, with its hint, at most once a minute per errcode (while it
 * lasts, every request meets it).
 */
export class WecomRefusalLog {
  private readonly lastError = new Map<number, number>();

  constructor(
    private readonly log: Logger,
    private readonly errorEveryMs = 60_000,
  ) {}

  refused(error: WecomApiError): void {
    const known = describeErrcode(error.errcode);
    const fields = { endpoint: error.endpoint.path, errcode: error.errcode, errmsg: error.errmsg };
    const now = Date.now();
    if (known?.fixedBy === "operator" && now - (this.lastError.get(error.errcode) ?? -Infinity) >= this.errorEveryMs) {
      this.lastError.set(error.errcode, now);
      this.log.error({ ...fields, hint: known.hint }, `WeCom refused the gateway's configuration: ${known.meaning}. ${known.hint ?? ""}`.trim());
    } else {
      this.log.warn(fields, "WeCom refused a call");
    }
  }
}
