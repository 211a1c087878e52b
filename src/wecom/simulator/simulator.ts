/**
 * An in-process, stateful stand-in for the WeCom endpoints the gateway calls: `gettoken`, the
 * scheduled-meeting family (`meeting/create`, `get_info`, `get_user_meetingid`, `update`,
 * `cancel`, `get_invitees`, `set_invitees`), the JS-SDK tickets and sign-in (`auth/getuserinfo`, with a developer's
 * `/connect/oauth2/authorize`). This file is the HTTP server: routing, the per-endpoint switches,
 * the counters and the public API; the endpoints' rules live beside it.
 *
 * Two users: the gateway embeds it when started without credentials (so `npm start` works
 * out of the box), and tests drive it over real HTTP, using the public switches to make the
 * upstream slow, hung or hostile, the counters to see what reached it, and the state API to see
 * and arrange the meetings it keeps.
 *
 * Like WeCom it answers HTTP 200 with a JSON `errcode` for every outcome (404 only for an
 * unknown path; other statuses only when a test asks for them). It never logs (the gateway
 * does) and never throws on what a client sends.
 */
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GetTokenResult, GetUserInfoResult, JsApiTicketResult, UpdateMeetingBody, WecomResult } from "../wecom.types";
import { Cursors } from "./cursors";
import { wecomError } from "./errors";
import { JsApiTicketIssuer, type TicketKind } from "./jsapi-tickets";
import { MeetingApi, type MeetingEndpoint } from "./meeting-api";
import { MeetingStore, type SavedMeeting, type SeedMeetingInput, type SimMeeting } from "./meeting-store";
import { OAuthCodes, authorize, userInfo, type OAuthScope } from "./oauth";
import { EndpointControl, type EndpointSwitches } from "./switches";
import { AccessTokens } from "./tokens";

export interface SimulatorOptions {
  corpId?: string; // default "ww-simulator-corp"
  corpSecret?: string; // default "simulator-secret"
  tokenTtlSeconds?: number; // expires_in of issued tokens, default 7200
  host?: string; // default "127.0.0.1"
  port?: number; // default 0 (any free port)
  /**
   * The simulator's clock, ms epoch; default Date.now. Tokens, sign-in codes, meeting status,
   * the duplicate check, get_user_meetingid's "now" and the quotas read it (delays and hangs
   * are real time).
   */
  clock?: () => number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; the raw text when it isn't JSON; undefined when empty. */
  body: unknown;
  /** ms epoch, by the simulator's clock. */
  at: number;
  /** The request's headers (lower-case names), to see what the gateway sends besides the call. */
  headers: Record<string, string | string[] | undefined>;
}

const MEETING_ENDPOINTS: readonly MeetingEndpoint[] = [
  "meeting/create", "meeting/get_info", "meeting/get_user_meetingid", "meeting/update",
  "meeting/cancel", "meeting/get_invitees", "meeting/set_invitees",
];

/** Endpoint names: the path after `/cgi-bin/` (the authorize page: its path without the slash). */
export type EndpointName = "gettoken" | "auth/getuserinfo" | "connect/oauth2/authorize" | "get_jsapi_ticket" | "ticket/get" | MeetingEndpoint;
export const ENDPOINT_NAMES: readonly EndpointName[] = [
  "gettoken", "auth/getuserinfo", "connect/oauth2/authorize", "get_jsapi_ticket", "ticket/get", ...MEETING_ENDPOINTS,
];

const pathOf = (name: string) => (name.startsWith("connect/") ? `/${name}` : `/cgi-bin/${name}`);
const BY_PATH = new Map<string, EndpointName>(ENDPOINT_NAMES.map((name) => [pathOf(name), name]));

/** Bodies beyond this are refused (47001) without being buffered: a stray client can't eat memory. */
const MAX_BODY_BYTES = 1024 * 1024;

type Parsed = { json: true; value: unknown } | { json: false; raw: string };

type Answer =
  | { status: number; json: object }
  | { status: number; html: string }
  | { status: 302; location: string };

const json = (body: object, status = 200): Answer => ({ status, json: body });

export class WecomSimulator {
  readonly corpId: string;
  readonly corpSecret: string;
  readonly requests: ReceivedRequest[] = [];

  // ---- corp switches (reset() restores these defaults) --------------------------------------
  tokenTtlSeconds: number;
  /** The corp bought 会议高级功能: get_invitees, set_invitees and cancelling one occurrence work. */
  advanced = false;
  /** Most invitees create and update take (400020 past it). */
  inviteeLimit = 300;
  /** Invitees per get_invitees page. */
  inviteesPageSize = 100;
  /** create answers 400301 to a twin of a meeting this app created less than 5 minutes before. */
  duplicateCheck = false;
  /** auth/getuserinfo spells the member's key `UserId`, as older answers did. */
  legacyUserIdKey = false;
  /** Userids the corp doesn't have or the app can't see (400021). */
  unknownUsers = new Set<string>();
  /** Invitees without a valid meeting account, answered in `excess_users`. */
  excessUsers: string[] = [];

  private readonly clock: () => number;
  private readonly defaultTtl: number;
  private readonly tokens: AccessTokens;
  private readonly oauth: OAuthCodes;
  private readonly jsapiTickets: JsApiTicketIssuer;
  private readonly store = new MeetingStore();
  private readonly cursors = new Cursors();
  private readonly api: MeetingApi;
  private readonly controls = new Map<EndpointName, EndpointControl>(ENDPOINT_NAMES.map((n) => [n, new EndpointControl()]));
  private accepted = 0;
  private baseUrl = "";

  private constructor(private readonly server: Server, options: SimulatorOptions) {
    this.corpId = options.corpId ?? "ww-simulator-corp";
    this.corpSecret = options.corpSecret ?? "simulator-secret";
    this.defaultTtl = this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.clock = options.clock ?? Date.now;
    this.tokens = new AccessTokens(this.clock);
    this.oauth = new OAuthCodes(this.clock);
    this.jsapiTickets = new JsApiTicketIssuer(this.clock);
    this.api = new MeetingApi(this.store, this.cursors, this, this.clock);
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

  // ---- switches and counters ----------------------------------------------------------------

  /** The switches of one endpoint, e.g. `sim.endpoint("meeting/get_info").hang = true`. */
  endpoint(name: EndpointName): EndpointSwitches {
    const control = this.controls.get(name);
    if (!control) throw new TypeError(`no such simulated endpoint: ${name} (one of ${ENDPOINT_NAMES.join(", ")})`);
    return control;
  }

  /** The requests received for one endpoint, refused and dropped ones too, in order. */
  calls(name: EndpointName | string): ReceivedRequest[] {
    const path = pathOf(name);
    return this.requests.filter((r) => r.path === path);
  }

  /** TCP connections accepted since start or reset(). */
  get connections(): number {
    return this.accepted;
  }

  /** expires_in of the JS-SDK tickets handed out from now on (default 7200; 0: none is reusable). */
  get ticketTtlSeconds(): number {
    return this.jsapiTickets.ttlSeconds;
  }

  set ticketTtlSeconds(seconds: number) {
    this.jsapiTickets.ttlSeconds = seconds;
  }

  /** The JS-SDK tickets handed out since start or reset(), oldest first: the corp's or the app's. */
  ticketsIssued(kind: TicketKind): string[] {
    return this.jsapiTickets.tickets(kind);
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  // The names the first tests used, kept as shorthands for the create and gettoken endpoints.

  get tokenRequests(): number {
    return this.calls("gettoken").length;
  }

  /** Bodies of the meeting/create requests received. */
  get createRequests(): unknown[] {
    return this.calls("meeting/create").map((r) => r.body);
  }

  get createDelayMs(): number {
    return this.endpoint("meeting/create").delayMs;
  }

  set createDelayMs(ms: number) {
    this.endpoint("meeting/create").delayMs = ms;
  }

  get hangCreates(): boolean {
    return this.endpoint("meeting/create").hang;
  }

  set hangCreates(on: boolean) {
    this.endpoint("meeting/create").hang = on;
  }

  failNextCreates(...errors: Array<{ errcode: number; errmsg?: string }>): void {
    this.endpoint("meeting/create").failNext(...errors);
  }

  failNextTokens(...errors: Array<{ errcode: number; errmsg?: string }>): void {
    this.endpoint("gettoken").failNext(...errors);
  }

  // ---- state ----------------------------------------------------------------------------------

  /** A kept meeting (a copy), or undefined. */
  meeting(meetingid: string): SimMeeting | undefined {
    const m = this.store.get(meetingid);
    return m && this.store.snapshot(m, this.nowSeconds());
  }

  /** Every kept meeting (copies), in the order they were put in. */
  meetings(): SimMeeting[] {
    return this.store.all().map((m) => this.store.snapshot(m, this.nowSeconds()));
  }

  /** The kept meetings as JSON, for `restoreMeetings` in a later process (a development gateway restarting). */
  saveMeetings(): { meetings: SavedMeeting[] } {
    return { meetings: this.store.save() };
  }

  /** Puts back what `saveMeetings` gave; throws on anything else. */
  restoreMeetings(saved: unknown): void {
    const meetings = (saved as { meetings?: unknown } | null)?.meetings;
    if (!Array.isArray(meetings)) throw new TypeError("not saved simulator meetings: expected { meetings: [...] }");
    this.store.restore(meetings as SavedMeeting[]);
  }

  /** Puts a meeting in directly, unchecked (e.g. started, another app's, repeating); returns its id. */
  seedMeeting(input: SeedMeetingInput = {}): string {
    return this.store.seed(input, this.clock()).meetingid;
  }

  /**
   * Marks a user as having joined a kept meeting (get_info's attendees): first join (default
   * now), last quit (default 0: still in), seconds spent (added up over joins). Throws on an
   * unknown meeting.
   */
  join(meetingid: string, userid: string, session: { firstJoin?: number; lastQuit?: number; seconds?: number } = {}): void {
    const m = this.store.get(meetingid);
    if (!m) throw new Error(`join: no meeting ${meetingid}`);
    this.store.join(m, userid, {
      firstJoin: session.firstJoin ?? this.nowSeconds(),
      lastQuit: session.lastQuit ?? 0,
      seconds: session.seconds ?? 0,
    });
  }

  /**
   * Changes a kept meeting directly, as the WeCom client or another app of the corp would: the
   * gateway is not told. Unchecked; throws on an unknown meeting.
   */
  alterMeeting(meetingid: string, change: Omit<UpdateMeetingBody, "meetingid">): void {
    const m = this.store.get(meetingid);
    if (!m) throw new Error(`alterMeeting: no meeting ${meetingid}`);
    this.store.update(m, { meetingid, ...change });
  }

  /** A fresh sign-in code for a member, as the authorize page would redirect with. */
  oauthCode(userid: string, options: { scope?: OAuthScope } = {}): string {
    return this.oauth.issue({ member: true, userid, scope: options.scope ?? "snsapi_privateinfo" });
  }

  /** A fresh sign-in code for someone who is not a member; with `externalUserid` for a customer. */
  oauthCodeForNonMember(openid: string, options: { externalUserid?: string } = {}): string {
    return this.oauth.issue({ member: false, openid, ...(options.externalUserid !== undefined ? { external_userid: options.externalUserid } : {}) });
  }

  /**
   * Back to a fresh simulator on the same port: every switch, counter, queue, kept meeting and
   * sign-in code goes; hung answers are released (sent). Issued access tokens stay valid: a test
   * that wants them refused says so (revokeTokens/expireTokens).
   */
  reset(): void {
    this.requests.length = 0;
    this.accepted = 0;
    this.tokenTtlSeconds = this.defaultTtl;
    this.advanced = false;
    this.inviteeLimit = 300;
    this.inviteesPageSize = 100;
    this.duplicateCheck = false;
    this.legacyUserIdKey = false;
    this.unknownUsers = new Set();
    this.excessUsers = [];
    this.store.clear();
    this.oauth.clear();
    this.jsapiTickets.reset();
    this.cursors.rotate();
    this.controls.forEach((c) => c.reset());
  }

  /** Stops listening and destroys every connection, also idle keep-alive and hung ones. */
  async close(): Promise<void> {
    this.controls.forEach((c) => c.close());
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve()); // also called (with an error) when already closed
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP -----------------------------------------------------------------------------------

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
        this.route(req.method ?? "", req.url ?? "/", parse(text), res, req.headers);
      } catch {
        // A bug here must not become an unhandled exception in the gateway or jest process.
        this.send(res, json(wecomError(-1)));
      }
    });
  }

  /**
   * Recorded on arrival, then, in this order: a dropped connection, a proxy's HTTP error page
   * (applying nothing, or answering in place of what was applied), a queued errcode, the quota,
   * and the endpoint itself. The answer is delivered now, later (delayMs) or when hanging ends.
   */
  private route(method: string, rawUrl: string, parsed: Parsed, res: ServerResponse, headers: ReceivedRequest["headers"]): void {
    const { path, query } = splitUrl(rawUrl);
    const body = parsed.json ? parsed.value : parsed.raw || undefined;
    this.requests.push({ method, path, query, body, at: this.clock(), headers });

    const name = BY_PATH.get(path);
    if (!name) return this.send(res, json({ errcode: 404, errmsg: `not found: ${path}` }, 404));
    const control = this.controls.get(name)!;
    if (control.takeDrop()) {
      const socket = res.socket;
      if (socket && typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
      else socket?.destroy();
      return;
    }
    const httpFailure = control.takeHttpFailure();
    let answer: Answer | undefined;
    if (!httpFailure || httpFailure.applied) {
      const queued = control.takeFailure();
      if (queued) answer = json(queued);
      // WeCom exempts getuserinfo with a valid code from its frequency limits (meeting-family.md §6).
      else if (!(name === "auth/getuserinfo" && this.oauth.isValid(query.code)) && !control.admit(this.clock())) answer = json(wecomError(45009));
      else answer = this.handle(name, method, query, parsed);
    }
    const final = httpFailure ? proxyPage(httpFailure.status) : answer!;
    control.deliver(res, () => this.send(res, final));
  }

  private handle(name: EndpointName, method: string, query: Record<string, string>, parsed: Parsed): Answer {
    switch (name) {
      case "gettoken":
        return json(this.getToken(method, query));
      case "auth/getuserinfo":
        return json(this.getUserInfo(method, query));
      case "connect/oauth2/authorize":
        return this.authorize(method, query);
      case "get_jsapi_ticket":
        return json(this.ticket("corp", method, query));
      case "ticket/get":
        return json(query.type === "agent_config" ? this.ticket("app", method, query) : wecomError(40058, "invalid type"));
      default: {
        if (method !== "POST") return json(wecomError(43002));
        const tokenError = this.tokens.check(query.access_token);
        if (tokenError) return json(wecomError(tokenError));
        if (!parsed.json) return json(wecomError(47001));
        return json(this.api.answer(name, parsed.value));
      }
    }
  }

  private send(res: ServerResponse, answer: Answer): void {
    if (res.headersSent || res.destroyed) return;
    if ("location" in answer) {
      res.writeHead(302, { Location: answer.location, "Content-Length": 0 });
      res.end();
      return;
    }
    const [type, text] = "html" in answer
      ? ["text/html; charset=UTF-8", answer.html]
      : ["application/json; charset=UTF-8", JSON.stringify(answer.json)];
    res.writeHead(answer.status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  // ---- gettoken and sign-in (past the switches) -----------------------------------------------

  private getToken(method: string, query: Record<string, string>): GetTokenResult {
    if (method !== "GET") return wecomError(43001);
    if (!query.corpid) return wecomError(41002);
    if (!query.corpsecret) return wecomError(41004);
    if (query.corpid !== this.corpId) return wecomError(40013);
    if (query.corpsecret !== this.corpSecret) return wecomError(40001);
    const token = this.tokens.issue(this.tokenTtlSeconds);
    return { errcode: 0, errmsg: "ok", access_token: token, expires_in: this.tokenTtlSeconds };
  }

  private getUserInfo(method: string, query: Record<string, string>): GetUserInfoResult {
    if (method !== "GET") return wecomError(43001);
    const tokenError = this.tokens.check(query.access_token);
    if (tokenError) return wecomError(tokenError);
    return userInfo(this.oauth, query.code, { legacyUserIdKey: this.legacyUserIdKey });
  }

  private ticket(kind: TicketKind, method: string, query: Record<string, string>): JsApiTicketResult {
    if (method !== "GET") return wecomError(43001);
    const tokenError = this.tokens.check(query.access_token);
    if (tokenError) return wecomError(tokenError);
    return this.jsapiTickets.issue(kind);
  }

  private authorize(method: string, query: Record<string, string>): Answer {
    if (method !== "GET") return json(wecomError(43001));
    const answer = authorize(this.oauth, query, this.corpId);
    return "location" in answer ? { status: 302, location: answer.location } : json(answer);
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }
}

/** What a proxy in front of WeCom answers when it fails: its status, and an HTML page. */
function proxyPage(status: number): Answer {
  const reason = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return {
    status,
    html: `<html>\r\n<head><title>${reason}</title></head>\r\n<body>\r\n<center><h1>${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
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
