/**
 * The WeCom simulator over real HTTP (Node's fetch), as the gateway and the end-to-end tests
 * see it: tokens, the meeting/create rules of create-meeting.md, the switches and counters.
 */
import * as http from "node:http";
import { WecomSimulator } from "../src/wecom/simulator";

let sim: WecomSimulator;

beforeAll(async () => {
  sim = await WecomSimulator.start();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

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

/** A valid body; tests override parts of it. */
function meeting(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    admin_userid: "zhangsan",
    title: "Weekly sync",
    meeting_start: Math.floor(Date.now() / 1000) + 3600,
    meeting_duration: 3600,
    ...extra,
  };
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
