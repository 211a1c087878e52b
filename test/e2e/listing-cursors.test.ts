// A listing cursor is a position, not a permission: every meeting a page serves is one WeCom
// lists for the user when the page is read, whoever kept the cursor and however long; and a
// cursor lives GATEWAY_LISTING_CURSOR_TTL_SECONDS (CONTRACT §8, §10).
import { useGateway } from "../support/fixture";
import { codeOf, extensionsOf } from "../support/helpers";
import { bookMeeting, gql } from "../support/helpers";
import { tomorrow } from "../support/inputs";
import type { GatewayProcess } from "../support/gateway";
import type { WecomSimulator } from "../../src/wecom/simulator";

const SESSIONS = { GATEWAY_SESSION_SECRET: "listing-cursors-session-secret-0123456789" };
const LIST = "query($first: Int, $after: String) { meetings(first: $first, after: $after) { edges { cursor node { id title meetingCode invitees } } pageInfo { hasNextPage endCursor } } }";

/** The Authorization header of `userid`, signed in as a WeCom H5 app does. */
async function as(gateway: GatewayProcess, sim: WecomSimulator, userid: string): Promise<Record<string, string>> {
  const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
  return { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` };
}

describe("access is checked for every meeting a page serves", () => {
  const { sim, gateway } = useGateway(SESSIONS);

  /** Alice's own meeting first, then Bob's, to which Bob invites her. */
  async function aliceInvitedByBob() {
    sim.advanced = true; // set_invitees
    const [alice, bob] = [await as(gateway, sim, "alice"), await as(gateway, sim, "bob")];
    const own = await bookMeeting(gateway, { adminUserId: undefined, title: "Alice's own", meetingStart: tomorrow().toISOString() }, alice);
    const bobs = await bookMeeting(gateway, { adminUserId: undefined, title: "Bob's secret", meetingStart: tomorrow(3600).toISOString(), invitees: ["alice"] }, bob);
    return { alice, bob, own, bobs };
  }
  const uninvite = async (id: string, bob: Record<string, string>) =>
    expect((await gql(gateway, "mutation($id: ID!) { setMeetingInvitees(id: $id, invitees: [\"carol\"]) { id } }", { id }, bob)).body.errors).toBeUndefined();

  test("an endCursor kept from before Alice was uninvited does not serve Bob's meeting", async () => {
    const { alice, bob, own, bobs } = await aliceInvitedByBob();
    const first = await gql(gateway, LIST, { first: 1 }, alice);
    expect(first.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual([own]);
    const kept: string = first.body.data.meetings.pageInfo.endCursor;

    await uninvite(bobs, bob);
    expect(codeOf(await gql(gateway, "query($id: ID!) { meeting(id: $id) { title } }", { id: bobs }, alice))).toBe("FORBIDDEN");

    const next = await gql(gateway, LIST, { first: 1, after: kept }, alice);
    expect(next.status).toBe(200);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.meetings.edges).toEqual([]);
    expect(JSON.stringify(next.body)).not.toContain("Bob's secret");
  });

  test("an edge's cursor of a larger page does not either, and a page after it still lists what is hers", async () => {
    const { alice, bob, own, bobs } = await aliceInvitedByBob();
    const later = await bookMeeting(gateway, { adminUserId: undefined, title: "Alice's later", meetingStart: tomorrow(7200).toISOString() }, alice);
    const page = await gql(gateway, LIST, { first: 100 }, alice);
    expect(page.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual([own, bobs, later]);
    const afterOwn: string = page.body.data.meetings.edges[0].cursor;

    await uninvite(bobs, bob);
    const next = await gql(gateway, LIST, { first: 100, after: afterOwn }, alice);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.meetings.edges.map((e: any) => e.node.id)).toEqual([later]);
  });

  test("pages still follow one another, each meeting once, when nothing changed", async () => {
    const alice = await as(gateway, sim, "alice");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await bookMeeting(gateway, { adminUserId: undefined, title: `m${i}`, meetingStart: tomorrow(i * 3600).toISOString() }, alice));
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 4; page++) {
      const answer = await gql(gateway, LIST, { first: 2, after }, alice);
      seen.push(...answer.body.data.meetings.edges.map((e: any) => e.node.id));
      if (!answer.body.data.meetings.pageInfo.hasNextPage) break;
      after = answer.body.data.meetings.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });
});

describe("a cursor has a lifetime", () => {
  const { sim, gateway } = useGateway({ GATEWAY_LISTING_CURSOR_TTL_SECONDS: "1" });

  test("past GATEWAY_LISTING_CURSOR_TTL_SECONDS it is BAD_USER_INPUT naming `after`, and nothing is sent", async () => {
    sim.seedMeeting({ admin_userid: "zhangsan", meeting_start: Math.floor(Date.now() / 1000) + 3600 });
    sim.seedMeeting({ admin_userid: "zhangsan", meeting_start: Math.floor(Date.now() / 1000) + 7200 });
    const list = (after?: string) =>
      gql(gateway, "query($after: String) { meetings(userId: \"zhangsan\", first: 1, after: $after) { pageInfo { endCursor } } }", { after });
    const cursor: string = (await list()).body.data.meetings.pageInfo.endCursor;
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const calls = sim.calls("meeting/get_user_meetingid").length;
    const answer = await list(cursor);
    expect(extensionsOf(answer)).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "after", code: "EXPIRED", limit: 1, message: expect.stringMatching(/expired/) }] });
    expect(answer.status).toBe(400);
    expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(calls);
  });
});
