// GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS (CONTRACT §11, README "The meeting cache"): listings kept
// for a bound of their own, apart from the near bound of the meetings on them.
import { setTimeout as sleep } from "node:timers/promises";
import { useGateway } from "../support/fixture";
import { bookMeeting, gql } from "../support/helpers";
import { tomorrow, unix } from "../support/inputs";

const NEAR_S = 1;
const { sim, gateway } = useGateway({ GATEWAY_CACHE_MAX_STALE_SECONDS: String(NEAR_S), GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS: "3600" });

const LIST = "query($userId: String) { meetings(userId: $userId, first: 50) { edges { node { id title } } } }";
const list = async (userId: string, headers: Record<string, string> = {}) => {
  const answer = await gql(gateway, LIST, { userId }, headers);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.meetings.edges.map((e: any) => e.node) as Array<{ id: string; title: string }>;
};
const inAnHalfHour = () => Math.floor(Date.now() / 1000) + 1800;

test("a listing outlives the near bound, the meetings on it do not, and no-cache reads it afresh", async () => {
  const booked = await bookMeeting(gateway, { adminUserId: "lin", meetingStart: new Date(inAnHalfHour() * 1000).toISOString() });
  expect((await list("lin")).map((m) => m.id)).toEqual([booked]);
  const made = sim.seedMeeting({ admin_userid: "lin", meeting_start: unix(tomorrow(600)) }); // made in WeCom
  sim.alterMeeting(booked, { title: "Renamed in WeCom" });
  await sleep(NEAR_S * 1000 + 500);

  const listings = sim.calls("meeting/get_user_meetingid").length;
  const shown = await list("lin");
  expect(shown).toEqual([{ id: booked, title: "Renamed in WeCom" }]); // the meeting read again, the listing kept
  expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(listings);

  expect((await list("lin", { "cache-control": "no-cache" })).map((m) => m.id).sort()).toEqual([booked, made].sort());
});

test("a change through the gateway still shows in a kept listing at once", async () => {
  await bookMeeting(gateway, { adminUserId: "mo" });
  expect(await list("mo")).toHaveLength(1);
  await bookMeeting(gateway, { adminUserId: "mo" });
  expect(await list("mo")).toHaveLength(2);
});

test("a listing chosen by status holds statuses, so it is kept no longer than the near bound", async () => {
  const UPCOMING = "query($u: String, $s: [MeetingStatus!]) { meetings(userId: $u, first: 20, status: $s) { edges { node { id } } } }";
  const ids = async (status: string) => (await gql(gateway, UPCOMING, { u: "pei", s: [status] })).body.data.meetings.edges.map((e: any) => e.node.id);
  const id = sim.seedMeeting({ admin_userid: "pei", meeting_start: inAnHalfHour() });
  expect(await ids("UPCOMING")).toEqual([id]);
  const now = Math.floor(Date.now() / 1000);
  sim.alterMeeting(id, { meeting_start: now - 7200, meeting_duration: 600 }); // over, changed in WeCom
  await sleep(NEAR_S * 1000 + 500);
  expect(await ids("UPCOMING")).toEqual([]);
  expect(await ids("ENDED")).toEqual([id]);
});
