import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { MemoryStore } from "../store/memory.store";
import { StoreUnavailableError, type Store } from "../store/store";
import { CREDENTIAL_ERRCODES } from "./wecom.errcodes";
import { UpstreamMaybeAppliedError, UpstreamUnavailableError, WecomApiError } from "./wecom.errors";
import { WECOM } from "./wecom.endpoints";
import type { WecomHttp } from "./wecom.http";
import type { WecomObserver } from "./wecom.observer";
import type { GetTokenResult, WecomResult } from "./wecom.types";

export interface WecomApp {
  corpId: string;
  corpSecret: string;
}

export interface AccessTokensOptions {
  /** How long a credential refusal (40001, 40013) is answered from memory. */
  refusalMemoryMs?: number;
  /** How long one instance may hold the refresh lock before others take over. */
  lockMs?: number;
}

const POLL_MS = 25;

/**
 * The app's access token: cached in the store until `expires_in` less a margin, fetched once for
 * all concurrent callers (in this process by a shared promise, across instances by a short
 * lock in the store), and dropped only while it is still the token that was refused.
 * If the shared store is unreachable, the instance keeps a cache of its own.
 */
export class AccessTokens {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  private readonly refusalKey: string;
  private readonly ownCache = new MemoryStore();
  private readonly refusalMemoryMs: number;
  private readonly lockMs: number;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly http: WecomHttp,
    private readonly app: WecomApp,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly observer: WecomObserver,
    options: AccessTokensOptions = {},
  ) {
    // The key names the app without the secret: the corp id and a short hash of the secret.
    const secretHash = createHash("sha256").update(app.corpSecret).digest("hex").slice(0, 16);
    this.tokenKey = `wecom:token:${app.corpId}:${secretHash}`;
    this.lockKey = `${this.tokenKey}:lock`;
    this.refusalKey = `${this.tokenKey}:refused`;
    this.refusalMemoryMs = options.refusalMemoryMs ?? 60_000;
    this.lockMs = options.lockMs ?? 5_000;
  }

  async get(): Promise<string> {
    const cached = await this.withStore((s) => s.get(this.tokenKey));
    if (cached) return cached;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops `token` if it is still the cached one (a newer token fetched meanwhile stays). */
  async invalidate(token: string): Promise<void> {
    await this.withStore((s) => s.deleteIfEqual(this.tokenKey, token));
  }

  async close(): Promise<void> {
    await this.ownCache.close();
  }

  private async refresh(): Promise<string> {
    const owner = randomUUID();
    const giveUpWaitingAt = Date.now() + 2 * this.lockMs;
    for (;;) {
      await this.throwIfRefused();
      if (await this.withStore((s) => s.setIfAbsent(this.lockKey, owner, this.lockMs))) {
        try {
          // Another instance may have fetched while we waited for the lock.
          return (await this.withStore((s) => s.get(this.tokenKey))) ?? (await this.fetch());
        } finally {
          await this.withStore((s) => s.deleteIfEqual(this.lockKey, owner)).catch(() => false);
        }
      }
      await sleep(POLL_MS);
      const fetchedElsewhere = await this.withStore((s) => s.get(this.tokenKey));
      if (fetchedElsewhere) return fetchedElsewhere;
      if (Date.now() > giveUpWaitingAt) return this.fetch();
    }
  }

  private async fetch(): Promise<string> {
    let result: GetTokenResult;
    try {
      result = await this.http.send<GetTokenResult>(WECOM.getToken, {
        corpid: this.app.corpId,
        corpsecret: this.app.corpSecret,
      });
    } catch (error) {
      // Without a token the call it was for was never sent, so even a gettoken timeout is "unavailable".
      if (error instanceof UpstreamMaybeAppliedError) throw new UpstreamUnavailableError(WECOM.getToken, error.reason);
      throw error;
    }
    if (result.errcode !== 0 || !result.access_token) {
      if (CREDENTIAL_ERRCODES.has(result.errcode)) await this.rememberRefusal(result);
      throw new WecomApiError(result.errcode, result.errmsg, WECOM.getToken);
    }
    const expiresInMs = (result.expires_in ?? 7200) * 1000;
    const ttlMs = expiresInMs - Math.min(300_000, expiresInMs / 10);
    await this.withStore((s) => s.set(this.tokenKey, result.access_token!, ttlMs));
    this.observer.tokenFetched();
    this.log.debug({ expiresIn: result.expires_in }, "fetched a WeCom access token");
    return result.access_token;
  }

  private async rememberRefusal(result: WecomResult): Promise<void> {
    const refusal = JSON.stringify({ errcode: result.errcode, errmsg: result.errmsg });
    await this.withStore((s) => s.set(this.refusalKey, refusal, this.refusalMemoryMs));
    this.log.error(
      { corpId: this.app.corpId, errcode: result.errcode, errmsg: result.errmsg },
      `WeCom refused the corp credentials; not asking again for ${this.refusalMemoryMs / 1000} s ` +
        "(repeated secret errors get this IP banned upstream). Check WECOM_CORP_ID and WECOM_CORP_SECRET.",
    );
  }

  private async throwIfRefused(): Promise<void> {
    const refusal = await this.withStore((s) => s.get(this.refusalKey));
    if (!refusal) return;
    const { errcode, errmsg } = JSON.parse(refusal) as WecomResult;
    throw new WecomApiError(errcode, errmsg, WECOM.getToken);
  }

  private async withStore<T>(operation: (store: Store) => Promise<T>): Promise<T> {
    try {
      return await operation(this.store);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return operation(this.ownCache);
    }
  }
}
