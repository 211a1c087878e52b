/**
 * The switches one endpoint has, the same for every endpoint: how its answers are held back
 * (delay, hang), and what its next requests meet instead of the real thing (queued errcodes,
 * dropped connections, a proxy's HTTP error page, a per-minute quota).
 */
import type { ServerResponse } from "node:http";
import type { WecomResult } from "../wecom.types";
import { wecomError } from "./errors";

/** What `sim.endpoint(name)` gives a test. */
export interface EndpointSwitches {
  /** Answers are sent this long after the request was applied (on arrival). Default 0. */
  delayMs: number;
  /** While true, requests are applied on arrival and their answers held; switching it off sends them. */
  hang: boolean;
  /** Calls past this many within a rolling minute answer 45009 and apply nothing (auth/getuserinfo with a valid code is exempt, as at WeCom). Default undefined: no quota. */
  quotaPerMinute: number | undefined;
  /** The next requests get these answers, in order, and apply nothing. */
  failNext(...errors: Array<{ errcode: number; errmsg?: string }>): void;
  /** The next `n` requests have their connection reset (after their body arrived) and apply nothing. */
  dropNext(n: number): void;
  /**
   * The next request answers HTTP `status` with an HTML page, as a proxy in front of WeCom would;
   * `applied: true` applies the request first (the answer was lost on the way back).
   */
  failNextHttp(status: number, options?: { applied: boolean }): void;
}

export interface HttpFailure {
  status: number;
  applied: boolean;
}

const MINUTE_MS = 60_000;

export class EndpointControl implements EndpointSwitches {
  delayMs = 0;
  quotaPerMinute: number | undefined = undefined;

  private hanging = false;
  /** Answers of hung requests, sent when hanging is switched off. */
  private readonly held = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private failures: WecomResult[] = [];
  private httpFailures: HttpFailure[] = [];
  private drops = 0;
  /** When the calls of the last minute that counted against the quota arrived (ms epoch). */
  private admitted: number[] = [];

  get hang(): boolean {
    return this.hanging;
  }

  set hang(on: boolean) {
    this.hanging = on;
    if (on) return;
    const waiting = [...this.held];
    this.held.clear();
    waiting.forEach((send) => send());
  }

  failNext(...errors: Array<{ errcode: number; errmsg?: string }>): void {
    this.failures.push(...errors.map((e) => wecomError(e.errcode, e.errmsg)));
  }

  dropNext(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`dropNext: ${n} is not a count`);
    this.drops += n;
  }

  failNextHttp(status: number, options: { applied: boolean } = { applied: false }): void {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`failNextHttp: ${status} is not an HTTP status`);
    this.httpFailures.push({ status, applied: options.applied });
  }

  // ---- for the simulator ----------------------------------------------------------------------

  takeDrop(): boolean {
    if (this.drops === 0) return false;
    this.drops--;
    return true;
  }

  takeHttpFailure(): HttpFailure | undefined {
    return this.httpFailures.shift();
  }

  takeFailure(): WecomResult | undefined {
    return this.failures.shift();
  }

  /** Counts a call against the quota; false when it is over (the call must then apply nothing). */
  admit(nowMs: number): boolean {
    this.admitted = this.admitted.filter((t) => t > nowMs - MINUTE_MS);
    if (this.quotaPerMinute !== undefined && this.admitted.length >= this.quotaPerMinute) return false;
    this.admitted.push(nowMs);
    return true;
  }

  /** Sends an answer now, after the delay, or when hanging ends; never once the client is gone. */
  deliver(res: ServerResponse, send: () => void): void {
    if (this.hanging) {
      this.held.add(send);
      res.once("close", () => this.held.delete(send));
    } else if (this.delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, this.delayMs);
      this.timers.add(timer);
      res.once("close", () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      });
    } else {
      send();
    }
  }

  /** Every switch back to its default and every queue emptied; hung answers are sent. */
  reset(): void {
    this.delayMs = 0;
    this.quotaPerMinute = undefined;
    this.failures = [];
    this.httpFailures = [];
    this.drops = 0;
    this.admitted = [];
    this.hang = false;
  }

  /** Drops held and delayed answers without sending them (the server is closing). */
  close(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.held.clear();
  }
}
