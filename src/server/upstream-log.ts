import type { Logger } from "pino";
import type { WecomObserver } from "../wecom/wecom.observer";

/** Upstream calls at debug level: endpoint, outcome and time only (never a URL: it holds the token). */
export class UpstreamLog implements WecomObserver {
  constructor(private readonly log: Logger) {}

  upstreamCall(endpoint: string, outcome: string, seconds: number): void {
    if (this.log.isLevelEnabled("debug")) {
      this.log.debug({ endpoint, outcome, durationMs: Math.round(seconds * 10_000) / 10 }, "upstream call");
    }
  }

  tokenFetched(): void {}
}

/** Several observers as one (the upstream layer takes one). */
export function observeAll(...observers: WecomObserver[]): WecomObserver {
  return {
    upstreamCall: (endpoint, outcome, seconds) => {
      for (const o of observers) o.upstreamCall(endpoint, outcome, seconds);
    },
    tokenFetched: () => {
      for (const o of observers) o.tokenFetched();
    },
  };
}
