import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { CacheEvent, CacheKind, CacheObserver } from "../meeting/cache/shared-entries";
import type { WecomObserver } from "../wecom/wecom.observer";

/** Operation names are chosen by callers: only this many distinct ones get a series of their own. */
const MAX_OPERATION_NAMES = 50;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,47}$/;
const UPSTREAM_OUTCOME = /^(-?\d{1,9}|timeout|unavailable)$/;

/**
 * Prometheus metrics of the gateway, in a registry of its own (not prom-client's global one).
 * Labels carry only bounded, public values: operation names, error codes, endpoint names,
 * upstream errcodes. Never a key, token, secret or userid.
 */
export class GatewayMetrics implements WecomObserver, CacheObserver {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  /** Bounded: at most MAX_OPERATION_NAMES + 3 names times the error codes. */
  private readonly series = new Map<string, { count: { inc(): void }; duration: { observe(v: number): void } }>();

  private readonly requests = new Counter({
    name: "graphql_requests_total",
    help: "POST/GET /graphql requests by operation name and outcome (\"ok\" or the first error's code).",
    labelNames: ["operation", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from a /graphql request's arrival to the end of its response.",
    labelNames: ["operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly upstreamSeconds = new Histogram({
    name: "wecom_upstream_duration_seconds",
    help: "WeCom HTTP calls by endpoint and outcome (the errcode, \"timeout\" or \"unavailable\").",
    labelNames: ["endpoint", "outcome"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly tokenFetches = new Counter({
    name: "wecom_token_fetches_total",
    help: "Access tokens fetched from WeCom (gettoken calls that returned a token).",
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: "gateway_rate_limited_total",
    help: "Upstream calls refused by the gateway's own quotas (CONTRACT §9) and sign-in limits, by scope (CORP, USER or CLIENT).",
    labelNames: ["scope"] as const,
    registers: [this.registry],
  });

  private readonly connectionsRefused = new Counter({
    name: "gateway_connections_refused_total",
    help: "Connections closed at once for a cap: \"total\" (GATEWAY_MAX_CONNECTIONS) or \"per_address\" (GATEWAY_MAX_CONNECTIONS_PER_ADDRESS).",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  private readonly cacheEvents = new Counter({
    name: "gateway_cache_events_total",
    help: "The shared meeting cache (CONTRACT §11) by kind (meeting, invitees, listing) and event (hit, miss, fill, invalidation).",
    labelNames: ["kind", "event"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * One /graphql request answered. `operation`: its name; null for an unnamed operation;
   * undefined when the request was refused before GraphQL saw it (no key, bad body).
   * `nameMayLabel`: whether the name may become a label (see `mayLabelOperation`); when not, a
   * named operation counts as "unauthenticated".
   */
  graphqlRequest(operation: string | null | undefined, outcome: string, seconds: number, nameMayLabel: boolean): void {
    const name = typeof operation === "string" && !nameMayLabel ? "unauthenticated" : this.operationLabel(operation);
    const label = outcome === "ok" || ERROR_CODE.test(outcome) ? outcome : "OTHER";
    // The series' children are kept: finding one by its labels on every request costs more than the count.
    const key = `${name}\0${label}`;
    let series = this.series.get(key);
    if (!series) {
      series = { count: this.requests.labels(name, label), duration: this.requestSeconds.labels(name) };
      this.series.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  upstreamCall(endpoint: string, outcome: string, seconds: number): void {
    this.upstreamSeconds.observe({ endpoint, outcome: UPSTREAM_OUTCOME.test(outcome) ? outcome : "other" }, seconds);
  }

  tokenFetched(): void {
    this.tokenFetches.inc();
  }

  refusedByQuota(scope: "CORP" | "USER" | "CLIENT"): void {
    this.rateLimited.inc({ scope });
  }

  connectionRefused(reason: "total" | "per_address"): void {
    this.connectionsRefused.inc({ reason });
  }

  cacheEvent(kind: CacheKind, event: CacheEvent): void {
    this.cacheEvents.inc({ kind, event });
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The first MAX_OPERATION_NAMES well-formed names keep their own label; later ones share "other". */
  private operationLabel(operation: string | null | undefined): string {
    if (operation === undefined) return "unknown";
    if (operation === null) return "anonymous";
    if (this.operations.has(operation)) return operation;
    if (this.operations.size >= MAX_OPERATION_NAMES || !OPERATION_NAME.test(operation)) return "other";
    this.operations.add(operation);
    return operation;
  }
}
