import type { Redis } from "ioredis";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { sharedLimiter } from "../store/rate-limiter";
import { SignInRateLimitedError } from "./auth.errors";

export interface SignInLimitOptions {
  /** Namespace of the counters (WeCom counts per corp). */
  corpId: string;
  /** Sign-ins one client (address) may try per minute. */
  perClientPerMinute: number;
  /** Calls with a code WeCom refused, per minute, for the corp (WeCom exempts only valid codes from its limits). */
  failuresPerMinute: number;
  /** Shared counters across instances; without it, each instance counts its own. */
  redis?: Redis;
  /** Told of each refusal (metrics). */
  onRefused?: (scope: "CLIENT" | "CORP") => void;
}

/** One upstream exchange let through: say, once answered, whether WeCom counted it (a refused code). */
export interface ExchangeTicket {
  done(failed: boolean): void;
}

const CORP = "corp";
const ignore = () => undefined;

/**
 * Sign-in needs no credential, so anyone can send it: it is metered here before anything goes
 * upstream. Each client has a budget of sign-ins per minute (CLIENT). Each exchange takes a point
 * of the corp's budget of failed codes before it is sent, given back when the code was valid, so
 * a flood of bad codes, however spread, stops short of WeCom's own limit (45009 would pause
 * sign-in for everyone). With that budget spent, a client that sent no failed code this minute
 * may still try one code at a time (a real user signs in during the flood); the others are refused
 * (CORP). Counters are rate-limiter-flexible's, in Redis when there is one.
 */
export class SignInLimits {
  private readonly attempts: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  /** One point a minute per client: it sent a failed code, or has a code in flight on the spent budget. */
  private readonly clientFailures: RateLimiterAbstract;

  constructor(private readonly options: SignInLimitOptions) {
    const prefix = `signin:${options.corpId}`;
    this.attempts = sharedLimiter(options.redis, `${prefix}:client`, options.perClientPerMinute, 60);
    this.failures = sharedLimiter(options.redis, `${prefix}:failures`, options.failuresPerMinute, 60);
    this.clientFailures = sharedLimiter(options.redis, `${prefix}:client-failures`, 1, 60);
  }

  /** Counts one sign-in of `client`; past its budget, SignInRateLimitedError (CLIENT). */
  async admit(client: string): Promise<void> {
    try {
      await this.attempts.consume(client);
    } catch (refusal) {
      throw this.refused(refusal, "CLIENT");
    }
  }

  /** Room for one exchange of `client`'s code with WeCom, or SignInRateLimitedError (CORP). */
  async reserve(client: string): Promise<ExchangeTicket> {
    let spent: RateLimiterRes;
    try {
      await this.failures.consume(CORP);
      return {
        done: (failed) => void (failed ? this.clientFailures.penalty(client) : this.failures.reward(CORP)).catch(ignore),
      };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      spent = refusal;
    }
    try {
      await this.clientFailures.consume(client);
    } catch (refusal) {
      // Retry when either the corp's minute or this client's has passed.
      throw this.refused(refusal, "CORP", Math.min(spent.msBeforeNext, (refusal as RateLimiterRes).msBeforeNext ?? Infinity));
    }
    return { done: (failed) => void (failed ? undefined : this.clientFailures.reward(client).catch(ignore)) };
  }

  private refused(refusal: unknown, scope: "CLIENT" | "CORP", ms?: number): unknown {
    if (!(refusal instanceof RateLimiterRes)) return refusal; // a store failure the insurance did not absorb
    this.options.onRefused?.(scope);
    return new SignInRateLimitedError(scope, Math.max(1, Math.ceil((ms ?? refusal.msBeforeNext) / 1000)));
  }
}
