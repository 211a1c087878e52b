// The shared meeting cache (CONTRACT §11), over real HTTP: two production instances sharing one
// real redis-server, in front of the stateful simulator. What one instance reads the other serves;
// what the gateway changes every instance shows at once; what WeCom changes on its own shows
// within the stale bounds (3 s near, 8 s far here, so the file stays quick).
import { setTimeout as sleep } from "node:timers/promises";
import { useInstancesSharingRedis } from "../support/fixture";
import type { GatewayProcess } from "../support/gateway";
import { bookMeeting, codeOf, gql } from "../support/helpers";
import { tomorrow, unix } from "../support/inputs";

const KEY = "cache-test-key-0123456789";
const NEAR_S = 3;
const FAR_S = 8;
const { sim, redis, a, b } = useInstancesSharingRedis({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_SESSION_SECRET: "meeting-cache-session-secret-0123456789",
  GATEWAY_CACHE_MAX_STALE_SECONDS: String(NEAR_S),
  GATEWAY_CACHE_MAX_STALE_FAR_SECONDS: String(FAR_S),
});
const service = { authorization: `Bearer ${KEY}` };

// Kept entries outlive sim.reset(): each test uses users of its own, so listings never mix.
let run = 0;
beforeEach(() => void run++);
const user = (name: string) => `${name}${run}`;

const READ = "query($id: ID!) { meeting(id: $id) { title status meetingStart invitees fetchedAt } }";
const read = async (gateway: GatewayProcess, id: string, headers: Record<string, string> = service) => {
  const answer = await gql(gateway, READ, { id }, headers);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.meeting;
};
const LIST = "query($userId: String, $from: DateTimeISO, $to: DateTimeISO) { meetings(userId: $userId, from: $from, to: $to, first: 50) { edges { node { id title status } } } }";
const list = async (gateway: GatewayProcess, userId: string, span: { from?: string; to?: string } = {}) => {
  const answer = await gql(gateway, LIST, { userId, ...span }, service);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.meetings.edges.map((e: any) => e.node) as Array<{ id: string; title: string; status: string }>;
};
const idsOf = async (gateway: GatewayProcess, userId: string, span?: { from?: string; to?: string }) => (await list(gateway, userId, span)).map((m) => m.id);
const calls = (endpoint: string) => sim.calls(endpoint).length;
const book = (gateway: GatewayProcess, input: Record<string, unknown>) => bookMeeting(gateway, input, service);
const inAnHalfHour = () => Math.floor(Date.now() / 1000) + 1800;

/** Reads until `shows` holds (or `withinMs` passes); how long it took. */
async function timeUntil(shows: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await shows()) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`not visible within ${withinMs} ms`);
}

describe("what one read keeps", () => {
  test("a meeting read twice is read from WeCom once, and the other instance reads what was kept", async () => {
    sim.advanced = true; // get_invitees answers (without it, each instance learns once that it does not)
    const id = await book(a, { adminUserId: user("ada") });
    const first = await read(a, id);
    expect(await read(a, id)).toEqual(first);
    expect(calls("meeting/get_info")).toBe(1);
    expect(await read(b, id)).toEqual(first);
    expect(calls("meeting/get_info")).toBe(1);
    expect(calls("meeting/get_invitees")).toBe(1);
    expect(Date.parse(first.fetchedAt)).toBeLessThanOrEqual(Date.now());
  });

  test("a listing and its meetings are read once for both instances", async () => {
    const owner = user("lin");
    for (let i = 0; i < 3; i++) await book(a, { adminUserId: owner, meetingStart: tomorrow(i * 3600).toISOString() });
    const seen = await list(a, owner);
    expect(seen).toHaveLength(3);
    expect(await list(b, owner)).toEqual(seen);
    expect(await list(a, owner)).toEqual(seen);
    expect(calls("meeting/get_user_meetingid")).toBe(1);
    expect(calls("meeting/get_info")).toBe(3);
  });

  test("30 concurrent reads of one meeting, spread over both instances, send one get_info", async () => {
    const id = sim.seedMeeting({ admin_userid: user("cai"), meeting_start: inAnHalfHour() });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => gql(i % 2 ? a : b, "query($id: ID!) { meeting(id: $id) { title } }", { id }, service)));
    expect(answers.map((r) => r.body.data?.meeting?.title)).toEqual(Array(30).fill("Seeded meeting"));
    expect(calls("meeting/get_info")).toBe(1);
  });
});

describe("listings by status", () => {
  const BY_STATUS = "query($u: String, $s: [MeetingStatus!]) { meetings(userId: $u, first: 20, status: $s) { edges { node { id } } } }";
  const byStatus = async (gateway: GatewayProcess, userId: string, status?: string[]) => {
    const answer = await gql(gateway, BY_STATUS, { u: userId, s: status }, service);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data.meetings.edges.map((e: any) => e.node.id) as string[];
  };

  test("each filter is a page of its own in the cache, and a cancel through one instance leaves the other's upcoming list at once", async () => {
    const owner = user("fei");
    const start = inAnHalfHour();
    const upcoming = [0, 1, 2].map((i) => sim.seedMeeting({ admin_userid: owner, meeting_start: start + i * 600 }));
    const cancelled = sim.seedMeeting({ admin_userid: owner, meeting_start: start + 3 * 600, cancelled: true });

    expect(await byStatus(a, owner, ["UPCOMING"])).toEqual(upcoming);
    expect(await byStatus(b, owner, ["CANCELLED"])).toEqual([cancelled]);
    expect(await byStatus(a, owner)).toEqual([...upcoming, cancelled]);

    const answer = await gql(a, "mutation($id: ID!) { cancelMeeting(id: $id) { status } }", { id: upcoming[0] }, service);
    expect(answer.body.data.cancelMeeting.status).toBe("CANCELLED");
    expect(await byStatus(b, owner, ["UPCOMING"])).toEqual(upcoming.slice(1));
  });
});

describe("a change through the gateway shows at once on every instance", () => {
  test("updateMeeting: the meeting read on the other instance", async () => {
    const id = await book(a, { adminUserId: user("dai") });
    await read(b, id);
    expect((await gql(a, 'mutation($id: ID!) { updateMeeting(id: $id, input: { title: "Moved on" }) { id } }', { id }, service)).body.errors).toBeUndefined();
    expect((await read(b, id)).title).toBe("Moved on");
  });

  test("createMeeting: the listings of its admin and of its invitees", async () => {
    const [admin, invitee] = [user("eve"), user("fan")];
    await book(a, { adminUserId: admin });
    expect(await idsOf(b, admin)).toHaveLength(1);
    expect(await idsOf(b, invitee)).toHaveLength(0);
    const id = await book(a, { adminUserId: admin, invitees: [invitee], meetingStart: tomorrow(7200).toISOString() });
    expect(await idsOf(b, admin)).toContain(id);
    expect(await idsOf(b, invitee)).toEqual([id]);
  });

  test("updateMeeting's new time: out of the listings of its admin and invitees that no longer span it", async () => {
    const [admin, invitee] = [user("gao"), user("han")];
    const start = tomorrow();
    const id = await book(a, { adminUserId: admin, invitees: [invitee], meetingStart: start.toISOString() });
    // Moved to before `from` (still upcoming), it leaves this span's listings.
    const later = { from: new Date(start.getTime() - 3_600_000).toISOString(), to: new Date(start.getTime() + 3_600_000).toISOString() };
    expect(await idsOf(b, admin, later)).toEqual([id]);
    expect(await idsOf(b, invitee, later)).toEqual([id]);
    const moved = await gql(a, "mutation($id: ID!, $at: DateTimeISO!) { updateMeeting(id: $id, input: { meetingStart: $at }) { meetingStart } }", { id, at: new Date(start.getTime() - 2 * 3_600_000).toISOString() }, service);
    expect(moved.body.errors).toBeUndefined();
    expect(await idsOf(b, admin, later)).toEqual([]);
    expect(await idsOf(b, invitee, later)).toEqual([]);
  });

  test("updateMeeting's invitees: out of the listing of one invited before, into that of one invited after", async () => {
    const [admin, before, after] = [user("hu"), user("jia"), user("kong")];
    const id = await book(a, { adminUserId: admin, invitees: [before] });
    expect(await idsOf(b, before)).toEqual([id]);
    expect(await idsOf(b, after)).toEqual([]);
    await read(b, id);
    const changed = await gql(a, "mutation($id: ID!, $who: [String!]!) { updateMeeting(id: $id, input: { invitees: $who }) { id } }", { id, who: [after] }, service);
    expect(changed.body.errors).toBeUndefined();
    expect(await idsOf(b, before)).toEqual([]);
    expect(await idsOf(b, after)).toEqual([id]);
    expect((await read(b, id)).invitees).toEqual([after]);
  });

  test("setMeetingInvitees: the listings of those invited before and after, and the invitees read", async () => {
    sim.advanced = true;
    const [admin, before, after] = [user("li"), user("ma"), user("niu")];
    const id = await book(a, { adminUserId: admin, invitees: [before] });
    expect((await read(b, id)).invitees).toEqual([before]);
    expect(await idsOf(b, before)).toEqual([id]);
    expect(await idsOf(b, after)).toEqual([]);
    const set = await gql(a, "mutation($id: ID!, $who: [String!]!) { setMeetingInvitees(id: $id, invitees: $who) { id } }", { id, who: [after] }, service);
    expect(set.body.errors).toBeUndefined();
    expect((await read(b, id)).invitees.sort()).toEqual([admin, after].sort());
    expect(await idsOf(b, before)).toEqual([]);
    expect(await idsOf(b, after)).toEqual([id]);
  });

  test("cancelMeeting: CANCELLED in the meeting and in every listing, on the other instance", async () => {
    const [admin, invitee] = [user("ou"), user("pan")];
    const id = await book(a, { adminUserId: admin, invitees: [invitee] });
    expect((await read(b, id)).status).toBe("UPCOMING");
    expect((await list(b, invitee)).map((m) => m.status)).toEqual(["UPCOMING"]);
    expect((await gql(a, "mutation($id: ID!) { cancelMeeting(id: $id) { status } }", { id }, service)).body.errors).toBeUndefined();
    expect((await read(b, id)).status).toBe("CANCELLED");
    expect((await list(b, invitee)).map((m) => m.status)).toEqual(["CANCELLED"]);
    expect((await list(b, admin)).map((m) => m.status)).toEqual(["CANCELLED"]);
  });
});

describe("a change made elsewhere", () => {
  test("of a meeting starting within the hour shows after the near bound, not before, and not never", async () => {
    const id = sim.seedMeeting({ admin_userid: user("qin"), meeting_start: inAnHalfHour() });
    await read(a, id);
    sim.alterMeeting(id, { title: "Changed in WeCom" });
    expect((await read(b, id)).title).toBe("Seeded meeting"); // kept
    const took = await timeUntil(async () => (await read(b, id)).title === "Changed in WeCom", (NEAR_S + 2) * 1000);
    expect(took).toBeLessThanOrEqual((NEAR_S + 2) * 1000);
  });

  test("of a meeting further ahead is kept for the far bound, then shows", async () => {
    const id = await book(a, { adminUserId: user("ren") });
    await read(a, id);
    sim.alterMeeting(id, { title: "Changed in WeCom" });
    await sleep((NEAR_S + 1) * 1000);
    expect((await read(b, id)).title).toBe("Weekly sync"); // past the near bound, within the far one
    await timeUntil(async () => (await read(b, id)).title === "Changed in WeCom", FAR_S * 1000);
  });

  test("to a user's meetings (one made in WeCom) shows in the listing after the near bound", async () => {
    const owner = user("shi");
    await book(a, { adminUserId: owner });
    expect(await idsOf(a, owner)).toHaveLength(1);
    const made = sim.seedMeeting({ admin_userid: owner, meeting_start: unix(tomorrow(600)) });
    expect(await idsOf(b, owner)).toHaveLength(1); // kept
    await timeUntil(async () => (await idsOf(b, owner)).includes(made), (NEAR_S + 2) * 1000);
  });

  test("Cache-Control: no-cache reads WeCom at once and refreshes what is kept for everyone", async () => {
    const id = await book(a, { adminUserId: user("tan") });
    await read(a, id);
    sim.alterMeeting(id, { title: "Changed in WeCom" });
    const before = calls("meeting/get_info");
    expect((await read(b, id, { ...service, "cache-control": "no-cache" })).title).toBe("Changed in WeCom");
    expect(calls("meeting/get_info")).toBe(before + 1);
    expect((await read(a, id)).title).toBe("Changed in WeCom");
    expect(calls("meeting/get_info")).toBe(before + 1);
  });
});

describe("rights", () => {
  const tokens = new Map<string, Record<string, string>>();
  async function as(gateway: GatewayProcess, userid: string): Promise<Record<string, string>> {
    if (!tokens.has(userid)) {
      const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
      tokens.set(userid, { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` });
    }
    return tokens.get(userid)!;
  }

  test("a user who may not read a meeting is FORBIDDEN though it is kept; an unknown one is NOT_FOUND", async () => {
    const [owner, stranger] = [user("wu"), user("xu")];
    const id = await book(a, { adminUserId: owner });
    await read(a, id, await as(a, owner));
    const reads = calls("meeting/get_info");
    expect(codeOf(await gql(b, READ, { id }, await as(b, stranger)))).toBe("FORBIDDEN");
    expect(codeOf(await gql(a, READ, { id }, await as(a, stranger)))).toBe("FORBIDDEN");
    expect(calls("meeting/get_info")).toBe(reads); // refused from what is kept
    expect(codeOf(await gql(b, READ, { id: "no-such-meeting" }, await as(b, owner)))).toBe("NOT_FOUND");
  });
});

describe("/metrics", () => {
  const count = async (gateway: GatewayProcess, kind: string, event: string) => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`gateway_cache_events_total{kind="${kind}",event="${event}"}`));
    return line ? Number(line.split(" ").pop()) : 0;
  };

  test("counts hits, misses, fills and invalidations by kind", async () => {
    const owner = user("yan");
    const before = await Promise.all([count(a, "meeting", "miss"), count(a, "meeting", "fill"), count(a, "meeting", "hit"), count(a, "meeting", "invalidation"), count(a, "listing", "miss"), count(a, "listing", "invalidation")]);
    const id = await book(a, { adminUserId: owner }); // moves the owner's listing on
    await read(a, id);
    await read(a, id);
    await idsOf(a, owner);
    await gql(a, 'mutation($id: ID!) { updateMeeting(id: $id, input: { title: "Again" }) { id } }', { id }, service);
    const after = await Promise.all([count(a, "meeting", "miss"), count(a, "meeting", "fill"), count(a, "meeting", "hit"), count(a, "meeting", "invalidation"), count(a, "listing", "miss"), count(a, "listing", "invalidation")]);
    const delta = after.map((n, i) => n - before[i]);
    expect(delta[0]).toBeGreaterThanOrEqual(1); // meeting misses
    expect(delta[1]).toBeGreaterThanOrEqual(1); // fills
    expect(delta[2]).toBeGreaterThanOrEqual(1); // hits
    expect(delta[3]).toBeGreaterThanOrEqual(1); // the update's invalidation
    expect(delta[4]).toBeGreaterThanOrEqual(1); // listing misses
    expect(delta[5]).toBeGreaterThanOrEqual(1); // the create's
  });
});

describe("Redis unreachable", () => {
  afterAll(() => redis.start());

  test("reads stay correct, and a change through one instance shows on the other", async () => {
    const owner = user("zhao");
    const id = await book(a, { adminUserId: owner });
    expect((await read(b, id)).title).toBe("Weekly sync");
    await redis.stop();
    expect((await read(a, id)).title).toBe("Weekly sync");
    expect((await gql(a, 'mutation($id: ID!) { updateMeeting(id: $id, input: { title: "While Redis was down" }) { id } }', { id }, service)).body.errors).toBeUndefined();
    expect((await read(b, id)).title).toBe("While Redis was down");
    expect((await read(a, id)).title).toBe("While Redis was down");
    expect(await idsOf(b, owner)).toEqual([id]);
  });
});
