import { BAD_USER_INPUT } from "../rules/input-error";

/** Every `extensions.code` the gateway itself writes (CONTRACT §5, README "Errors"). */
export const ErrorCode = {
  BAD_USER_INPUT,
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The credential cannot be checked now (the identity provider's keys are unreachable): HTTP 503, retry. */
  AUTH_UNAVAILABLE: "AUTH_UNAVAILABLE",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  WECOM_ERROR: "WECOM_ERROR",
  UPSTREAM_UNAVAILABLE: "UPSTREAM_UNAVAILABLE",
  UPSTREAM_TIMEOUT: "UPSTREAM_TIMEOUT",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  IDEMPOTENCY_OUTCOME_UNKNOWN: "IDEMPOTENCY_OUTCOME_UNKNOWN",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  /** The request can cause, or has caused, more WeCom calls than one request may (GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST). */
  TOO_MANY_UPSTREAM_CALLS: "TOO_MANY_UPSTREAM_CALLS",
  /** The last error of an answer that had more than it lists; `omitted` counts the rest. */
  TOO_MANY_ERRORS: "TOO_MANY_ERRORS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
