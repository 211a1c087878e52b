import type { AnyEndpoint } from "./wecom.endpoints";

/** What the upstream layer reports about itself; the server turns it into metrics and logs. */
export interface WecomObserver {
  /** One upstream HTTP call finished: `outcome` is the errcode as text, or "timeout"/"unavailable". */
  upstreamCall(endpoint: string, outcome: string, seconds: number): void;
  /** A new access token was fetched. */
  tokenFetched(): void;
}

/**
 * Asked before a call leaves (the quotas of CONTRACT §9): `admit` throws
 * UpstreamRateLimitedError to refuse it. Told of every errcode WeCom answers, so a 45009 can
 * pause the endpoint.
 */
export interface UpstreamGate {
  admit(endpoint: AnyEndpoint): Promise<void> | undefined;
  answered(endpoint: AnyEndpoint, errcode: number): void;
}
