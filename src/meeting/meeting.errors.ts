import { GraphQLError } from "graphql";
import { StoreUnavailableError } from "../store/store";
import { UpstreamTimeoutError, UpstreamUnavailableError, WecomApiError } from "../wecom/wecom.errors";
import { hintFor } from "../wecom/wecom.hints";
import type { FieldViolation } from "./meeting.rules";

/** `extensions.code` values of CONTRACT.md §5. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  WECOM_ERROR: "WECOM_ERROR",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  IDEMPOTENCY_OUTCOME_UNKNOWN: "IDEMPOTENCY_OUTCOME_UNKNOWN",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
} as const;

export function badUserInput(fields: FieldViolation[]): GraphQLError {
  const summary = fields.map((f) => `${f.path} ${f.message}`).join("; ");
  return new GraphQLError(`Invalid input: ${summary}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
  });
}

/** The key was first used with another input (CONTRACT.md §6). */
export function idempotencyKeyReused(): GraphQLError {
  return new GraphQLError(
    "This idempotencyKey was already used with a different input; nothing was sent. Use a fresh key for a different meeting.",
    { extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED } },
  );
}

/**
 * The key's first call may or may not have created the meeting (CONTRACT.md §6): it timed out
 * after sending, or it never reported back. Retrying would risk a second meeting.
 */
export function idempotencyOutcomeUnknown(why: "timed out" | "no outcome"): GraphQLError {
  const first =
    why === "timed out"
      ? "The first call with this idempotencyKey timed out after it was sent"
      : "The first call with this idempotencyKey did not report its outcome in time";
  return new GraphQLError(
    `${first}, so the meeting may or may not exist; nothing was sent now. Check the meeting list before creating it again with a new key.`,
    { extensions: { code: ErrorCode.IDEMPOTENCY_OUTCOME_UNKNOWN } },
  );
}

/** The typed GraphQL error for a failure of the create path; unknown errors pass through. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof WecomApiError) {
    const hint = hintFor(error.errcode);
    return new GraphQLError(error.message, {
      extensions: {
        code: ErrorCode.WECOM_ERROR,
        errcode: error.errcode,
        errmsg: error.errmsg,
        ...(hint ? { hint } : {}),
      },
    });
  }
  if (error instanceof UpstreamUnavailableError) {
    return new GraphQLError(error.message, { extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } });
  }
  if (error instanceof UpstreamTimeoutError) {
    return new GraphQLError(error.message, { extensions: { code: ErrorCode.UPSTREAM_TIMEOUT } });
  }
  if (error instanceof StoreUnavailableError) {
    return new GraphQLError(
      "The idempotency store is unreachable, so a keyed create cannot be made safely; nothing was sent. Retry later, or without idempotencyKey.",
      { extensions: { code: ErrorCode.STORE_UNAVAILABLE } },
    );
  }
  return error;
}
