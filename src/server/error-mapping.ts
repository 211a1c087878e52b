import { ForbiddenError, UnauthenticatedError } from "../auth/auth.errors";
import { MeetingNotFoundError } from "../meeting/domain/meeting.errors";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "../meeting/idempotency/idempotency.errors";
import { invalidInputAnswer, InvalidInputError } from "../rules/input-error";
import { StoreUnavailableError } from "../store/store";
import { WECOM, type AnyEndpoint } from "../wecom/wecom.endpoints";
import {
  UpstreamMaybeAppliedError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
  WecomApiError,
} from "../wecom/wecom.errors";
import { ErrorCode } from "./error-codes";
import { UpstreamCallCapError } from "./upstream-call-cap";
import { wecomRefusalAnswer } from "./wecom-refusal";

export interface MappedError {
  message: string;
  extensions: { code: string; [key: string]: unknown };
}

/** What a caller can do after an upstream call that may have been applied, by endpoint. */
function adviceAfterMaybeApplied(endpoint: AnyEndpoint): string {
  if (endpoint === WECOM.createMeeting) {
    return "The meeting may exist: retry only with the same idempotencyKey, which finds out whether it was created.";
  }
  if (!endpoint.read) return "The change may have been applied; repeating the same request is harmless.";
  return "Nothing was changed; it is safe to retry.";
}

/** Whom an answer is for: a trusted caller (a service, or anonymous, acting as one) or a user. */
export interface Audience {
  trusted: boolean;
}

/**
 * The client's view of an error thrown below the edge: its code, a message with advice, and the
 * extensions the contract promises. Undefined for anything that is not a known error (a bug).
 */
export function mapError(error: unknown, audience: Audience): MappedError | undefined {
  if (error instanceof InvalidInputError) {
    return invalidInputAnswer(error.fields);
  }
  if (error instanceof WecomApiError) return wecomRefusalAnswer(error, audience.trusted);
  if (error instanceof UpstreamRateLimitedError) {
    return {
      message: `Rate limited: ${error.message}. Retry in ${error.retryAfterSeconds} s.`,
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: error.retryAfterSeconds, scope: error.scope },
    };
  }
  if (error instanceof UpstreamCallCapError) {
    return { message: `${error.message}. Ask for less in one request.`, extensions: { code: ErrorCode.TOO_MANY_UPSTREAM_CALLS, limit: error.limit } };
  }
  if (error instanceof UpstreamUnavailableError) {
    return { message: `${error.message}. It is safe to retry.`, extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } };
  }
  if (error instanceof UpstreamMaybeAppliedError) {
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
