// meetings(…, status: [MeetingStatus!]) (CONTRACT §12b): only meetings in those statuses, `first`
// of them per page, reading on through WeCom's listing as needed.
import { useGateway } from "../support/fixture";
import { CACHE_OFF } from "../support/gateway";
import { codeOf, extensionsOf, gql } from "../support/helpers";

// The cache off: what each page reads from WeCom is seen (the cache's side is in meeting-cache.test.ts).
const { sim, gateway } = useGateway({ ...CACHE_OFF });
const list = (args: Record<string, unknown>) =>
  gql(
    gateway,
    `query($first: Int, $after: String, $status: [MeetingStatus!]) {
      meetings(userId: "zhangsan", first: $first, after: $after, status: $status) {
        edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
    args,
  );

/** 15 meetings in start order: every third one cancelled, the first two ended (in the past). */
function seed(): Array<{ id: string; status: string }> {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: 15 }, (_, i) => {
    const ended = i < 2;
    const cancelled = i % 3 === 2;
    const start = ended ? now - 86_400 * (3 - i) : now + 3600 * (i + 1);
    const id = sim.seedMeeting({ admin_userid: "zhangsan", meeting_start: start, meeting_duration: 600, title: `m${i}`, cancelled });
    return { id, status: cancelled ? "CANCELLED" : ended ? "ENDED" : "UPCOMING" };
  });
}

async function allPages(args: Record<string, unknown>) {
  const pages: Array<{ ids: string[]; statuses: string[]; hasNextPage: boolean }> = [];
  let after: string | undefined;
  for (let n = 0; n < 10; n++) {
    const answer = await list({ ...args, after });
    expect(answer.body.errors).toBeUndefined();
    const { edges, pageInfo } = answer.body.data.meetings;
    pages.push({ ids: edges.map((e: any) => e.node.id), statuses: edges.map((e: any) => e.node.status), hasNextPage: pageInfo.hasNextPage });
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return pages;
}

test("status: [UPCOMING], first: 3: full pages of upcoming meetings only, in order, each meeting's status read once", async () => {
  const meetings = seed();
  const upcoming = meetings.filter((m) => m.status === "UPCOMING").map((m) => m.id); // 8 of 15

  const pages = await allPages({ first: 3, status: ["UPCOMING"] });

  expect(pages.flatMap((p) => p.ids)).toEqual(upcoming);
  expect(pages.map((p) => p.ids.length)).toEqual([3, 3, 2]);
  expect(pages.flatMap((p) => p.statuses).every((s) => s === "UPCOMING")).toBe(true);
  // Every listed meeting's status read once: the ones left out are not read again by the next page.
  const read = sim.calls("meeting/get_info").map((r) => (r.body as { meetingid: string }).meetingid);
  expect(new Set(read).size).toBe(read.length);
});

test("several statuses, and a page larger than the matches: one page, hasNextPage false", async () => {
  const meetings = seed();
  const answer = await list({ first: 20, status: ["CANCELLED", "ENDED"] });
  expect(answer.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual(
    meetings.filter((m) => m.status !== "UPCOMING").map((m) => m.id),
  );
  expect(answer.body.data.meetings.pageInfo.hasNextPage).toBe(false);
});

test("a cursor of a listing filtered otherwise is NOT_VALID_HERE on after; no status: every meeting, as before", async () => {
  seed();
  const first = await list({ first: 2, status: ["UPCOMING"] });
  const refused = await list({ first: 2, status: ["CANCELLED"], after: first.body.data.meetings.pageInfo.endCursor });
  expect(codeOf(refused)).toBe("BAD_USER_INPUT");
  expect(extensionsOf(refused).fields).toEqual([expect.objectContaining({ path: "after", code: "NOT_VALID_HERE" })]);

  const unfiltered = await list({ first: 20 });
  expect(unfiltered.body.data.meetings.edges).toHaveLength(15);
});
