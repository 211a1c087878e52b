import got, { Options, RequestError, type Request } from "got";
import { upstreamAgents, type UpstreamAgents } from "./egress";
import type { AnyEndpoint } from "./wecom.endpoints";
import { UpstreamMaybeAppliedError, UpstreamUnavailableError } from "./wecom.errors";
import { inUpstreamSpan } from "./wecom.tracing";
import type { UpstreamGate, WecomObserver } from "./wecom.observer";
import type { WecomResult } from "./wecom.types";

export interface WecomHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  observer: WecomObserver;
  /** Asked before every call (quotas); told every errcode. */
  gate?: UpstreamGate;
  /** The egress proxy every call goes through (HTTPS_PROXY / HTTP_PROXY), if any. */
  proxyUrl?: string;
}

/**
 * The one place that speaks HTTP to WeCom, through got. Connections are kept alive and reused;
 * nothing is retried here (a create is not idempotent); transport failures become
 * UpstreamUnavailableError (never sent) or UpstreamMaybeAppliedError (sent, no usable answer), and
 * the gate (quotas) is asked before anything leaves.
 *
 * It takes got's cheapest public path: options normalised once (one frozen `Options` per method),
 * per call only a clone with the URL and the body, sent with `got(undefined, undefined, options)`
 * as a stream (got's core `Request`, which never retries) and read to the end here. The promise
 * API (`instance.post(url, {json}).json()`) would add, per call, a full merge of the call's
 * options, PCancelable and an EventEmitter around the stream, hook loops and — with
 * `responseType: "json"` plus `.json()` — a second JSON.parse.
 * One `Options` cannot serve concurrent requests: got writes the body, content-length and other
 * headers into a request's options; hence the clone per call (a few microseconds).
 */
export class WecomHttp {
  private readonly base: string;
  private readonly agents: UpstreamAgents;
  private readonly getDefaults: Options;
  private readonly postDefaults: Options;

  constructor(private readonly options: WecomHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.agents = upstreamAgents(options.proxyUrl);
    const shared = {
      isStream: true as const, // got's core Request, read here; no promise wrapper
      agent: this.agents,
      timeout: { request: options.timeoutMs }, // the whole exchange, from start to the last byte
      retry: { limit: 0 }, // streams never retry; stated for the reader
      followRedirect: false,
      throwHttpErrors: false, // the status is judged here (wecomResult)
      headers: { accept: "application/json" },
    };
    this.getDefaults = new Options({ ...shared, method: "GET" });
    this.postDefaults = new Options({
      ...shared,
      method: "POST",
      headers: { ...shared.headers, "content-type": "application/json" },
    });
    // got builds the native request options as `{...cacheOptions, ...unixOptions, <30 more keys>}`
    // on every request; with cacheOptions' four undefined keys that literal takes a V8 slow path on
    // Node 20 (about 40 µs a request, measured when this was written). Outside a merge this setter replaces the
    // object, and cacheOptions only matter with `cache`, which stays off.
    this.getDefaults.cacheOptions = {};
    this.postDefaults.cacheOptions = {};
    // As got does with an instance's defaults: nothing may write into them by mistake.
    this.getDefaults.freeze();
    this.postDefaults.freeze();
  }

  /**
   * One call: a GET carries `params` (and the token) in the query string; a POST carries the token
   * in the query string and `params` as its JSON body. The endpoint's `token` says whether it
   * takes one.
   */
  send<T extends WecomResult>(endpoint: AnyEndpoint, params: object, accessToken?: string, retry = false): Promise<T> {
    return inUpstreamSpan(endpoint, retry, () => this.exchange<T>(endpoint, params, accessToken));
  }

  private async exchange<T extends WecomResult>(endpoint: AnyEndpoint, params: object, accessToken?: string): Promise<T> {
    if (endpoint.token !== (accessToken !== undefined)) {
      throw new TypeError(`WeCom ${endpoint.path} ${endpoint.token ? "needs" : "takes no"} access token`); // a bug of ours
    }
    await this.options.gate?.admit(endpoint);
    const token = accessToken === undefined ? "" : `access_token=${encodeURIComponent(accessToken)}`;
    if (endpoint.method === "GET") {
      const query = new URLSearchParams(params as Record<string, string>).toString();
      const url = `${this.base}/cgi-bin/${endpoint.path}?${token}${token && query ? "&" : ""}${query}`;
      return this.call<T>(endpoint, url, this.getDefaults, undefined);
    }
    return this.call<T>(endpoint, `${this.base}/cgi-bin/${endpoint.path}?${token}`, this.postDefaults, JSON.stringify(params));
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private call<T extends WecomResult>(
    endpoint: AnyEndpoint,
    url: string,
    defaults: Options,
    payload: string | undefined,
  ): Promise<T> {
    const started = performance.now();
    const gate = this.options.gate;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: string, failure: Error | undefined, result?: T) => {
        if (settled) return;
        settled = true;
        this.options.observer.upstreamCall(endpoint.path, outcome, (performance.now() - started) / 1000);
        if (failure) reject(failure);
        else resolve(result!);
      };
      let request: Request;
      try {
        const options = new Options(url, undefined, defaults);
        if (payload !== undefined) options.body = payload;
        request = got(undefined, undefined, options) as Request;
      } catch (error) {
        // A URL got refuses: nothing was sent.
        return settle("unavailable", describeFailure(endpoint, error));
      }
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.once("end", () => {
        // Clears got's timer and listeners; the kept-alive socket is already back in the agent.
        request.destroy();
        const result = wecomResult(request.response?.statusCode, chunks);
        if (result) {
          if (result.errcode !== 0) gate?.answered(endpoint, result.errcode);
          settle(String(result.errcode), undefined, result as T);
        } else {
          const status = request.response?.statusCode;
          settle("timeout", new UpstreamMaybeAppliedError(endpoint, `answered HTTP ${status}, not a WeCom result`, status));
        }
      });
      // `on`, not `once`: were got ever to emit a second 'error' (its promise API does), an 'error'
      // event with no listener left would crash the process.
      request.on("error", (error: unknown) => {
        const failure = describeFailure(endpoint, error);
        settle(failure instanceof UpstreamMaybeAppliedError ? "timeout" : "unavailable", failure);
      });
    });
  }
}

/** The WeCom answer: a 2xx JSON object with a numeric errcode; anything else is not one. */
function wecomResult(status: number | undefined, chunks: Buffer[]): WecomResult | undefined {
  if (status === undefined || status < 200 || status > 299) return undefined;
  try {
    const parsed = JSON.parse((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString("utf8"));
    return parsed !== null && typeof parsed === "object" && typeof parsed.errcode === "number" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the upstream may have received the request decides which error it is. */
function describeFailure(endpoint: AnyEndpoint, error: unknown): Error {
  if (!(error instanceof RequestError)) {
    return new UpstreamUnavailableError(endpoint, "unexpected client failure");
  }
  // got marks the upload done once the whole request was handed to the socket ('finish'): a reset
  // or a refusal before that means WeCom cannot have read it.
  const sent = error.timings?.upload !== undefined || error.response !== undefined;
  if (!sent) return new UpstreamUnavailableError(endpoint, error.code ?? "connection failed");
  const status = error.response?.statusCode;
  const reason =
    error.name === "TimeoutError" ? "no answer in time"
    : status !== undefined ? `answered HTTP ${status}, not a WeCom result`
    : `the connection failed after the request was written (${error.code ?? "no code"})`;
  return new UpstreamMaybeAppliedError(endpoint, reason, status);
}
