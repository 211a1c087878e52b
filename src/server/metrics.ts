import type { WecomObserver } from "../wecom/wecom.observer";

/** Prometheus metrics of the gateway (to be built: prom-client). */
export class GatewayMetrics implements WecomObserver {
  upstreamCall(_endpoint: string, _outcome: string, _seconds: number): void {}
  tokenFetched(): void {}
}
