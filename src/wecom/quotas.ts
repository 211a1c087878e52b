import type { RedisConnection } from "../store/redis-topology";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { sharedLimiter as limiter } from "../store/rate-limiter";
import type { AnyEndpoint } from "./wecom.endpoints";
import { CONCURRENCY_LIMITED, FREQUENCY_LIMITED } from "./wecom.errcodes";
import { UpstreamRateLimitedError } from "./wecom.errors";
import type { UpstreamGate } from "./wecom.observer";

export interface QuotaOptions {
  /** Namespace of the counters: the corp id (WeCom counts per corp). */
  corpId: string;
  perMinute: number;
  perHour: number;
  /** Upstream calls one user caller may cause per minute. */
  userPerMinute: number;
  /** The user whose request is being served, if a user caller's. */
  currentUser: () => string | undefined;
  /** Shared counters across instances; without it, each instance counts its own. */
  redis?: RedisConnection;
  /** Told of each refusal (metrics). */
  onRefused?: (scope: "CORP" | "USER") => void;
}

/** How long WeCom's answers pause an endpoint for the corp (CONTRACT §9). */
const PAUSE_SECONDS: Readonly<Record<number, number>> = { [FREQUENCY_LIMITED]: 60, [CONCURRENCY_LIMITED]: 1 };

/**
 * CONTRACT §9: the gateway never sends more than WeCom allows. Before a call leaves, it takes a
 * point from the corp's minute and hour budget of that endpoint, and from the caller's own
 * minute budget when a user caused it; a 45009 or 45033 pauses the endpoint for the corp. The
 * counters are rate-limiter-flexible's, in Redis when there is one (shared by every instance),
 * each with an in-memory insurance limiter that counts on its own while Redis is unreachable.
 */
export class UpstreamQuotas implements UpstreamGate {
  private readonly minute: RateLimiterAbstract;
  private readonly hour: RateLimiterAbstract;
  private readonly user: RateLimiterAbstract;
  /** WeCom's pauses, apart from the counters (blocking a counter would reset its count). */
  private readonly pauses: RateLimiterAbstract;
  /** Endpoints' own hourly caps (hourlyCap), one counter per name. */
  private readonly caps = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: QuotaOptions) {
    const prefix = `quota:${options.corpId}`;
    this.minute = limiter(options.redis, `${prefix}:minute`, options.perMinute, 60);
    this.hour = limiter(options.redis, `${prefix}:hour`, options.perHour, 3600);
    this.user = limiter(options.redis, `${prefix}:user`, options.userPerMinute, 60);
    this.pauses = limiter(options.redis, `${prefix}:pause`, 1, 1);
  }

  admit(endpoint: AnyEndpoint): Promise<void> {
    return this.take(endpoint);
  }

  answered(endpoint: AnyEndpoint, errcode: number): void {
    const seconds = PAUSE_SECONDS[errcode];
    // A pause in the shared store stops every instance; failures are ignored (the insurance
    // limiter pauses this one).
    if (seconds !== undefined) void this.pauses.block(endpoint.path, seconds).catch(() => undefined);
  }

  /**
   * Refuses (RATE_LIMITED, nothing taken) when `calls` more calls to `endpoint` would exceed the
   * current user's or the corp's budget: a request that needs many reads asks before it sends
   * the first (CONTRACT §11). It takes nothing; each call still takes its own point.
   */
  async ensureAffordable(endpoint: AnyEndpoint, calls: number): Promise<void> {
    if (endpoint.budget === "none") return;
    const user = endpoint.budget === "corp-and-user" ? this.options.currentUser() : undefined;
    if (user !== undefined) await this.ensureLeft(this.user, user, calls, endpoint, "USER");
    await this.ensureLeft(this.minute, endpoint.path, calls, endpoint, "CORP");
    await this.ensureLeft(this.hour, endpoint.path, calls, endpoint, "CORP");
  }

  private async ensureLeft(counter: RateLimiterAbstract, key: string, calls: number, endpoint: AnyEndpoint, scope: "CORP" | "USER"): Promise<void> {
    const state = await counter.get(key).catch(() => null); // unreadable: each call is still counted when sent
    if (!state || counter.points - state.consumedPoints >= calls) return;
    this.options.onRefused?.(scope);
    throw new UpstreamRateLimitedError(endpoint, scope, Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
  }

  private async take(endpoint: AnyEndpoint): Promise<void> {
    const paused = await this.pauses.get(endpoint.path).catch(() => null);
    if (paused && paused.consumedPoints > 1 && paused.msBeforeNext > 0) {
      this.options.onRefused?.("CORP");
      throw new UpstreamRateLimitedError(endpoint, "CORP", Math.max(1, Math.ceil(paused.msBeforeNext / 1000)));
    }
    if (endpoint.budget === "none") return;
    const user = endpoint.budget === "corp-and-user" ? this.options.currentUser() : undefined;
    // The user's budget first: one caller spending its own does not use the corp's.
    if (user !== undefined) await this.consume(this.user, user, endpoint, "USER");
    await this.consume(this.minute, endpoint.path, endpoint, "CORP");
    await this.consume(this.hour, endpoint.path, endpoint, "CORP");
    if (endpoint.hourlyCap) await this.consume(this.cap(endpoint.hourlyCap), endpoint.hourlyCap.counter, endpoint, "CORP");
  }

  private cap({ counter, points }: { counter: string; points: number }): RateLimiterAbstract {
    let cap = this.caps.get(counter);
    if (!cap) this.caps.set(counter, (cap = limiter(this.options.redis, `quota:${this.options.corpId}:cap`, points, 3600)));
    return cap;
  }

  private async consume(counter: RateLimiterAbstract, key: string, endpoint: AnyEndpoint, scope: "CORP" | "USER"): Promise<void> {
    try {
      await counter.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal; // a store failure the insurance did not absorb
      this.options.onRefused?.(scope);
      throw new UpstreamRateLimitedError(endpoint, scope, Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    }
  }
}
