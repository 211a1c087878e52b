import http from "node:http";
import https from "node:https";
import got, { type Got, RequestError } from "got";
import { UpstreamTimeoutError, UpstreamUnavailableError } from "./wecom.errors";
import type { WecomObserver } from "./wecom.observer";
import type { WecomResult } from "./wecom.types";

export interface WecomHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  observer: WecomObserver;
}

/**
 * The one place that speaks HTTP to WeCom, through got. Connections are kept alive and reused;
 * nothing is retried here (a create is not idempotent); transport failures become
 * UpstreamUnavailableError (never sent) or UpstreamTimeoutError (sent, no usable answer).
 */
export class WecomHttp {
  private readonly got: Got;
  private readonly base: string;
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32, scheduling: "lifo" }),
    https: new https.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32, scheduling: "lifo" }),
  };

  constructor(private readonly options: WecomHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.got = got.extend({
      agent: this.agents,
      timeout: { request: options.timeoutMs },
      retry: { limit: 0 },
      responseType: "json",
      throwHttpErrors: true,
      followRedirect: false,
    });
  }

  /** `GET /cgi-bin/<endpoint>?<query>`; used for gettoken, which is safe to repeat. */
  get<T extends WecomResult>(endpoint: string, query: Record<string, string>): Promise<T> {
    const url = `${this.base}/cgi-bin/${endpoint}?${new URLSearchParams(query)}`;
    return this.call(endpoint, () => this.got.get(url).json<T>());
  }

  /** `POST /cgi-bin/<endpoint>?access_token=…` with a JSON body. */
  post<T extends WecomResult>(endpoint: string, accessToken: string, body: unknown): Promise<T> {
    const url = `${this.base}/cgi-bin/${endpoint}?access_token=${encodeURIComponent(accessToken)}`;
    return this.call(endpoint, () => this.got.post(url, { json: body }).json<T>());
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async call<T extends WecomResult>(endpoint: string, send: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let outcome = "unavailable";
    try {
      const result = await send();
      outcome = String(result.errcode);
      return result;
    } catch (error) {
      const failure = describeFailure(endpoint, error);
      outcome = failure instanceof UpstreamTimeoutError ? "timeout" : "unavailable";
      throw failure;
    } finally {
      this.options.observer.upstreamCall(endpoint, outcome, (performance.now() - started) / 1000);
    }
  }
}

/** Whether the upstream may have received the request decides which error it is. */
function describeFailure(endpoint: string, error: unknown): Error {
  if (!(error instanceof RequestError)) {
    return new UpstreamUnavailableError(endpoint, "unexpected client failure");
  }
  const sent = error.timings?.upload !== undefined || error.response !== undefined;
  const reason =
    error.name === "TimeoutError" ? "timed out"
    : error.response ? `answered HTTP ${error.response.statusCode} without a WeCom result`
    : error.code ?? "connection failed";
  return sent ? new UpstreamTimeoutError(endpoint, reason) : new UpstreamUnavailableError(endpoint, reason);
}
