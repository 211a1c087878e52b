// setMeetingInvitees: the whole list through set_invitees, up to 2000 with the admin (CONTRACT §10).
import { useGateway } from "../support/fixture";
import { CACHE_OFF } from "../support/gateway";
import { bookMeeting, extensionsOf, fieldPathsOf, gql } from "../support/helpers";

// Pins the upstream calls themselves, so the shared cache is off here (it has test/meeting-cache.test.ts).
const { sim, gateway } = useGateway(CACHE_OFF);
const SET = "mutation($id: ID!, $invitees: [String!]!) { setMeetingInvitees(id: $id, invitees: $invitees) { id invitees } }";
const set = (id: string, invitees: string[]) => gql(gateway, SET, { id, invitees });
const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

beforeEach(() => {
  sim.advanced = true;
});

test("replaces the list, the admin added when left out; the answer knows it without get_invitees", async () => {
  const id = await bookMeeting(gateway, { adminUserId: "zhangsan", invitees: ["lisi"] });
  const answer = await set(id, ["wangwu", "zhaoliu"]);
  expect(answer.body.data.setMeetingInvitees.invitees).toEqual(["wangwu", "zhaoliu", "zhangsan"]);
  expect(sim.calls("meeting/set_invitees").map((r) => r.body)).toEqual([
    { meetingid: id, invitees: [{ userid: "wangwu" }, { userid: "zhaoliu" }, { userid: "zhangsan" }] },
  ]);
  expect(sim.meeting(id)?.invitees.sort()).toEqual(["wangwu", "zhangsan", "zhaoliu"]);
  expect(sim.calls("meeting/get_invitees")).toHaveLength(0);
});

test("an admin already listed is not added twice", async () => {
  const id = await bookMeeting(gateway);
  await set(id, ["zhangsan", "lisi"]);
  expect(sim.calls("meeting/set_invitees")[0].body).toEqual({ meetingid: id, invitees: [{ userid: "zhangsan" }, { userid: "lisi" }] });
});

test("2000 with the admin pass (create's 300 does not apply); 2000 without it are 2001 and refused", async () => {
  const id = await bookMeeting(gateway);
  expect((await set(id, [...users(1999), "zhangsan"])).body.errors).toBeUndefined();
  const over = await set(id, users(2000));
  expect(extensionsOf(over)).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "invitees", message: expect.stringMatching(/at most 2000.*with the admin/) }] });
  expect(sim.calls("meeting/set_invitees")).toHaveLength(1);
});

test("far too many, duplicates, bad userids: refused before anything is read or sent", async () => {
  const id = await bookMeeting(gateway);
  sim.reset();
  sim.advanced = true;
  expect(fieldPathsOf(await set(id, ["lisi", "lisi", ""]))).toEqual(["invitees.1", "invitees.2"]);
  const huge = await set(id, Array(50_000).fill("lisi"));
  expect(extensionsOf(huge).code).toBe("BAD_USER_INPUT");
  expect(JSON.stringify(huge.body).length).toBeLessThan(2_000);
  expect(sim.requests).toHaveLength(0);
});

test("a corp without the advanced features: WECOM_ERROR 400226, whose hint says so", async () => {
  sim.advanced = false;
  const id = await bookMeeting(gateway);
  expect(extensionsOf(await set(id, ["lisi"]))).toMatchObject({ code: "WECOM_ERROR", errcode: 400226, hint: expect.stringMatching(/advanced/) });
});
