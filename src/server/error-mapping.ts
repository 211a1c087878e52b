import { ForbiddenError, SignInRateLimitedError, UnauthenticatedError } from "../auth/auth.errors";
import { MeetingNotFoundError } from "../meeting/domain/meeting.errors";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "../meeting/idempotency/idempotency.errors";
import { InvalidInputError } from "../rules/invalid-input.error";
import { StoreUnavailableError } from "../store/store";
import { endpointAt, WECOM } from "../wecom/wecom.endpoints";
import {
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  WecomApiError,
} from "../wecom/wecom.errors";
import { hintFor } from "../wecom/wecom.hints";

/** `extensions.code` values (CONTRACT §5), plus the edge's own BAD_REQUEST. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  NOT_FOUND: "NOT_FOUND",
  WECOM_ERROR: "WECOM_ERROR",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  IDEMPOTENCY_OUTCOME_UNKNOWN: "IDEMPOTENCY_OUTCOME_UNKNOWN",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
} as const;

/** One entry of `extensions.fields`: which input value is wrong, and why. */
export interface FieldError {
  path: string;
  message: string;
}

export interface MappedError {
  message: string;
  extensions: { code: string; [key: string]: unknown };
}

/** The message of BAD_USER_INPUT: every field named, as in `extensions.fields`. */
export function invalidInputMessage(fields: readonly FieldError[]): string {
  return `Invalid input: ${fields.map((f) => `${f.path} ${f.message}`).join("; ")}`;
}

/** What a caller can do after an upstream call that may have been applied, by endpoint. */
function adviceAfterMaybeApplied(endpoint: string): string {
  if (endpoint === WECOM.createMeeting.path) {
    return "The meeting may exist: retry only with the same idempotencyKey, which finds out whether it was created.";
  }
  if (endpointAt(endpoint)?.read === false) return "The change may have been applied; repeating the same request is harmless.";
  return "Nothing was changed; it is safe to retry.";
}

/**
 * The client's view of an error thrown below the edge: its code, a message with advice, and the
 * extensions the contract promises. Undefined for anything that is not a known error (a bug).
 */
export function mapError(error: unknown): MappedError | undefined {
  if (error instanceof InvalidInputError) {
    return { message: invalidInputMessage(error.violations), extensions: { code: ErrorCode.BAD_USER_INPUT, fields: error.violations } };
  }
  if (error instanceof WecomApiError) {
    const hint = hintFor(error.errcode);
    return {
      message: error.message,
      extensions: { code: ErrorCode.WECOM_ERROR, errcode: error.errcode, errmsg: error.errmsg, ...(hint ? { hint } : {}) },
    };
  }
  if (error instanceof UpstreamRateLimitedError) {
    return {
      message: `Rate limited: ${error.message}. Retry in ${error.retryAfterSeconds} s.`,
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: error.retryAfterSeconds, scope: error.scope },
    };
  }
  if (error instanceof SignInRateLimitedError) {
    return {
      message: `Rate limited: ${error.message}. Retry in ${error.retryAfterSeconds} s.`,
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: error.retryAfterSeconds, scope: error.scope },
    };
  }
  if (error instanceof UpstreamUnavailableError) {
    return { message: `${error.message}. It is safe to retry.`, extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } };
  }
  if (error instanceof UpstreamTimeoutError) {
    return {
      message: `${error.message}. ${adviceAfterMaybeApplied(error.endpoint)}`,
      extensions: { code: ErrorCode.UPSTREAM_TIMEOUT, ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}) },
    };
  }
  if (error instanceof MeetingNotFoundError) {
    return { message: "No meeting with this id (for this app).", extensions: { code: ErrorCode.NOT_FOUND } };
  }
  if (error instanceof ForbiddenError) return { message: error.message, extensions: { code: ErrorCode.FORBIDDEN } };
  if (error instanceof UnauthenticatedError) return { message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED } };
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      message: `${error.message}. Use a fresh key for a different meeting.`,
      extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED },
    };
  }
  if (error instanceof IdempotencyOutcomeUnknownError) {
    const when = error.retryAfterSeconds !== undefined ? `Ask again with the same key in ${error.retryAfterSeconds} s.` : "Check the meeting list before creating it again with a new key.";
    return {
      message: `${error.why}; nothing was sent now. ${when}`,
      extensions: {
        code: ErrorCode.IDEMPOTENCY_OUTCOME_UNKNOWN,
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      },
    };
  }
  if (error instanceof StoreUnavailableError) {
    return {
      message: "The idempotency store is unreachable, so a keyed create cannot be made safely; nothing was sent. Retry with the same key in a few seconds.",
      extensions: { code: ErrorCode.STORE_UNAVAILABLE },
    };
  }
  return undefined;
}
