/**
 * The WeCom simulator over real HTTP (Node's fetch), as the gateway and the end-to-end tests
 * see it: tokens, the meeting family's rules (create-meeting.md, meeting-family.md) and the
 * meetings it keeps, sign-in codes, the switches and counters.
 */
import * as http from "node:http";
import { WecomSimulator } from "../../src/wecom/simulator";

let sim: WecomSimulator;

beforeAll(async () => {
  sim = await WecomSimulator.start();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  tokens.delete(sim);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds (e.g. a request has reached the simulator). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await sleep(5);
  expect(cond()).toBe(true);
}

async function call(s: WecomSimulator, path: string, init?: RequestInit) {
  const res = await fetch(s.url + path, init);
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as Record<string, any> };
}

const getToken = (corpid = sim.corpId, corpsecret = sim.corpSecret) =>
  call(sim, `/cgi-bin/gettoken?corpid=${encodeURIComponent(corpid)}&corpsecret=${encodeURIComponent(corpsecret)}`);

async function token(): Promise<string> {
  const { json } = await getToken();
  return json.access_token;
}

function create(accessToken: string | undefined, body: unknown, s = sim) {
  const q = accessToken === undefined ? "" : `?access_token=${accessToken}`;
  return call(s, `/cgi-bin/meeting/create${q}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);

/** A valid create body; tests override parts of it. */
function meeting(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    admin_userid: "zhangsan",
    title: "Weekly sync",
    meeting_start: Math.floor(Date.now() / 1000) + 3600,
    meeting_duration: 3600,
    ...extra,
  };
}

/** One token per simulator, fetched on first use (forgotten at each reset above). */
const tokens = new Map<WecomSimulator, string>();

async function tokenFor(s = sim): Promise<string> {
  if (!tokens.has(s)) {
    const { json } = await call(s, `/cgi-bin/gettoken?corpid=${s.corpId}&corpsecret=${s.corpSecret}`);
    tokens.set(s, json.access_token);
  }
  return tokens.get(s)!;
}

/** POST /cgi-bin/<name> with a valid token; the answer's JSON. */
async function wecom(name: string, body: unknown, s = sim): Promise<Record<string, any>> {
  const init = { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) };
  return (await call(s, `/cgi-bin/${name}?access_token=${await tokenFor(s)}`, init)).json;
}

const errcode = async (name: string, body: unknown, s = sim) => (await wecom(name, body, s)).errcode;

/** Creates a meeting through meeting/create; its id. */
async function created(extra: Record<string, unknown> = {}, s = sim): Promise<string> {
  const json = await wecom("meeting/create", meeting(extra), s);
  expect(json).toMatchObject({ errcode: 0 });
  return json.meetingid;
}

const info = (meetingid: string, s = sim) => wecom("meeting/get_info", { meetingid }, s);

/** A simulator of its own whose clock only the test moves. */
async function withClock(run: (s: WecomSimulator, advance: (seconds: number) => void) => Promise<void>): Promise<void> {
  let at = Date.now();
  const s = await WecomSimulator.start({ clock: () => at });
  try {
    await run(s, (seconds) => (at += seconds * 1000));
  } finally {
    tokens.delete(s);
    await s.close();
  }
}

describe("gettoken", () => {
  it("issues a long random token with the configured TTL", async () => {
    const a = await getToken();
    const b = await getToken();
    expect(a.status).toBe(200);
    expect(a.type).toMatch(/^application\/json/);
    expect(a.json).toMatchObject({ errcode: 0, errmsg: "ok", expires_in: 7200 });
    expect(a.json.access_token).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    expect(b.json.access_token).not.toBe(a.json.access_token);
    expect(sim.tokenRequests).toBe(2);
  });

  it("refuses a wrong corpid (40013) and a wrong secret (40001)", async () => {
    expect((await getToken("ww-other")).json).toEqual({ errcode: 40013, errmsg: "invalid corpid" });
    expect((await getToken(sim.corpId, "wrong")).json).toMatchObject({ errcode: 40001, errmsg: expect.stringContaining("invalid credential") });
    expect((await call(sim, "/cgi-bin/gettoken")).json.errcode).toBe(41002);
    expect(sim.tokenRequests).toBe(3);
  });

  it("honours custom credentials given at start", async () => {
    const other = await WecomSimulator.start({ corpId: "ww1", corpSecret: "s1", tokenTtlSeconds: 60 });
    try {
      const { json } = await call(other, "/cgi-bin/gettoken?corpid=ww1&corpsecret=s1");
      expect(json).toMatchObject({ errcode: 0, expires_in: 60 });
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await other.close();
    }
  });

  it("tokens expire for real after their TTL (42001)", async () => {
    sim.tokenTtlSeconds = 1;
    const { json } = await getToken();
    expect(json.expires_in).toBe(1);
    expect((await create(json.access_token, meeting())).json.errcode).toBe(0);
    await sleep(1050);
    expect((await create(json.access_token, meeting())).json.errcode).toBe(42001);
  });

  it("revokeTokens → 40014, expireTokens → 42001, for tokens issued so far only", async () => {
    const old = await token();
    sim.revokeTokens();
    expect((await create(old, meeting())).json).toMatchObject({ errcode: 40014 });
    const fresh = await token();
    expect((await create(fresh, meeting())).json.errcode).toBe(0);
    sim.expireTokens();
    expect((await create(fresh, meeting())).json).toMatchObject({ errcode: 42001 });
    expect((await create(old, meeting())).json.errcode).toBe(42001);
  });

  it("failNextTokens queues answers, then issues normally", async () => {
    sim.failNextTokens({ errcode: 45009 }, { errcode: -1, errmsg: "busy" });
    expect((await getToken()).json).toEqual({ errcode: 45009, errmsg: "api freq out of limit" });
    expect((await getToken()).json).toEqual({ errcode: -1, errmsg: "busy" });
    expect((await getToken()).json.errcode).toBe(0);
  });
});

describe("meeting/create", () => {
  it("creates a meeting; excess_users only when an invitee is listed in excessUsers", async () => {
    const t = await token();
    const plain = await create(t, meeting({ invitees: { userid: ["lisi", "wangwu"] } }));
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({ errcode: 0, errmsg: "ok", meetingid: expect.stringMatching(/.{8,}/) });

    sim.excessUsers = ["wangwu", "zhaoliu"];
    const excess = await create(t, meeting({ invitees: { userid: ["lisi", "wangwu"] } }));
    expect(excess.json).toMatchObject({ errcode: 0, excess_users: ["wangwu"] });
    expect(excess.json.meetingid).not.toBe(plain.json.meetingid);
  });

  it("accepts the document's full example (with a weekly repeat, as repeat_interval needs)", async () => {
    const start = Math.floor(Date.now() / 1000) + 3600;
    const body = meeting({
      title: "新建会议", meeting_start: start, description: "新建会议描述", location: "广州媒体港",
      agentid: 1000014, invitees: { userid: ["lisi", "wangwu"] }, cal_id: "wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA",
      settings: {
        remind_scope: 1, password: "1234", enable_waiting_room: false, allow_enter_before_host: true,
        enable_enter_mute: 1, enable_screen_watermark: false,
        hosts: { userid: ["lisi", "wangwu"] }, ring_users: { userid: ["zhangsan", "lis"] },
      },
      reminders: { is_repeat: 1, repeat_type: 1, repeat_until: start + 86400 * 30, repeat_interval: 1, remind_before: [0, 900] },
    });
    expect((await create(await token(), body)).json.errcode).toBe(0);
  });

  it("checks the token first: missing 41001, unknown 40014", async () => {
    expect((await create(undefined, meeting())).json.errcode).toBe(41001);
    expect((await create("not-a-token", meeting())).json.errcode).toBe(40014);
  });

  it.each([
    ["not JSON", "{admin_userid:"],
    ["empty", ""],
    ["an array", "[]"],
  ])("answers 47001 to a body that is %s", async (_what, body) => {
    expect((await create(await token(), body)).json).toEqual({ errcode: 47001, errmsg: "data format error" });
  });

  it("answers 43002 to a GET", async () => {
    expect((await call(sim, `/cgi-bin/meeting/create?access_token=${await token()}`)).json.errcode).toBe(43002);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const users = (n: number, prefix = "u") => ({ userid: Array.from({ length: n }, (_, i) => `${prefix}${i}`) });

  // [what, body, errcode, text the errmsg must contain]
  const refused: Array<[string, () => Record<string, unknown>, number, string]> = [
    ["missing admin_userid", () => { const b = meeting(); delete b.admin_userid; return b; }, 40058, "admin_userid"],
    ["missing title", () => { const b = meeting(); delete b.title; return b; }, 40058, "title"],
    ["missing meeting_duration", () => { const b = meeting(); delete b.meeting_duration; return b; }, 40058, "meeting_duration"],
    ["title not a string", () => meeting({ title: 42 }), 40058, "title"],
    ["meeting_start as a string", () => meeting({ meeting_start: String(now() + 3600) }), 40058, "meeting_start"],
    ["fractional meeting_start", () => meeting({ meeting_start: now() + 3600.5 }), 40058, "meeting_start"],
    ["blank title", () => meeting({ title: "   " }), 40058, "title"],
    ["41 ASCII title", () => meeting({ title: "x".repeat(41) }), 40058, "title"],
    ["21 Chinese title", () => meeting({ title: "会".repeat(21) }), 40058, "title"],
    ["39 ASCII + 1 Chinese title", () => meeting({ title: "x".repeat(39) + "会" }), 40058, "title"],
    ["meeting_start now", () => meeting({ meeting_start: now() }), 40058, "meeting_start"],
    ["meeting_start past", () => meeting({ meeting_start: now() - 60 }), 40058, "meeting_start"],
    ["meeting_duration 299", () => meeting({ meeting_duration: 299 }), 40058, "meeting_duration"],
    ["meeting_duration 86400", () => meeting({ meeting_duration: 86400 }), 40058, "meeting_duration"],
    ["description of 501", () => meeting({ description: "d".repeat(501) }), 40058, "description"],
    ["location of 129", () => meeting({ location: "l".repeat(129) }), 40058, "location"],
    ["cal_id of 65 bytes", () => meeting({ cal_id: "c".repeat(65) }), 40058, "cal_id"],
    ["301 invitees", () => meeting({ invitees: users(301) }), 400020, "invitees"],
    ["invitees as a bare array", () => meeting({ invitees: ["lisi"] }), 40058, "invitees"],
    ["an empty userid", () => meeting({ invitees: { userid: [""] } }), 40058, "invitees.userid"],
    ["a 65-byte userid", () => meeting({ invitees: { userid: ["u".repeat(65)] } }), 40058, "invitees.userid"],
    ["password with a letter", () => meeting({ settings: { password: "12a4" } }), 40058, "settings.password"],
    ["password of 3 digits", () => meeting({ settings: { password: "123" } }), 40058, "settings.password"],
    ["password of 7 digits", () => meeting({ settings: { password: "1234567" } }), 40058, "settings.password"],
    ["password as a number", () => meeting({ settings: { password: 1234 } }), 40058, "settings.password"],
    ["11 hosts", () => meeting({ settings: { hosts: users(11) } }), 400027, "settings.hosts"],
    ["a boolean setting as a string", () => meeting({ settings: { enable_waiting_room: "true" } }), 40058, "settings.enable_waiting_room"],
    ["remind_scope 5", () => meeting({ settings: { remind_scope: 5 } }), 40058, "settings.remind_scope"],
    ["enable_enter_mute as a boolean", () => meeting({ settings: { enable_enter_mute: true } }), 40058, "settings.enable_enter_mute"],
    ["is_repeat as a boolean", () => meeting({ reminders: { is_repeat: true } }), 40058, "reminders.is_repeat"],
    ["repeat_type 3", () => meeting({ reminders: { is_repeat: 1, repeat_type: 3 } }), 40058, "reminders.repeat_type"],
    ["repeat_interval with a daily repeat", () => meeting({ reminders: { is_repeat: 1, repeat_type: 0, repeat_interval: 1 } }), 40058, "reminders.repeat_interval"],
    ["repeat_interval without repeat_type", () => meeting({ reminders: { is_repeat: 1, repeat_interval: 1 } }), 40058, "reminders.repeat_interval"],
    ["repeat_interval 3", () => meeting({ reminders: { is_repeat: 1, repeat_type: 1, repeat_interval: 3 } }), 40058, "reminders.repeat_interval"],
    ["repeat_until before the start", () => meeting({ reminders: { is_repeat: 1, repeat_until: now() + 60 } }), 40058, "reminders.repeat_until"],
    ["remind_before with a string", () => meeting({ reminders: { remind_before: ["900"] } }), 40058, "reminders.remind_before"],
    ["an unknown field", () => meeting({ adminUserId: "zhangsan" }), 40058, "adminUserId"],
    ["an unknown nested field", () => meeting({ settings: { isRepeat: 1 } }), 40058, "settings.isRepeat"],
    ["a null at the top", () => meeting({ description: null }), 40058, "invalid null: description"],
    ["a nested null", () => meeting({ settings: { password: null } }), 40058, "invalid null: settings.password"],
    ["a null in a userid list", () => meeting({ invitees: { userid: ["lisi", null] } }), 40058, "invalid null: invitees.userid[1]"],
  ];

  it.each(refused)("refuses %s", async (_what, body, errcode, text) => {
    const { status, json } = await create(await token(), body());
    expect(status).toBe(200);
    expect(json.errcode).toBe(errcode);
    expect(json.errmsg).toContain(text);
    expect(json.meetingid).toBeUndefined();
  });

  const accepted: Array<[string, () => Record<string, unknown>]> = [
    ["40 ASCII title", () => meeting({ title: "x".repeat(40) })],
    ["20 Chinese title", () => meeting({ title: "会".repeat(20) })],
    ["meeting_duration 300", () => meeting({ meeting_duration: 300 })],
    ["meeting_duration 86399", () => meeting({ meeting_duration: 86399 })],
    ["300 invitees", () => meeting({ invitees: users(300) })],
    ["password of 4 and 6 digits", () => meeting({ settings: { password: "000000" } })],
    ["10 hosts", () => meeting({ settings: { hosts: users(10) } })],
    ["repeat_interval 2 on a weekly repeat", () => meeting({ reminders: { is_repeat: 1, repeat_type: 1, repeat_interval: 2 } })],
    ["an unsupported remind_before value (the document tolerates it)", () => meeting({ reminders: { remind_before: [60] } })],
  ];

  it.each(accepted)("accepts %s", async (_what, body) => {
    expect((await create(await token(), body())).json).toMatchObject({ errcode: 0 });
  });

  it("answers 400021 for a userid the corp doesn't have, wherever it appears", async () => {
    const t = await token();
    sim.unknownUsers = new Set(["ghost"]);
    for (const body of [
      meeting({ admin_userid: "ghost" }),
      meeting({ invitees: { userid: ["lisi", "ghost"] } }),
      meeting({ settings: { hosts: { userid: ["ghost"] } } }),
      meeting({ settings: { ring_users: { userid: ["ghost"] } } }),
    ]) {
      const { json } = await create(t, body);
      expect(json.errcode).toBe(400021);
      expect(json.errmsg).toContain("ghost");
    }
    expect((await create(t, meeting({ invitees: { userid: ["lisi"] } }))).json.errcode).toBe(0);
  });

  it("failNextCreates queues answers in order, whatever the request, then works again", async () => {
    const t = await token();
    sim.failNextCreates({ errcode: 40014 }, { errcode: 40058, errmsg: "invalid title" });
    expect((await create(t, meeting())).json).toEqual({ errcode: 40014, errmsg: "invalid access_token" });
    expect((await create(t, meeting())).json).toEqual({ errcode: 40058, errmsg: "invalid title" });
    expect((await create(t, meeting())).json.errcode).toBe(0);
  });
});

describe("switches and counters", () => {
  it("createDelayMs delays the answer, not gettoken", async () => {
    const t = await token();
    sim.createDelayMs = 300;
    let began = Date.now();
    await getToken();
    expect(Date.now() - began).toBeLessThan(250);
    began = Date.now();
    expect((await create(t, meeting())).json.errcode).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
  });

  it("hangCreates holds answers (recorded on arrival) until switched off", async () => {
    const t = await token();
    sim.hangCreates = true;
    let answered = false;
    const pending = create(t, meeting({ title: "held" })).then((r) => {
      answered = true;
      return r;
    });
    await until(() => sim.createRequests.length === 1);
    expect(sim.createRequests[0]).toMatchObject({ title: "held" });
    await sleep(100);
    expect(answered).toBe(false);
    sim.hangCreates = false;
    expect((await pending).json.errcode).toBe(0);
  });

  it("counts and records every request, the refused ones too", async () => {
    const t = await token();
    await create(t, meeting({ title: "one" }));
    await create("bad-token", meeting({ title: "two" }));
    await create(t, "garbage");
    await call(sim, "/cgi-bin/user/get?userid=x");
    expect(sim.tokenRequests).toBe(1);
    expect(sim.createRequests).toEqual([
      expect.objectContaining({ title: "one" }),
      expect.objectContaining({ title: "two" }),
      "garbage",
    ]);
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/cgi-bin/gettoken"],
      ["POST", "/cgi-bin/meeting/create"],
      ["POST", "/cgi-bin/meeting/create"],
      ["POST", "/cgi-bin/meeting/create"],
      ["GET", "/cgi-bin/user/get"],
    ]);
    expect(sim.requests[0].query).toEqual({ corpid: sim.corpId, corpsecret: sim.corpSecret });
    expect(sim.requests[2].query).toEqual({ access_token: "bad-token" });
    expect(sim.requests[0].body).toBeUndefined();
    expect(sim.requests[4].at).toBeGreaterThanOrEqual(sim.requests[0].at);
  });

  it("counts TCP connections: keep-alive requests share one, others don't", async () => {
    // node:http with an explicit agent, as got uses: fetch's pool may open a spare socket.
    const fresh = await WecomSimulator.start(); // a new port: no pooled socket from other tests
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (agent: http.Agent | false) =>
      new Promise<void>((resolve, reject) => {
        http.get(`${fresh.url}/cgi-bin/gettoken`, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
      });
    try {
      for (let i = 0; i < 3; i++) await get(keepAlive);
      expect(fresh.connections).toBe(1);
      await get(false);
      await get(false);
      expect(fresh.connections).toBe(3);
      expect(fresh.tokenRequests).toBe(5);
    } finally {
      keepAlive.destroy();
      await fresh.close();
    }
  });

  it("answers an unknown path with HTTP 404 JSON", async () => {
    const { status, json } = await call(sim, "/cgi-bin/nope");
    expect(status).toBe(404);
    expect(json.errcode).toBe(404);
  });

  it("never throws on odd input: an oversized body is refused and the server keeps answering", async () => {
    const t = await token();
    const huge = JSON.stringify(meeting({ description: "x".repeat(2 * 1024 * 1024) }));
    expect((await create(t, huge)).json.errcode).toBe(47001);
    expect((await create(t, '{"__proto__": {"title": 1}}')).json.errcode).toBe(40058);
    expect((await create(t, meeting({ constructor: 1 }))).json.errcode).toBe(40058);
    expect((await call(sim, "/cgi-bin/gettoken?corpid=%zz&corpsecret=x&__proto__=x")).json.errcode).toBe(40013);
    expect((await create(t, meeting())).json.errcode).toBe(0);
  });

  it("never throws on odd bodies at any meeting endpoint", async () => {
    sim.advanced = true;
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const odd = ['{"__proto__": {"meetingid": "x"}}', '{"constructor": 1}', '"text"', "123", "null", deep, '{"meetingid": {"a": [null]}}'];
    const names = ["create", "get_info", "get_user_meetingid", "update", "cancel", "get_invitees", "set_invitees"];
    for (const name of names) {
      for (const body of odd) expect([40058, 47001]).toContain(await errcode(`meeting/${name}`, body));
    }
    expect((await call(sim, "/connect/oauth2/authorize?userid=lisi", { method: "POST" })).json.errcode).toBe(43001);
    expect(await errcode("meeting/get_info", { meetingid: "x" })).toBe(90602);
  });

  it("reset() restores switches, clears counters and queues, and keeps issued tokens valid", async () => {
    const t = await token();
    Object.assign(sim, { tokenTtlSeconds: 5, createDelayMs: 1000, excessUsers: ["lisi"] });
    sim.unknownUsers.add("zhangsan");
    sim.failNextCreates({ errcode: -1 });
    sim.failNextTokens({ errcode: -1 });
    sim.reset();
    expect([sim.requests.length, sim.tokenRequests, sim.createRequests.length, sim.connections]).toEqual([0, 0, 0, 0]);
    expect([sim.tokenTtlSeconds, sim.createDelayMs, sim.excessUsers, sim.unknownUsers.size, sim.hangCreates]).toEqual([7200, 0, [], 0, false]);
    expect((await create(t, meeting({ invitees: { userid: ["lisi"] } }))).json).toEqual({
      errcode: 0, errmsg: "ok", meetingid: expect.any(String),
    });
  });

  it("close() ends promptly, destroying a hung request", async () => {
    const own = await WecomSimulator.start();
    const { json } = await call(own, `/cgi-bin/gettoken?corpid=${own.corpId}&corpsecret=${own.corpSecret}`);
    own.hangCreates = true;
    const pending = create(json.access_token, meeting(), own);
    pending.catch(() => {}); // asserted below; avoid an unhandled rejection meanwhile
    await until(() => own.createRequests.length === 1);
    const began = Date.now();
    await own.close();
    expect(Date.now() - began).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    await expect(fetch(own.url + "/cgi-bin/gettoken")).rejects.toThrow();
  });
});

describe("meeting/create keeps the meeting", () => {
  it("with a random id, a 9-digit meeting_code, a meeting_link, this app, and what was sent", async () => {
    const start = now() + 3600;
    const id = await created({ meeting_start: start, invitees: { userid: ["lisi", "wangwu", "lisi"] }, location: "3F" });
    expect(sim.meeting(id)).toMatchObject({
      meetingid: id, app: "this", origin: "create", admin_userid: "zhangsan", title: "Weekly sync",
      meeting_start: start, meeting_duration: 3600, location: "3F", invitees: ["lisi", "wangwu"],
      status: 1, cancelled: false, settings: {},
      meeting_code: expect.stringMatching(/^\d{9}$/),
      meeting_link: expect.stringMatching(/^https:\/\/meeting\.tencent\.com\/dm\/[A-Za-z0-9]+$/),
    });
    const other = await created();
    expect(sim.meetings().map((m) => m.meetingid)).toEqual([id, other]);
    expect(sim.meeting(other)!.meeting_code).not.toBe(sim.meeting(id)!.meeting_code);
  });

  it("keeps nothing when it refuses", async () => {
    sim.unknownUsers.add("ghost");
    expect(await errcode("meeting/create", meeting({ title: "" }))).toBe(40058);
    expect(await errcode("meeting/create", meeting({ invitees: { userid: ["ghost"] } }))).toBe(400021);
    expect(sim.meetings()).toEqual([]);
  });

  it("answers 400020 past inviteeLimit, 400027 past 10 hosts", async () => {
    sim.inviteeLimit = 2;
    expect(await errcode("meeting/create", meeting({ invitees: { userid: ["a", "b"] } }))).toBe(0);
    const over = await wecom("meeting/create", meeting({ invitees: { userid: ["a", "b", "c"] } }));
    expect(over).toMatchObject({ errcode: 400020, errmsg: expect.stringContaining("at most 2") });
    const hosts = { userid: Array.from({ length: 11 }, (_, i) => `h${i}`) };
    expect(await errcode("meeting/create", meeting({ settings: { hosts } }))).toBe(400027);
  });

  it("duplicateCheck (off by default): a twin within 5 minutes answers 400301 and creates nothing", async () => {
    const start = now() + 3600;
    await created({ meeting_start: start });
    await created({ meeting_start: start }); // off: twins are fine
    sim.duplicateCheck = true;
    expect(await wecom("meeting/create", meeting({ meeting_start: start }))).toEqual({
      errcode: 400301, errmsg: "the same meeting is being created",
    });
    expect(sim.meetings()).toHaveLength(2);
    // Any of the four fields differing makes it another meeting.
    await created({ meeting_start: start, title: "Other" });
    await created({ meeting_start: start, admin_userid: "lisi" });
    await created({ meeting_start: start + 60 });
    await created({ meeting_start: start, meeting_duration: 1800 });
  });

  it("duplicateCheck: only this app's creates of the last 5 minutes count", async () => {
    await withClock(async (s, advance) => {
      s.duplicateCheck = true;
      const start = Math.floor(Date.now() / 1000) + DAY;
      s.seedMeeting({ admin_userid: "zhangsan", title: "Weekly sync", meeting_start: start, meeting_duration: 3600, app: "other" });
      await created({ meeting_start: start }, s);
      advance(299);
      expect(await errcode("meeting/create", meeting({ meeting_start: start }), s)).toBe(400301);
      advance(1);
      await created({ meeting_start: start }, s);
    });
  });
});

describe("meeting/get_info", () => {
  it("answers the full example as the reference's example answer is shaped", async () => {
    const start = now() + 3600;
    const id = await created({
      title: "新建会议", meeting_start: start, description: "新建会议描述", location: "广州媒体港",
      invitees: { userid: ["lisi", "wangwu"] }, cal_id: "wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA",
      settings: {
        remind_scope: 1, password: "1234", enable_waiting_room: false, allow_enter_before_host: true,
        enable_enter_mute: 1, enable_screen_watermark: false,
        hosts: { userid: ["lisi", "zhangsan"] }, ring_users: { userid: ["zhangsan", "lis"] },
      },
      reminders: { is_repeat: 1, repeat_type: 1, repeat_until: start + 20 * DAY, repeat_interval: 1, remind_before: [0, 900] },
    });
    const { meeting_code, meeting_link } = sim.meeting(id)!;
    const week = (k: number) => ({
      sub_meetingid: String(start + k * 7 * DAY), status: 0,
      start_time: start + k * 7 * DAY, end_time: start + k * 7 * DAY + 3600, title: "新建会议",
    });
    const notJoined = { status: 2, first_join_time: 0, last_quit_time: 0, total_join_count: 0, cumulative_time: 0 };
    expect(await info(id)).toEqual({
      errcode: 0, errmsg: "ok", admin_userid: "zhangsan", title: "新建会议", meeting_start: start,
      meeting_duration: 3600, description: "新建会议描述", location: "广州媒体港", main_department: 1,
      status: 1, meeting_type: 1,
      attendees: { member: [{ userid: "lisi", ...notJoined }, { userid: "wangwu", ...notJoined }], tmp_external_user: [] },
      settings: {
        remind_scope: 1, password: "1234", enable_waiting_room: false, allow_enter_before_host: true,
        enable_enter_mute: 1, enable_screen_watermark: false,
        hosts: { userid: ["lisi"] }, // the admin is filtered out
        ring_users: { userid: ["zhangsan", "lis"] },
      },
      cal_id: "wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA",
      reminders: { is_repeat: 1, repeat_type: 1, repeat_until: start + 20 * DAY, repeat_interval: 1, remind_before: [0, 900] },
      meeting_code, meeting_link,
      has_more_sub_meeting: 0, remain_sub_meetings: 3, current_sub_meetingid: String(start),
      sub_meetings: [week(0), week(1), week(2)],
    });
  });

  it("fills in upstream defaults and leaves out what was not set", async () => {
    const json = await info(await created());
    expect(json).toMatchObject({
      description: "", meeting_type: 0, status: 1, attendees: { member: [] },
      settings: {
        remind_scope: 2, enable_waiting_room: false, allow_enter_before_host: true, enable_enter_mute: 2,
        enable_screen_watermark: false, hosts: { userid: [] }, ring_users: { userid: [] },
      },
    });
    for (const key of ["location", "cal_id", "reminders", "sub_meetings", "has_more_sub_meeting"]) expect(json).not.toHaveProperty(key);
    expect(json.settings).not.toHaveProperty("password");
  });

  it("lists a joined attendee with the times sim.join() gave", async () => {
    const id = await created({ invitees: { userid: ["lisi", "wangwu"] } });
    sim.join(id, "lisi", { firstJoin: 1700000000, lastQuit: 1700000600, seconds: 600 });
    sim.join(id, "guest", { firstJoin: 1700000100, seconds: 60 });
    sim.join(id, "lisi", { firstJoin: 1700000700, lastQuit: 1700000800, seconds: 100 });
    expect((await info(id)).attendees.member).toEqual([
      { userid: "lisi", status: 1, first_join_time: 1700000000, last_quit_time: 1700000800, total_join_count: 2, cumulative_time: 700 },
      { userid: "wangwu", status: 2, first_join_time: 0, last_quit_time: 0, total_join_count: 0, cumulative_time: 0 },
      { userid: "guest", status: 1, first_join_time: 1700000100, last_quit_time: 0, total_join_count: 1, cumulative_time: 60 },
    ]);
    expect(() => sim.join("nope", "lisi")).toThrow();
  });

  it("computes status from the clock: 1 not started, 2 in progress, 3 ended, 4 cancelled", async () => {
    await withClock(async (s, advance) => {
      const id = await created({ meeting_start: Math.floor(Date.now() / 1000) + 600, meeting_duration: 600 }, s);
      expect((await info(id, s)).status).toBe(1);
      advance(600);
      expect((await info(id, s)).status).toBe(2);
      expect(s.meeting(id)!.status).toBe(2);
      advance(600);
      expect((await info(id, s)).status).toBe(3);
    });
    const cancelled = sim.seedMeeting({ cancelled: true });
    expect((await info(cancelled)).status).toBe(4);
  });

  it("answers 90602 for an unknown id and 730005 for another app's meeting", async () => {
    expect(await info("no-such-meeting")).toEqual({ errcode: 90602, errmsg: "invalid meeting id" });
    const theirs = sim.seedMeeting({ app: "other" });
    expect(await info(theirs)).toEqual({ errcode: 730005, errmsg: "meeting created by another app" });
  });

  it.each([
    ["no meetingid", {}, "meetingid"],
    ["a numeric meetingid", { meetingid: 1 }, "meetingid"],
    ["an unknown field", { meetingid: "x", meeting_code: "123" }, "meeting_code"],
    ["a null", { meetingid: null }, "invalid null: meetingid"],
  ])("answers 40058 to %s", async (_what, body, text) => {
    const json = await wecom("meeting/get_info", body);
    expect(json.errcode).toBe(40058);
    expect(json.errmsg).toContain(text);
  });

  it("checks method, token and JSON as create does: 43002, 41001, 40014, 42001, 47001", async () => {
    const id = await created();
    const t = await tokenFor();
    const path = "/cgi-bin/meeting/get_info";
    const post = (q: string, body = JSON.stringify({ meetingid: id })) => call(sim, path + q, { method: "POST", body });
    expect((await call(sim, `${path}?access_token=${t}`)).json.errcode).toBe(43002);
    expect((await post("")).json.errcode).toBe(41001);
    expect((await post("?access_token=nope")).json.errcode).toBe(40014);
    expect((await post(`?access_token=${t}`, "{meetingid")).json.errcode).toBe(47001);
    expect((await post(`?access_token=${t}`, "[]")).json.errcode).toBe(47001);
    sim.expireTokens();
    expect((await post(`?access_token=${t}`)).json).toEqual({ errcode: 42001, errmsg: "access_token expired" });
  });
});

describe("repeating meetings: occurrences in get_info", () => {
  const occurrences = async (reminders: Record<string, unknown>, start = now() + 3600) => {
    const json = await info(sim.seedMeeting({ meeting_start: start, meeting_duration: 1800, reminders }));
    return { json, starts: (json.sub_meetings as Array<{ start_time: number }>).map((o) => o.start_time) };
  };

  it("daily up to repeat_until: each occurrence's id is its start in unix seconds", async () => {
    const start = now() + 3600;
    const { json, starts } = await occurrences({ is_repeat: 1, repeat_type: 0, repeat_until: start + 3 * DAY }, start);
    expect(starts).toEqual([0, 1, 2, 3].map((k) => start + k * DAY));
    expect(json.sub_meetings[1]).toEqual({
      sub_meetingid: String(start + DAY), status: 0, start_time: start + DAY, end_time: start + DAY + 1800, title: "Seeded meeting",
    });
    expect(json).toMatchObject({ meeting_type: 1, has_more_sub_meeting: 0, remain_sub_meetings: 4 });
  });

  it("without repeat_until: the upstream maximum, 50 listed, has_more_sub_meeting 1, repeat_until reported", async () => {
    const start = now() + 3600;
    const { json, starts } = await occurrences({ is_repeat: 1 }, start); // repeat_type defaults to daily
    expect(starts).toHaveLength(50);
    expect(json).toMatchObject({ has_more_sub_meeting: 1, remain_sub_meetings: 200 });
    expect(json.reminders).toEqual({ is_repeat: 1, repeat_type: 0, repeat_until: start + 199 * DAY });
    const weekly = await occurrences({ is_repeat: 1, repeat_type: 1 }, start);
    expect(weekly.json).toMatchObject({ has_more_sub_meeting: 1, remain_sub_meetings: 200 });
    expect(weekly.starts[49]).toBe(start + 49 * 7 * DAY);
  });

  it("fortnightly and monthly stop at 50", async () => {
    const start = now() + 3600;
    const fortnightly = await occurrences({ is_repeat: 1, repeat_type: 1, repeat_interval: 2 }, start);
    expect(fortnightly.json).toMatchObject({ has_more_sub_meeting: 0, remain_sub_meetings: 50 });
    expect(fortnightly.starts[1]).toBe(start + 14 * DAY);
    const monthly = await occurrences({ is_repeat: 1, repeat_type: 2 }, start);
    expect(monthly.json).toMatchObject({ has_more_sub_meeting: 0, remain_sub_meetings: 50 });
  });

  it("monthly keeps the day of month (China time), the last day in a shorter month", async () => {
    const at = (iso: string) => Date.parse(`${iso}T05:00:00+08:00`) / 1000; // in UTC the day before
    const { starts } = await occurrences({ is_repeat: 1, repeat_type: 2, repeat_until: at("2100-05-31") }, at("2100-01-31"));
    expect(starts).toEqual([at("2100-01-31"), at("2100-02-28"), at("2100-03-31"), at("2100-04-30"), at("2100-05-31")]);
  });

  it("workdays skip Saturday and Sunday (China time)", async () => {
    const at = (iso: string) => Date.parse(`${iso}T07:30:00+08:00`) / 1000; // early: in UTC still the day before
    const { starts } = await occurrences({ is_repeat: 1, repeat_type: 7, repeat_until: at("2100-01-12") }, at("2100-01-07"));
    // 2100-01-07 is a Thursday.
    expect(starts).toEqual(["2100-01-07", "2100-01-08", "2100-01-11", "2100-01-12"].map(at));
  });

  it("cancelling one occurrence (advanced) marks it deleted; the others stay", async () => {
    sim.advanced = true;
    const start = now() + 3600;
    const id = sim.seedMeeting({ meeting_start: start, reminders: { is_repeat: 1, repeat_until: start + 2 * DAY } });
    expect(await wecom("meeting/cancel", { meetingid: id, sub_meetingid: String(start + DAY) })).toEqual({ errcode: 0, errmsg: "ok" });
    const json = await info(id);
    expect(json.sub_meetings.map((o: { status: number }) => o.status)).toEqual([0, 1, 0]);
    expect(json).toMatchObject({ status: 1, remain_sub_meetings: 2 });
    expect(sim.meeting(id)!.deleted_sub_meetingids).toEqual([String(start + DAY)]);
    expect(await errcode("meeting/cancel", { meetingid: id, sub_meetingid: String(start + DAY) })).toBe(400041);
    expect(await errcode("meeting/cancel", { meetingid: id, sub_meetingid: String(start + 1) })).toBe(730003);
  });

  it("cancelling an occurrence: 400226 without advanced, 730003 on a one-off meeting, 400224 once it started", async () => {
    const start = now() + 3600;
    const id = sim.seedMeeting({ meeting_start: start, reminders: { is_repeat: 1, repeat_until: start + DAY } });
    const first = { meetingid: id, sub_meetingid: String(start) };
    expect(await wecom("meeting/cancel", first)).toMatchObject({ errcode: 400226, errmsg: expect.stringContaining("sub_meetingid") });
    sim.advanced = true;
    const oneOff = sim.seedMeeting({ meeting_start: start });
    expect(await errcode("meeting/cancel", { meetingid: oneOff, sub_meetingid: String(start) })).toBe(730003);
    const running = sim.seedMeeting({ meeting_start: now() - 600, reminders: { is_repeat: 1 } });
    expect(await errcode("meeting/cancel", { meetingid: running, sub_meetingid: String(now() - 600) })).toBe(400224);
    expect(await errcode("meeting/cancel", { meetingid: running, sub_meetingid: String(now() - 600 + DAY) })).toBe(0);
  });

  it("cancelling the last occurrence left cancels the series", async () => {
    sim.advanced = true;
    const start = now() + 3600;
    const id = sim.seedMeeting({ meeting_start: start, reminders: { is_repeat: 1, repeat_until: start + DAY } });
    await wecom("meeting/cancel", { meetingid: id, sub_meetingid: String(start) });
    expect((await info(id)).status).toBe(1);
    await wecom("meeting/cancel", { meetingid: id, sub_meetingid: String(start + DAY) });
    expect(await info(id)).toMatchObject({ status: 4, remain_sub_meetings: 0 });
  });
});

describe("meeting/get_user_meetingid", () => {
  const list = (body: Record<string, unknown>, s = sim) => wecom("meeting/get_user_meetingid", { userid: "lisi", ...body }, s);

  it("lists this app's meetings where the user is admin, host or invitee, by start then id", async () => {
    const t = now() + 3600;
    const seeded = (extra: Parameters<WecomSimulator["seedMeeting"]>[0]) => sim.seedMeeting({ meeting_start: t, ...extra });
    const late = seeded({ meeting_start: t + 60, admin_userid: "lisi" });
    const b = seeded({ meetingid: "b", invitees: ["lisi"] });
    const a = seeded({ meetingid: "a", settings: { hosts: { userid: ["lisi"] } } });
    const cancelled = seeded({ meeting_start: t + 120, invitees: ["lisi"], cancelled: true });
    seeded({ invitees: ["wangwu"] }); // not lisi's
    seeded({ invitees: ["lisi"], app: "other" }); // another app's
    const viaCreate = await created({ meeting_start: t + 180, invitees: { userid: ["lisi"] } });
    expect(await list({})).toEqual({ errcode: 0, errmsg: "ok", next_cursor: "", meetingid_list: [a, b, late, cancelled, viaCreate] });
    expect((await info(cancelled)).status).toBe(4); // still listed, as cancelled
    expect(await list({ userid: "nobody" })).toEqual({ errcode: 0, errmsg: "ok", next_cursor: "", meetingid_list: [] });
  });

  it("pages: a cursor whenever the page is full, so a listing ending on a page boundary has an empty last page", async () => {
    const ids = [1, 2, 3, 4].map((k) => sim.seedMeeting({ meeting_start: now() + k * 3600, invitees: ["lisi"] }));
    const first = await list({ cursor: "0", limit: 2 });
    expect(first.meetingid_list).toEqual(ids.slice(0, 2));
    expect(first.next_cursor).toMatch(/.+/);
    const second = await list({ cursor: first.next_cursor, limit: 2 });
    expect(second.meetingid_list).toEqual(ids.slice(2));
    expect(second.next_cursor).toMatch(/.+/);
    expect(await list({ cursor: second.next_cursor, limit: 2 })).toEqual({ errcode: 0, errmsg: "ok", next_cursor: "", meetingid_list: [] });
    const short = await list({ cursor: first.next_cursor, limit: 3 });
    expect(short).toMatchObject({ next_cursor: "", meetingid_list: ids.slice(2) });
  });

  it("limit defaults to 100; more than 100 or 0 is 40058", async () => {
    for (let k = 0; k < 101; k++) sim.seedMeeting({ meeting_start: now() + 3600 + k, invitees: ["lisi"] });
    const page = await list({});
    expect(page.meetingid_list).toHaveLength(100);
    expect((await list({ cursor: page.next_cursor })).meetingid_list).toHaveLength(1);
    expect(await list({ limit: 101 })).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("limit") });
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", limit: 0 })).toBe(40058);
  });

  it("refuses a garbled cursor, another user's cursor, and one from before a reset (40058)", async () => {
    [1, 2].forEach((k) => sim.seedMeeting({ meeting_start: now() + k * 3600, invitees: ["lisi", "wangwu"] }));
    const { next_cursor } = await list({ limit: 1 });
    const garbled = next_cursor.slice(0, -1) + (next_cursor.endsWith("A") ? "B" : "A");
    for (const cursor of [garbled, "abc", "", "1", `${next_cursor}.x`]) {
      expect(await list({ cursor })).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("cursor") });
    }
    expect(await errcode("meeting/get_user_meetingid", { userid: "wangwu", cursor: next_cursor })).toBe(40058);
    expect((await list({ cursor: next_cursor, limit: 1 })).errcode).toBe(0);
    sim.reset();
    expect((await list({ cursor: next_cursor })).errcode).toBe(40058);
  });

  it("180 days: neither time sent lists the 180 days up to now and everything to come", async () => {
    const at = (days: number) => sim.seedMeeting({ meeting_start: now() + days * DAY, invitees: ["lisi"] });
    const old = at(-181);
    const ended = at(-179);
    const coming = at(400);
    const listed = (await list({})).meetingid_list;
    expect(listed).toEqual([ended, coming]);
    expect(listed).not.toContain(old);
  });

  it("180 days: only one end sent puts the other 180 days away; end_time bounds only meetings that started", async () => {
    const at = (days: number) => sim.seedMeeting({ meeting_start: now() + days * DAY, invitees: ["lisi"] });
    const [d250, d190, , future] = [at(-250), at(-190), at(-10), at(30)]; // the third: after either end
    expect((await list({ begin_time: now() - 200 * DAY })).meetingid_list).toEqual([d190, future]); // end: 20 days ago
    expect((await list({ end_time: now() - 100 * DAY })).meetingid_list).toEqual([d250, d190, future]); // begin: 280 days ago
    expect((await list({ begin_time: now() - 20 * DAY, end_time: now() - 15 * DAY })).meetingid_list).toEqual([future]);
    expect((await list({ begin_time: now() + 60 * DAY })).meetingid_list).toEqual([]);
  });

  it("180 days: a longer span or a begin after the end is 40058", async () => {
    const end = now();
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", begin_time: end - 180 * DAY, end_time: end })).toBe(0);
    const long = await list({ begin_time: end - 180 * DAY - 1, end_time: end });
    expect(long).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("180 days") });
    expect(await list({ begin_time: end, end_time: end - 1 })).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("begin_time") });
  });

  it("checks its body: userid required, times are unsigned integers; an unknown user is 60111", async () => {
    expect(await errcode("meeting/get_user_meetingid", {})).toBe(40058);
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", begin_time: -1 })).toBe(40058);
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", end_time: "1700000000" })).toBe(40058);
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", cursor: 0 })).toBe(40058);
    expect(await errcode("meeting/get_user_meetingid", { userid: "lisi", offset: 1 })).toBe(40058);
    sim.unknownUsers.add("ghost");
    expect(await wecom("meeting/get_user_meetingid", { userid: "ghost" })).toMatchObject({ errcode: 60111 });
  });
});

describe("meeting/update", () => {
  const update = (meetingid: string, body: Record<string, unknown> = {}) => wecom("meeting/update", { meetingid, ...body });

  it("changes the fields sent and keeps the others; invitees and nested lists are replaced", async () => {
    const id = await created({
      description: "keep me", invitees: { userid: ["lisi", "wangwu"] },
      settings: { remind_scope: 3, password: "1234", hosts: { userid: ["lisi", "wangwu"] } },
    });
    const start = now() + 7200;
    expect(await update(id, {
      title: "Moved", meeting_start: start, meeting_duration: 2700, invitees: { userid: ["zhaomin"] },
      settings: { hosts: { userid: ["zhaomin"] }, enable_waiting_room: true },
    })).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.meeting(id)).toMatchObject({
      title: "Moved", meeting_start: start, meeting_duration: 2700, description: "keep me", invitees: ["zhaomin"],
      settings: { remind_scope: 3, password: "1234", hosts: { userid: ["zhaomin"] }, enable_waiting_room: true },
    });
    const json = await info(id);
    expect(json.attendees.member.map((m: { userid: string }) => m.userid)).toEqual(["zhaomin"]);
    expect(json.settings).toMatchObject({ remind_scope: 3, password: "1234", enable_waiting_room: true, hosts: { userid: ["zhaomin"] } });
    expect(await update(id)).toEqual({ errcode: 0, errmsg: "ok" }); // nothing to change
  });

  it("answers excess_users when an invitee is in excessUsers", async () => {
    const id = await created();
    sim.excessUsers = ["zhaomin"];
    expect(await update(id, { invitees: { userid: ["lisi", "zhaomin"] } })).toEqual({ errcode: 0, errmsg: "ok", excess_users: ["zhaomin"] });
  });

  it("refuses by the meeting's state: 90602 unknown, 730005 another app's, 400041 cancelled, 400221 started or ended", async () => {
    expect(await update("nope", { title: "x" })).toMatchObject({ errcode: 90602 });
    expect(await update(sim.seedMeeting({ app: "other" }))).toMatchObject({ errcode: 730005 });
    expect(await update(sim.seedMeeting({ cancelled: true }))).toMatchObject({ errcode: 400041 });
    expect(await update(sim.seedMeeting({ meeting_start: now() - 60, meeting_duration: 3600 }))).toMatchObject({ errcode: 400221 });
    expect(await update(sim.seedMeeting({ meeting_start: now() - 7200, meeting_duration: 3600 }))).toMatchObject({ errcode: 400221 });
  });

  const users = (n: number) => ({ userid: Array.from({ length: n }, (_, i) => `u${i}`) });
  it.each([
    ["meeting_start without meeting_duration", { meeting_start: now() + 7200 }, 40058, "meeting_duration"],
    ["meeting_duration without meeting_start", { meeting_duration: 1800 }, 40058, "meeting_start"],
    ["a start not later than now", { meeting_start: now(), meeting_duration: 1800 }, 400222, "meeting_start"],
    ["a duration of 299", { meeting_start: now() + 7200, meeting_duration: 299 }, 400035, "meeting_duration"],
    ["a duration of 86400", { meeting_start: now() + 7200, meeting_duration: 86400 }, 400035, "meeting_duration"],
    ["a title of 41 bytes", { title: "会".repeat(20) + "x" }, 400042, "title"],
    ["a blank title", { title: " " }, 400042, "title"],
    ["301 invitees", { invitees: users(301) }, 400020, "invitees"],
    ["11 hosts", { settings: { hosts: users(11) } }, 400027, "settings.hosts"],
    ["a bad password", { settings: { password: "12" } }, 40058, "settings.password"],
    ["admin_userid (update has none)", { admin_userid: "lisi" }, 40058, "admin_userid"],
    ["a title of the wrong type", { title: 1 }, 40058, "title"],
    ["a null", { location: null }, 40058, "invalid null: location"],
    ["repeat_interval on the meeting's daily repeat", { reminders: { repeat_interval: 1 } }, 40058, "reminders.repeat_interval"],
  ])("refuses %s", async (_what, body, code, text) => {
    const id = sim.seedMeeting({ reminders: { is_repeat: 1, repeat_type: 0 } });
    const before = sim.meeting(id);
    const json = await update(id, body);
    expect(json.errcode).toBe(code);
    expect(json.errmsg).toContain(text);
    expect(sim.meeting(id)).toEqual(before);
  });

  it("400020 follows inviteeLimit; 400021 names an unknown user; a missing meetingid is 40058", async () => {
    const id = await created();
    sim.inviteeLimit = 1;
    expect((await update(id, { invitees: users(2) })).errcode).toBe(400020);
    sim.unknownUsers.add("ghost");
    expect(await update(id, { settings: { ring_users: { userid: ["ghost"] } } })).toMatchObject({
      errcode: 400021, errmsg: expect.stringContaining("ghost"),
    });
    expect(await wecom("meeting/update", { title: "x" })).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("meetingid") });
  });

  it("a new schedule for a repeating meeting gives new occurrences", async () => {
    sim.advanced = true;
    const start = now() + 3600;
    const id = await created({ meeting_start: start, reminders: { is_repeat: 1, repeat_until: start + DAY } });
    await wecom("meeting/cancel", { meetingid: id, sub_meetingid: String(start + DAY) });
    expect(await update(id, { reminders: { repeat_until: start + 2 * DAY } })).toMatchObject({ errcode: 0 });
    const json = await info(id);
    expect(json.sub_meetings.map((o: { status: number }) => o.status)).toEqual([0, 0, 0]);
    expect(json.reminders).toEqual({ is_repeat: 1, repeat_type: 0, repeat_until: start + 2 * DAY });
  });
});

describe("meeting/cancel", () => {
  it("cancels the whole meeting: status 4, still listed", async () => {
    const id = await created({ invitees: { userid: ["lisi"] } });
    expect(await wecom("meeting/cancel", { meetingid: id })).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.meeting(id)).toMatchObject({ status: 4, cancelled: true });
    expect((await info(id)).status).toBe(4);
    expect((await wecom("meeting/get_user_meetingid", { userid: "lisi" })).meetingid_list).toEqual([id]);
    expect(await wecom("meeting/cancel", { meetingid: id })).toEqual({ errcode: 400041, errmsg: "meeting has been cancelled" });
  });

  it("refuses 90602 unknown, 730005 another app's, 400224 in progress or ended, 40058 a bad body", async () => {
    expect(await errcode("meeting/cancel", { meetingid: "nope" })).toBe(90602);
    expect(await errcode("meeting/cancel", { meetingid: sim.seedMeeting({ app: "other" }) })).toBe(730005);
    const running = sim.seedMeeting({ meeting_start: now() - 60 });
    expect(await wecom("meeting/cancel", { meetingid: running })).toEqual({
      errcode: 400224, errmsg: "meeting in progress or ended cannot be cancelled",
    });
    expect(await errcode("meeting/cancel", { meetingid: sim.seedMeeting({ meeting_start: now() - 7200, meeting_duration: 3600 }) })).toBe(400224);
    expect(sim.meeting(running)!.cancelled).toBe(false);
    expect(await errcode("meeting/cancel", {})).toBe(40058);
    expect(await errcode("meeting/cancel", { meetingid: running, sub_meetingid: 1 })).toBe(40058);
  });
});

describe("meeting/get_invitees and meeting/set_invitees (advanced)", () => {
  const invitees = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const getInvitees = (meetingid: string, cursor?: string) =>
    wecom("meeting/get_invitees", cursor === undefined ? { meetingid } : { meetingid, cursor });
  const setInvitees = (meetingid: string, userids: string[]) =>
    wecom("meeting/set_invitees", { meetingid, invitees: userids.map((userid) => ({ userid })) });

  it("both answer 400226 when the corp lacks the advanced feature", async () => {
    const id = await created({ invitees: { userid: ["lisi"] } });
    expect(await getInvitees(id)).toMatchObject({ errcode: 400226, errmsg: expect.stringContaining("meeting/get_invitees") });
    expect(await setInvitees(id, ["zhangsan"])).toMatchObject({ errcode: 400226 });
    expect(sim.meeting(id)!.invitees).toEqual(["lisi"]);
  });

  it("get_invitees pages by inviteesPageSize with has_more and next_cursor", async () => {
    sim.advanced = true;
    sim.inviteesPageSize = 2;
    const id = sim.seedMeeting({ invitees: invitees(5) });
    const one = await getInvitees(id, "");
    expect(one).toMatchObject({ errcode: 0, has_more: true, invitees: [{ userid: "u0" }, { userid: "u1" }] });
    const two = await getInvitees(id, one.next_cursor);
    expect(two).toMatchObject({ has_more: true, invitees: [{ userid: "u2" }, { userid: "u3" }] });
    expect(await getInvitees(id, two.next_cursor)).toEqual({
      errcode: 0, errmsg: "ok", has_more: false, next_cursor: "", invitees: [{ userid: "u4" }],
    });
    sim.inviteesPageSize = 100;
    expect(await getInvitees(id)).toMatchObject({ has_more: false, next_cursor: "", invitees: invitees(5).map((userid) => ({ userid })) });
  });

  it("get_invitees: 90602, 730005, and 40058 for a garbled cursor or another meeting's", async () => {
    sim.advanced = true;
    sim.inviteesPageSize = 1;
    const a = sim.seedMeeting({ invitees: invitees(3) });
    const b = sim.seedMeeting({ invitees: invitees(3) });
    expect(await errcode("meeting/get_invitees", { meetingid: "nope" })).toBe(90602);
    expect(await errcode("meeting/get_invitees", { meetingid: sim.seedMeeting({ app: "other" }) })).toBe(730005);
    const { next_cursor } = await getInvitees(a);
    expect(await getInvitees(b, next_cursor)).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("cursor") });
    expect((await getInvitees(a, "0")).errcode).toBe(40058);
    expect((await getInvitees(a, next_cursor)).invitees).toEqual([{ userid: "u1" }]);
  });

  it("set_invitees replaces the list", async () => {
    sim.advanced = true;
    const id = await created({ invitees: { userid: ["lisi", "wangwu"] } });
    expect(await setInvitees(id, ["zhangsan", "zhaomin", "zhaomin"])).toEqual({ errcode: 0, errmsg: "ok" });
    expect(sim.meeting(id)!.invitees).toEqual(["zhangsan", "zhaomin"]);
    expect((await getInvitees(id)).invitees).toEqual([{ userid: "zhangsan" }, { userid: "zhaomin" }]);
    const many = ["zhangsan", ...invitees(1999)];
    expect(await setInvitees(id, many)).toMatchObject({ errcode: 0 });
    expect(sim.meeting(id)!.invitees).toHaveLength(2000);
  });

  it("set_invitees refuses: 400020 over 2000, 730009 without the admin, 400021, 400041, 400221, 90602, 730005", async () => {
    sim.advanced = true;
    const id = sim.seedMeeting({ admin_userid: "zhangsan", invitees: ["lisi"] });
    expect(await setInvitees(id, ["zhangsan", ...invitees(2000)])).toMatchObject({ errcode: 400020 });
    expect(await setInvitees(id, ["lisi"])).toEqual({ errcode: 730009, errmsg: "invitees must include the meeting admin: zhangsan" });
    sim.unknownUsers.add("ghost");
    expect(await setInvitees(id, ["zhangsan", "ghost"])).toMatchObject({ errcode: 400021, errmsg: expect.stringContaining("invitees[1]") });
    expect(await setInvitees(sim.seedMeeting({ cancelled: true }), ["zhangsan"])).toMatchObject({ errcode: 400041 });
    expect(await setInvitees(sim.seedMeeting({ meeting_start: now() - 60 }), ["zhangsan"])).toMatchObject({ errcode: 400221 });
    expect(await setInvitees("nope", ["zhangsan"])).toMatchObject({ errcode: 90602 });
    expect(await setInvitees(sim.seedMeeting({ app: "other" }), ["zhangsan"])).toMatchObject({ errcode: 730005 });
    expect(sim.meeting(id)!.invitees).toEqual(["lisi"]);
  });

  it.each([
    ["no invitees", { meetingid: "x" }, "invitees"],
    ["create's shape", { meetingid: "x", invitees: { userid: ["zhangsan"] } }, "invitees"],
    ["a bare userid", { meetingid: "x", invitees: ["zhangsan"] }, "invitees[0]"],
    ["an extra key", { meetingid: "x", invitees: [{ userid: "zhangsan", name: "Z" }] }, "invitees[0].name"],
    ["a numeric userid", { meetingid: "x", invitees: [{ userid: 7 }] }, "invitees[0].userid"],
    ["an empty userid", { meetingid: "x", invitees: [{ userid: "" }] }, "invitees[0].userid"],
  ])("set_invitees answers 40058 to %s", async (_what, body, text) => {
    sim.advanced = true;
    const json = await wecom("meeting/set_invitees", body);
    expect(json.errcode).toBe(40058);
    expect(json.errmsg).toContain(text);
  });
});

describe("sign-in: auth/getuserinfo and the authorize page", () => {
  async function userInfo(code: string | undefined, s = sim) {
    const q = code === undefined ? "" : `&code=${encodeURIComponent(code)}`;
    return (await call(s, `/cgi-bin/auth/getuserinfo?access_token=${await tokenFor(s)}${q}`)).json;
  }

  it("a member's code answers userid and user_ticket, once", async () => {
    const code = sim.oauthCode("lisi");
    expect(await userInfo(code)).toEqual({ errcode: 0, errmsg: "ok", userid: "lisi", user_ticket: expect.stringMatching(/.+/) });
    expect(await userInfo(code)).toEqual({ errcode: 40029, errmsg: "invalid code" });
    expect(await userInfo(sim.oauthCode("lisi", { scope: "snsapi_base" }))).toEqual({ errcode: 0, errmsg: "ok", userid: "lisi" });
  });

  it("legacyUserIdKey spells it UserId", async () => {
    sim.legacyUserIdKey = true;
    expect(await userInfo(sim.oauthCode("lisi"))).toEqual({ errcode: 0, errmsg: "ok", UserId: "lisi", user_ticket: expect.any(String) });
  });

  it("a non-member's code answers openid, and external_userid for a customer", async () => {
    expect(await userInfo(sim.oauthCodeForNonMember("oAbC123"))).toEqual({ errcode: 0, errmsg: "ok", openid: "oAbC123" });
    const customer = sim.oauthCodeForNonMember("oAbC123", { externalUserid: "wmXyZ456" });
    expect(await userInfo(customer)).toEqual({ errcode: 0, errmsg: "ok", openid: "oAbC123", external_userid: "wmXyZ456" });
  });

  it("an unknown code is 40029, a missing one 41008; the token is checked first and POST is 43001", async () => {
    expect(await userInfo("made-up")).toEqual({ errcode: 40029, errmsg: "invalid code" });
    expect(await userInfo(undefined)).toMatchObject({ errcode: 41008 });
    const code = sim.oauthCode("lisi");
    expect((await call(sim, `/cgi-bin/auth/getuserinfo?code=${code}`)).json.errcode).toBe(41001);
    expect((await call(sim, `/cgi-bin/auth/getuserinfo?access_token=nope&code=${code}`)).json.errcode).toBe(40014);
    expect((await call(sim, `/cgi-bin/auth/getuserinfo?access_token=${await tokenFor()}&code=${code}`, { method: "POST" })).json.errcode).toBe(43001);
    expect((await userInfo(code)).userid).toBe("lisi"); // none of those used it up
  });

  it("a code expires 5 minutes after it was issued", async () => {
    await withClock(async (s, advance) => {
      const early = s.oauthCode("lisi");
      const late = s.oauthCode("wangwu");
      advance(299);
      expect((await userInfo(early, s)).userid).toBe("lisi");
      advance(1);
      expect(await userInfo(late, s)).toEqual({ errcode: 40029, errmsg: "invalid code" });
    });
  });

  it("the authorize page redirects to redirect_uri with code and state appended", async () => {
    const redirect = encodeURIComponent("https://app.example/signed-in?from=wecom#top");
    const res = await fetch(`${sim.url}/connect/oauth2/authorize?appid=${sim.corpId}&userid=lisi&redirect_uri=${redirect}&state=s%201`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}${location.hash}`).toBe("https://app.example/signed-in#top");
    expect(location.searchParams.get("from")).toBe("wecom");
    expect(location.searchParams.get("state")).toBe("s 1");
    expect((await userInfo(location.searchParams.get("code")!)).userid).toBe("lisi");
  });

  it("the authorize page without redirect_uri answers the code as JSON; it checks its parameters", async () => {
    const { json } = await call(sim, "/connect/oauth2/authorize?userid=lisi");
    expect(json).toEqual({ errcode: 0, errmsg: "ok", code: expect.any(String), userid: "lisi", expires_in: 300 });
    expect((await userInfo(json.code)).userid).toBe("lisi");
    const outsider = (await call(sim, "/connect/oauth2/authorize?openid=oX&external_userid=wmY")).json;
    expect(outsider).toMatchObject({ openid: "oX", expires_in: 300 });
    expect(await userInfo(outsider.code)).toMatchObject({ openid: "oX", external_userid: "wmY" });
    expect((await call(sim, "/connect/oauth2/authorize")).json).toMatchObject({ errcode: 40058, errmsg: expect.stringContaining("userid") });
    expect((await call(sim, "/connect/oauth2/authorize?userid=lisi&redirect_uri=not-a-url")).json.errcode).toBe(40058);
    expect((await call(sim, "/connect/oauth2/authorize?userid=lisi&scope=snsapi_userinfo")).json.errcode).toBe(40058);
    expect((await call(sim, "/connect/oauth2/authorize?userid=lisi&appid=ww-other")).json.errcode).toBe(40013);
  });
});

describe("switches on every endpoint", () => {
  it("endpoint() hands out one object per endpoint and refuses unknown names; calls() counts per endpoint", async () => {
    expect(sim.endpoint("meeting/get_info")).toBe(sim.endpoint("meeting/get_info"));
    expect(() => sim.endpoint("meeting/nope" as never)).toThrow(/no such simulated endpoint/);
    const id = await created();
    await info(id);
    await info(id);
    expect(sim.calls("meeting/get_info").map((r) => r.body)).toEqual([{ meetingid: id }, { meetingid: id }]);
    expect(sim.calls("meeting/create")).toHaveLength(1);
    expect(sim.calls("gettoken")).toHaveLength(1);
    expect(sim.calls("meeting/cancel")).toEqual([]);
  });

  it("delayMs: the update is applied on arrival and answered later", async () => {
    const id = await created();
    sim.endpoint("meeting/update").delayMs = 300;
    const began = Date.now();
    const pending = wecom("meeting/update", { meetingid: id, title: "Delayed" });
    await until(() => sim.meeting(id)!.title === "Delayed");
    expect(Date.now() - began).toBeLessThan(250);
    expect((await pending).errcode).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
  });

  it("hang: the cancel is applied on arrival, its answer held until hang is switched off", async () => {
    const id = await created();
    const cancel = sim.endpoint("meeting/cancel");
    cancel.hang = true;
    let answered = false;
    const pending = wecom("meeting/cancel", { meetingid: id }).then((json) => ((answered = true), json));
    await until(() => sim.meeting(id)!.status === 4);
    await sleep(100);
    expect(answered).toBe(false);
    expect(sim.endpoint("meeting/get_info").hang).toBe(false); // only that endpoint hangs
    expect((await info(id)).status).toBe(4);
    cancel.hang = false;
    expect(await pending).toEqual({ errcode: 0, errmsg: "ok" });
  });

  it("failNext: queued answers apply nothing, then it works again", async () => {
    const id = await created();
    sim.endpoint("meeting/cancel").failNext({ errcode: -1 }, { errcode: 45033, errmsg: "api concurrent out of limit" });
    expect(await wecom("meeting/cancel", { meetingid: id })).toEqual({ errcode: -1, errmsg: "system busy" });
    expect(await wecom("meeting/cancel", { meetingid: id })).toEqual({ errcode: 45033, errmsg: "api concurrent out of limit" });
    expect(sim.meeting(id)!.cancelled).toBe(false);
    expect(await errcode("meeting/cancel", { meetingid: id })).toBe(0);
  });

  it("failNext on auth/getuserinfo leaves the code unused", async () => {
    const code = sim.oauthCode("lisi");
    const t = await tokenFor();
    sim.endpoint("auth/getuserinfo").failNext({ errcode: -1 });
    const get = () => call(sim, `/cgi-bin/auth/getuserinfo?access_token=${t}&code=${code}`);
    expect((await get()).json.errcode).toBe(-1);
    expect((await get()).json.userid).toBe("lisi");
  });

  it("dropNext: the connection is reset before anything is applied", async () => {
    const id = await created();
    sim.endpoint("meeting/update").dropNext(2);
    for (let i = 0; i < 2; i++) await expect(wecom("meeting/update", { meetingid: id, title: "Dropped" })).rejects.toThrow();
    expect(sim.meeting(id)!.title).toBe("Weekly sync");
    expect(sim.calls("meeting/update")).toHaveLength(2); // received, then dropped
    expect(await errcode("meeting/update", { meetingid: id, title: "Kept" })).toBe(0);
    expect(sim.meeting(id)!.title).toBe("Kept");
  });

  it("failNextHttp: a proxy's HTML error page, with the request applied or not", async () => {
    const id = await created();
    const path = `/cgi-bin/meeting/cancel?access_token=${await tokenFor()}`;
    const cancel = () => fetch(sim.url + path, { method: "POST", body: JSON.stringify({ meetingid: id }) });
    sim.endpoint("meeting/cancel").failNextHttp(502, { applied: false });
    sim.endpoint("meeting/cancel").failNextHttp(504, { applied: true });
    const bad = await cancel();
    expect(bad.status).toBe(502);
    expect(bad.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await bad.text()).toContain("502 Bad Gateway");
    expect(sim.meeting(id)!.cancelled).toBe(false);
    const lost = await cancel();
    expect(lost.status).toBe(504);
    expect(await lost.text()).toContain("504 Gateway Timeout");
    expect(sim.meeting(id)!.cancelled).toBe(true);
    expect((await (await cancel()).json()).errcode).toBe(400041);
    expect(() => sim.endpoint("meeting/cancel").failNextHttp(99)).toThrow(RangeError);
  });

  it("quotaPerMinute: calls past it within a rolling minute answer 45009 and apply nothing", async () => {
    await withClock(async (s, advance) => {
      const [a, b, c] = [1, 2, 3].map(() => s.seedMeeting());
      const cancel = (meetingid: string) => errcode("meeting/cancel", { meetingid }, s);
      s.endpoint("meeting/cancel").quotaPerMinute = 2;
      expect(await cancel(a)).toBe(0);
      advance(30);
      expect(await cancel(b)).toBe(0);
      expect(await wecom("meeting/cancel", { meetingid: c }, s)).toEqual({ errcode: 45009, errmsg: "api freq out of limit" });
      expect(s.meeting(c)!.cancelled).toBe(false);
      expect(await errcode("meeting/get_info", { meetingid: c }, s)).toBe(0); // another endpoint, another quota
      advance(30); // a's call is now a minute old
      expect(await cancel(c)).toBe(0);
      expect(await errcode("meeting/cancel", { meetingid: a }, s)).toBe(45009);
    });
  });

  it("gettoken has the same switches", async () => {
    const gettoken = sim.endpoint("gettoken");
    gettoken.quotaPerMinute = 1;
    expect((await getToken()).json.errcode).toBe(0);
    expect((await getToken()).json.errcode).toBe(45009);
    gettoken.quotaPerMinute = undefined;
    gettoken.dropNext(1);
    await expect(getToken()).rejects.toThrow();
    expect((await getToken()).json.errcode).toBe(0);
  });
});

describe("reset()", () => {
  it("restores every switch, clears counters, queues, meetings and codes; tokens stay valid", async () => {
    const id = await created();
    const code = sim.oauthCode("lisi");
    Object.assign(sim, {
      advanced: true, inviteeLimit: 1, inviteesPageSize: 1, duplicateCheck: true, legacyUserIdKey: true,
      excessUsers: ["lisi"], tokenTtlSeconds: 5,
    });
    sim.unknownUsers.add("lisi");
    const e = sim.endpoint("meeting/get_info");
    Object.assign(e, { delayMs: 5000, quotaPerMinute: 0 });
    e.failNext({ errcode: -1 });
    e.dropNext(3);
    e.failNextHttp(502);
    sim.endpoint("meeting/cancel").hang = true;
    const held = wecom("meeting/cancel", { meetingid: id });
    await until(() => sim.calls("meeting/cancel").length === 1);

    sim.reset();
    expect(await held).toEqual({ errcode: 0, errmsg: "ok" }); // released
    expect([sim.advanced, sim.inviteeLimit, sim.inviteesPageSize, sim.duplicateCheck, sim.legacyUserIdKey]).toEqual([false, 300, 100, false, false]);
    expect([sim.excessUsers, sim.unknownUsers.size, sim.tokenTtlSeconds]).toEqual([[], 0, 7200]);
    expect([e.delayMs, e.hang, e.quotaPerMinute, sim.endpoint("meeting/cancel").hang]).toEqual([0, false, undefined, false]);
    expect([sim.requests.length, sim.connections, sim.meetings().length, sim.meeting(id)]).toEqual([0, 0, 0, undefined]);
    const began = Date.now();
    expect(await info(id)).toEqual({ errcode: 90602, errmsg: "invalid meeting id" }); // no drop, error page, delay or quota
    expect(Date.now() - began).toBeLessThan(1000);
    const { json } = await call(sim, `/cgi-bin/auth/getuserinfo?access_token=${await tokenFor()}&code=${code}`);
    expect(json.errcode).toBe(40029);
  });
});
