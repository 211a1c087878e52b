/**
 * An in-process stand-in for the two WeCom endpoints the gateway calls:
 * `GET /cgi-bin/gettoken` and `POST /cgi-bin/meeting/create`.
 *
 * Two users: the gateway embeds it when started without credentials (so `npm start` works
 * out of the box), and tests drive it over real HTTP, using the public switches to make the
 * upstream slow, hung or hostile and the counters to see what reached it.
 *
 * Like WeCom it answers HTTP 200 with a JSON `errcode` for every outcome (404 only for an
 * unknown path). It never logs (the gateway does) and never throws on what a client sends.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkCreateBody, wecomError } from "./body-rules";
import type { CreateMeetingResult, GetTokenResult, WecomResult } from "../wecom.types";

export interface SimulatorOptions {
  corpId?: string; // default "ww-simulator-corp"
  corpSecret?: string; // default "simulator-secret"
  tokenTtlSeconds?: number; // expires_in of issued tokens, default 7200
  host?: string; // default "127.0.0.1"
  port?: number; // default 0 (any free port)
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; the raw text when it isn't JSON; undefined when empty. */
  body: unknown;
  at: number;
}

const TOKEN_PATH = "/cgi-bin/gettoken";
const CREATE_PATH = "/cgi-bin/meeting/create";
/** Bodies beyond this are refused (47001) without being buffered: a stray client can't eat memory. */
const MAX_BODY_BYTES = 1024 * 1024;

interface IssuedToken {
  expiresAt: number; // ms epoch
  killedWith?: 40014 | 42001; // set by revokeTokens()/expireTokens(); the last call wins
}

type Parsed = { json: true; value: unknown } | { json: false; raw: string };

export class WecomSimulator {
  readonly corpId: string;
  readonly corpSecret: string;
  readonly requests: ReceivedRequest[] = [];

  tokenTtlSeconds: number;
  createDelayMs = 0;
  excessUsers: string[] = [];
  unknownUsers = new Set<string>();

  private readonly defaultTtl: number;
  private readonly tokens = new Map<string, IssuedToken>();
  private tokenFailures: WecomResult[] = [];
  private createFailures: WecomResult[] = [];
  private hang = false;
  /** Answers of hung creates, sent when hanging is switched off. */
  private readonly held = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private accepted = 0;
  private baseUrl = "";

  private constructor(private readonly server: Server, options: SimulatorOptions) {
    this.corpId = options.corpId ?? "ww-simulator-corp";
    this.corpSecret = options.corpSecret ?? "simulator-secret";
    this.defaultTtl = this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    server.on("request", (req, res) => this.receive(req, res));
    server.on("connection", () => this.accepted++);
  }

  static async start(options: SimulatorOptions = {}): Promise<WecomSimulator> {
    const sim = new WecomSimulator(createServer(), options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once("error", reject);
      sim.server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
        sim.server.off("error", reject);
        resolve();
      });
    });
    const { address, port } = sim.server.address() as AddressInfo;
    sim.baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
    return sim;
  }

  /** Base URL, e.g. "http://127.0.0.1:41234". */
  get url(): string {
    return this.baseUrl;
  }

  get tokenRequests(): number {
    return this.requests.filter((r) => r.path === TOKEN_PATH).length;
  }

  get createRequests(): unknown[] {
    return this.requests.filter((r) => r.path === CREATE_PATH).map((r) => r.body);
  }

  get connections(): number {
    return this.accepted;
  }

  /** While true, meeting/create answers are held back; switching it off sends them. */
  get hangCreates(): boolean {
    return this.hang;
  }

  set hangCreates(on: boolean) {
    this.hang = on;
    if (on) return;
    const waiting = [...this.held];
    this.held.clear();
    waiting.forEach((send) => send());
  }

  failNextCreates(...errors: Array<{ errcode: number; errmsg?: string }>): void {
    this.createFailures.push(...errors.map((e) => wecomError(e.errcode, e.errmsg)));
  }

  failNextTokens(...errors: Array<{ errcode: number; errmsg?: string }>): void {
    this.tokenFailures.push(...errors.map((e) => wecomError(e.errcode, e.errmsg)));
  }

  revokeTokens(): void {
    for (const t of this.tokens.values()) t.killedWith = 40014;
  }

  expireTokens(): void {
    for (const t of this.tokens.values()) t.killedWith = 42001;
  }

  /** Back to a fresh simulator on the same port; hung creates are released (answered). */
  reset(): void {
    this.requests.length = 0;
    this.accepted = 0;
    this.tokenFailures = [];
    this.createFailures = [];
    // Issued tokens stay valid: a test that wants them refused says so (revokeTokens/expireTokens).
    this.tokenTtlSeconds = this.defaultTtl;
    this.createDelayMs = 0;
    this.excessUsers = [];
    this.unknownUsers = new Set();
    this.hangCreates = false;
  }

  /** Stops listening and destroys every connection, also idle keep-alive and hung ones. */
  async close(): Promise<void> {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.held.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve()); // also called (with an error) when already closed
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private receive(req: IncomingMessage, res: ServerResponse): void {
    // A client that goes away mid-request is not our error to raise.
    req.on("error", () => {});
    res.on("error", () => {});
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        const text = size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
        this.route(req.method ?? "", req.url ?? "/", parse(text), res);
      } catch {
        // A bug here must not become an unhandled exception in the gateway or jest process.
        this.send(res, 200, wecomError(-1));
      }
    });
  }

  private route(method: string, rawUrl: string, parsed: Parsed, res: ServerResponse): void {
    const { path, query } = splitUrl(rawUrl);
    const body = parsed.json ? parsed.value : parsed.raw || undefined;
    this.requests.push({ method, path, query, body, at: Date.now() });

    if (path === TOKEN_PATH) return this.send(res, 200, this.getToken(method, query));
    if (path === CREATE_PATH) return this.answerCreate(res, this.create(method, query, parsed));
    this.send(res, 404, { errcode: 404, errmsg: `not found: ${path}` });
  }

  /** The create answer is decided on arrival (token, body, failure queue) and may be sent later. */
  private answerCreate(res: ServerResponse, answer: CreateMeetingResult): void {
    const send = () => this.send(res, 200, answer);
    if (this.hang) {
      this.held.add(send);
      res.once("close", () => this.held.delete(send));
    } else if (this.createDelayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, this.createDelayMs);
      this.timers.add(timer);
      res.once("close", () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      });
    } else {
      send();
    }
  }

  private send(res: ServerResponse, status: number, body: object): void {
    if (res.headersSent || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json; charset=UTF-8",
      "Content-Length": Buffer.byteLength(json),
    });
    res.end(json);
  }

  // ---- the two APIs --------------------------------------------------------------------------

  private getToken(method: string, query: Record<string, string>): GetTokenResult {
    const queued = this.tokenFailures.shift();
    if (queued) return queued;
    if (method !== "GET") return wecomError(43001);
    if (!query.corpid) return wecomError(41002);
    if (!query.corpsecret) return wecomError(41004);
    if (query.corpid !== this.corpId) return wecomError(40013);
    if (query.corpsecret !== this.corpSecret) return wecomError(40001);
    // A fresh token per call (real WeCom may hand back the current one): tests can tell them apart.
    const token = randomBytes(64).toString("base64url");
    this.tokens.set(token, { expiresAt: Date.now() + this.tokenTtlSeconds * 1000 });
    return { errcode: 0, errmsg: "ok", access_token: token, expires_in: this.tokenTtlSeconds };
  }

  private create(method: string, query: Record<string, string>, parsed: Parsed): CreateMeetingResult {
    const queued = this.createFailures.shift();
    if (queued) return queued;
    if (method !== "POST") return wecomError(43002);
    const tokenError = this.checkToken(query.access_token);
    if (tokenError) return tokenError;
    if (!parsed.json) return wecomError(47001);
    const check = checkCreateBody(parsed.value, {
      nowSeconds: Math.floor(Date.now() / 1000),
      unknownUsers: this.unknownUsers,
    });
    if (!check.ok) return check.error;
    const excess = (check.body.invitees?.userid ?? []).filter((u) => this.excessUsers.includes(u));
    return {
      errcode: 0,
      errmsg: "ok",
      meetingid: randomBytes(21).toString("base64url"),
      ...(excess.length > 0 ? { excess_users: excess } : {}),
    };
  }

  private checkToken(token: string | undefined): WecomResult | undefined {
    if (!token) return wecomError(41001);
    const issued = this.tokens.get(token);
    if (!issued) return wecomError(40014);
    if (issued.killedWith) return wecomError(issued.killedWith);
    if (Date.now() >= issued.expiresAt) return wecomError(42001);
    return undefined;
  }
}

function parse(text: string | undefined): Parsed {
  if (text === undefined) return { json: false, raw: "" };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, raw: text };
  }
}

function splitUrl(rawUrl: string): { path: string; query: Record<string, string> } {
  let url: URL;
  try {
    url = new URL(rawUrl, "http://simulator");
  } catch {
    return { path: rawUrl, query: {} }; // unparsable: recorded as is, answered 404
  }
  const first = new Map<string, string>();
  for (const [k, v] of url.searchParams) if (!first.has(k)) first.set(k, v); // first one wins
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return { path: url.pathname, query: Object.fromEntries(first) };
}
