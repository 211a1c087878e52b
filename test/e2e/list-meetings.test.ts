// meetings(userId, from, to, first, after): a Relay connection over get_user_meetingid (CONTRACT §10).
import { useGateway } from "../support/fixture";
import { CACHE_OFF } from "../support/gateway";
import { codeOf, extensionsOf, fieldPathsOf, gql } from "../support/helpers";
import { unix } from "../support/inputs";

const CONCURRENCY = 3;
// Pins the upstream calls themselves, so the shared cache is off here (it has test/meeting-cache.test.ts).
const { sim, gateway } = useGateway({ GATEWAY_DETAIL_CONCURRENCY: String(CONCURRENCY), ...CACHE_OFF });
const list = (args: Record<string, unknown>, selection = "edges { cursor node { id } } pageInfo { hasNextPage endCursor }") =>
  gql(
    gateway,
    `query($userId: String, $from: DateTimeISO, $to: DateTimeISO, $first: Int, $after: String) {
      meetings(userId: $userId, from: $from, to: $to, first: $first, after: $after) { ${selection} } }`,
    args,
  );

/** n upcoming meetings of `admin`, an hour apart; their ids in start order. */
function seed(n: number, admin = "zhangsan"): string[] {
  const first = Math.floor(Date.now() / 1000) + 3600;
  return Array.from({ length: n }, (_, i) => sim.seedMeeting({ admin_userid: admin, meeting_start: first + i * 3600, title: `m${i}` }));
}

test("meetings(first: 20) { edges { node { status } } }: 1 list call and 20 get_info, at most GATEWAY_DETAIL_CONCURRENCY at once", async () => {
  seed(25);
  await list({ userId: "zhangsan", first: 1 }); // a cached token
  sim.reset();
  const ids = seed(25);
  sim.endpoint("meeting/get_info").delayMs = 60;
  const answer = await list({ userId: "zhangsan", first: 20 }, "edges { node { status } }");
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.meetings.edges).toHaveLength(20);
  expect(answer.body.data.meetings.edges.every((e: any) => e.node.status === "UPCOMING")).toBe(true);
  expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(1);
  const infos = sim.calls("meeting/get_info");
  expect(infos.map((r) => (r.body as { meetingid: string }).meetingid).sort()).toEqual(ids.slice(0, 20).sort());
  // Bounded: no window shorter than one answer's delay saw more than CONCURRENCY arrive.
  const arrivals = infos.map((r) => r.at).sort((a, b) => a - b);
  for (let i = CONCURRENCY; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - CONCURRENCY]).toBeGreaterThanOrEqual(50);
});

test("a listing that asks nothing of the meetings sends no get_info", async () => {
  seed(5);
  const answer = await list({ userId: "zhangsan" });
  expect(answer.body.data.meetings.edges).toHaveLength(5);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
});

test("pages follow one another with endCursor, each id once, and the last says hasNextPage false", async () => {
  const ids = seed(7);
  const seen: string[] = [];
  let after: string | undefined;
  const pages: boolean[] = [];
  for (let page = 0; page < 5; page++) {
    const answer = await list({ userId: "zhangsan", first: 3, after });
    const { edges, pageInfo } = answer.body.data.meetings;
    seen.push(...edges.map((e: any) => e.node.id));
    pages.push(pageInfo.hasNextPage);
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  expect(seen).toEqual(ids);
  expect(pages).toEqual([true, true, false]);
});

test("a next page with the defaulted span still works a while later (the cursor keeps the listing's span)", async () => {
  const ids = seed(4);
  const first = await list({ userId: "zhangsan", first: 2 });
  await new Promise((r) => setTimeout(r, 1_100)); // defaults computed now would differ by a second
  const next = await list({ userId: "zhangsan", first: 2, after: first.body.data.meetings.pageInfo.endCursor });
  expect(next.body.errors).toBeUndefined();
  expect(next.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2));
});

test("a listing that ends exactly at a page boundary says so at once (the gateway reads one id ahead)", async () => {
  seed(4);
  const answer = await list({ userId: "zhangsan", first: 4 });
  expect(answer.body.data.meetings.pageInfo.hasNextPage).toBe(false);
});

test("an edge's cursor continues right after that edge", async () => {
  const ids = seed(5);
  const first = await list({ userId: "zhangsan", first: 4 });
  const second = first.body.data.meetings.edges[1].cursor;
  const rest = await list({ userId: "zhangsan", first: 10, after: second });
  expect(rest.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2));
});

test("from and to go upstream as begin_time and end_time", async () => {
  const from = new Date(Date.now() - 10 * 86_400_000);
  const to = new Date(Date.now() + 10 * 86_400_000);
  await list({ userId: "lisi", from: from.toISOString(), to: to.toISOString(), first: 7 });
  expect(sim.calls("meeting/get_user_meetingid")[0].body).toEqual({
    userid: "lisi", cursor: "0", limit: 8, begin_time: unix(from), end_time: unix(to),
  });
});

test("a defaulted span is 30 days either side of now", async () => {
  await list({ userId: "lisi" });
  const sent = sim.calls("meeting/get_user_meetingid")[0].body as { begin_time: number; end_time: number };
  const now = Date.now() / 1000;
  expect(Math.abs(sent.begin_time - (now - 30 * 86_400))).toBeLessThan(5);
  expect(Math.abs(sent.end_time - (now + 30 * 86_400))).toBeLessThan(5);
});

describe("refused before anything is sent", () => {
  test.each([
    ["first 0", { userId: "zhangsan", first: 0 }, "first"],
    ["first 101", { userId: "zhangsan", first: 101 }, "first"],
    ["a span over 180 days names `to`", { userId: "zhangsan", from: "2030-01-01T00:00:00Z", to: "2030-07-01T00:00:00Z" }, "to"],
    ["`to` before `from`", { userId: "zhangsan", from: "2030-01-02T00:00:00Z", to: "2030-01-01T00:00:00Z" }, "to"],
    ["a service caller without userId", {}, "userId"],
    ["a bad userId", { userId: "a b" }, "userId"],
    ["a cursor not made by this gateway", { userId: "zhangsan", after: "WyJ6aGFuZ3NhbiJd.AAAA" }, "after"],
  ])("%s", async (_name, args, path) => {
    const answer = await list(args);
    expect(codeOf(answer)).toBe("BAD_USER_INPUT");
    expect(fieldPathsOf(answer)).toEqual([path]);
    expect(answer.status).toBe(400);
    expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(0);
  });

  test("a cursor of another listing (another user) is refused: cursors are tied to their listing", async () => {
    seed(3, "zhangsan");
    const mine = await list({ userId: "zhangsan", first: 1 });
    const cursor = mine.body.data.meetings.pageInfo.endCursor;
    const before = sim.calls("meeting/get_user_meetingid").length;
    const answer = await list({ userId: "lisi", first: 1, after: cursor });
    expect(extensionsOf(answer)).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "after" }] });
    expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(before);
  });

  test("a cursor altered by one character is refused (it is signed: it carries meeting ids)", async () => {
    seed(3);
    const cursor: string = (await list({ userId: "zhangsan", first: 1 })).body.data.meetings.pageInfo.endCursor;
    const altered = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
    expect(codeOf(await list({ userId: "zhangsan", first: 1, after: altered }))).toBe("BAD_USER_INPUT");
  });
});
