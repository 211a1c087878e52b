// A listing by status reads statuses (a get_info each, unless kept) only as far as the budget can
// pay (CONTRACT §11: never half a list lost): past it, the page ends at what was examined.
import { useGateway } from "../support/fixture";
import { CACHE_OFF } from "../support/gateway";
import { codeOf, gql } from "../support/helpers";

const PER_MINUTE = 25; // each endpoint's corp budget a minute: get_info is the one this spends
const { sim, gateway } = useGateway({ ...CACHE_OFF, GATEWAY_UPSTREAM_RATE_PER_MINUTE: String(PER_MINUTE) });
const LIST = `query($after: String) { meetings(userId: "zhaoliu", first: 2, status: [UPCOMING], after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

test("statuses the budget cannot pay for end the page where it stands, with nothing refused sent; the next page then says RATE_LIMITED", async () => {
  const now = Math.floor(Date.now() / 1000);
  // 40 cancelled meetings, then the two upcoming ones the page is after.
  for (let i = 0; i < 40; i++) sim.seedMeeting({ admin_userid: "zhaoliu", meeting_start: now + 3600 + i * 60, cancelled: true });
  for (let i = 0; i < 2; i++) sim.seedMeeting({ admin_userid: "zhaoliu", meeting_start: now + 7200 + i * 60 });

  const first = await gql(gateway, LIST);
  expect(first.body.errors).toBeUndefined();
  const page = first.body.data.meetings;
  expect(page.edges).toEqual([]); // nothing upcoming among the statuses the budget could read
  expect(page.pageInfo.hasNextPage).toBe(true);
  const reads = sim.calls("meeting/get_info").length;
  expect(reads).toBeGreaterThan(0);
  expect(reads).toBeLessThanOrEqual(PER_MINUTE); // every status read was paid for: none refused by WeCom or the gateway

  const next = await gql(gateway, LIST, { after: page.pageInfo.endCursor });
  expect(codeOf(next)).toBe("RATE_LIMITED"); // nothing examined yet: the refusal is the answer
  expect(sim.calls("meeting/get_info")).toHaveLength(reads);
});
