/** What the upstream layer reports about itself; the server turns it into metrics. */
export interface WecomObserver {
  /** One upstream HTTP call finished: `outcome` is the errcode as text, or "timeout"/"unavailable". */
  upstreamCall(endpoint: string, outcome: string, seconds: number): void;
  /** A new access token was fetched. */
  tokenFetched(): void;
}

export const silentObserver: WecomObserver = {
  upstreamCall() {},
  tokenFetched() {},
};
