// A user caller acts only as itself (CONTRACT §8): creates as itself, reads what it administers,
// hosts or is invited to, lists its own, changes only what it administers. Nothing that changes
// anything is sent when it may not.
import { useGateway } from "../support/fixture";
import { bookMeeting, codeOf, gql } from "../support/helpers";
import { minimalInput } from "../support/inputs";

const KEY = "backend-key-0123456789";
const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: KEY,
  GATEWAY_SESSION_SECRET: "user-rules-session-secret-0123456789abcdef",
});
const service = { authorization: `Bearer ${KEY}` };
const tokens = new Map<string, Record<string, string>>();

/** The Authorization header of `userid`, signed in the way a WeCom H5 app does. */
async function as(userid: string): Promise<Record<string, string>> {
  const known = tokens.get(userid);
  if (known) return known;
  const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
  const header = { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` };
  tokens.set(userid, header);
  return header;
}
const changes = () => sim.calls("meeting/create").length + sim.calls("meeting/update").length + sim.calls("meeting/cancel").length + sim.calls("meeting/set_invitees").length;

describe("createMeeting", () => {
  test("adminUserId left out is the user itself", async () => {
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { adminUserId } }", { input: { ...minimalInput(), adminUserId: undefined } }, await as("lisi"));
    expect(answer.body.data.createMeeting.adminUserId).toBe("lisi");
    expect(sim.calls("meeting/create")[0].body).toMatchObject({ admin_userid: "lisi" });
  });

  test("its own userid is fine; another's is FORBIDDEN and nothing is sent", async () => {
    expect((await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: minimalInput({ adminUserId: "lisi" }) }, await as("lisi"))).body.errors).toBeUndefined();
    const other = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: minimalInput({ adminUserId: "zhangsan" }) }, await as("lisi"));
    expect(codeOf(other)).toBe("FORBIDDEN");
    expect(other.status).toBe(403);
    expect(sim.calls("meeting/create")).toHaveLength(1);
  });

  test("a service caller must name the admin", async () => {
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }", { input: { ...minimalInput(), adminUserId: undefined } }, service);
    expect(codeOf(answer)).toBe("BAD_USER_INPUT");
  });
});

describe("reading", () => {
  test.each([
    ["its admin", "zhangsan", true],
    ["a host", "host1", true],
    ["an invitee", "guest1", true],
    ["anyone else", "stranger", false],
  ])("%s %s", async (_who, userid, allowed) => {
    const id = sim.seedMeeting({ admin_userid: "zhangsan", invitees: ["guest1", "host1"], settings: { hosts: { userid: ["host1"] } } });
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { title } }", { id }, await as(userid));
    if (allowed) expect(answer.body.data.meeting.title).toEqual(expect.any(String));
    else expect(codeOf(answer)).toBe("FORBIDDEN");
  });
});

describe("listing", () => {
  test("a user lists its own meetings, with or without naming itself", async () => {
    sim.seedMeeting({ admin_userid: "lisi", title: "lisi's" });
    sim.seedMeeting({ admin_userid: "zhangsan", title: "zhangsan's" });
    for (const args of [{}, { userId: "lisi" }]) {
      const answer = await gql(gateway, "query($userId: String) { meetings(userId: $userId) { edges { node { title } } } }", args, await as("lisi"));
      expect(answer.body.data.meetings.edges.map((e: any) => e.node.title)).toEqual(["lisi's"]);
    }
    // The second listing is served from what the first kept (CONTRACT §11).
    expect(sim.calls("meeting/get_user_meetingid").map((r) => (r.body as { userid: string }).userid)).toEqual(["lisi"]);
  });

  test("another user's list is FORBIDDEN, nothing asked", async () => {
    const answer = await gql(gateway, "{ meetings(userId: \"zhangsan\") { edges { cursor } } }", {}, await as("lisi"));
    expect(codeOf(answer)).toBe("FORBIDDEN");
    expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(0);
  });
});

describe("changing: only the admin", () => {
  const operations: Array<[string, string, Record<string, unknown>]> = [
    ["updateMeeting", "mutation($id: ID!) { updateMeeting(id: $id, input: { title: \"mine now\" }) { id } }", {}],
    ["cancelMeeting", "mutation($id: ID!) { cancelMeeting(id: $id) { id } }", {}],
    ["setMeetingInvitees", "mutation($id: ID!) { setMeetingInvitees(id: $id, invitees: [\"x\"]) { id } }", {}],
  ];

  test.each(operations)("%s by an invitee or a host is FORBIDDEN, and nothing that changes anything is sent", async (_name, query) => {
    sim.advanced = true;
    const id = await bookMeeting(gateway, { adminUserId: "zhangsan", invitees: ["lisi"], settings: { hosts: ["lisi"] } }, service);
    const before = changes();
    const answer = await gql(gateway, query, { id }, await as("lisi"));
    expect(codeOf(answer)).toBe("FORBIDDEN");
    expect(changes()).toBe(before);
  });

  test.each(operations)("%s by the admin is done", async (_name, query) => {
    sim.advanced = true;
    const id = await bookMeeting(gateway, {}, await as("zhangsan"));
    const answer = await gql(gateway, query, { id }, await as("zhangsan"));
    expect(answer.body.errors).toBeUndefined();
  });
});

test("an operation with a forbidden field and an allowed one: 200, the allowed one answers, the error on the other", async () => {
  const answer = await gql(
    gateway,
    "mutation($mine: CreateMeetingInput!, $theirs: CreateMeetingInput!) { mine: createMeeting(input: $mine) { adminUserId } theirs: createMeeting(input: $theirs) { id } }",
    { mine: minimalInput({ adminUserId: undefined }), theirs: minimalInput({ adminUserId: "zhangsan" }) },
    await as("lisi"),
  );
  expect(answer.status).toBe(200);
  expect(answer.body.data).toEqual({ mine: { adminUserId: "lisi" }, theirs: null });
  expect(answer.body.errors![0]).toMatchObject({ path: ["theirs"], extensions: { code: "FORBIDDEN" } });
});

test("idempotency keys are each user's own: the same key of two users makes two meetings", async () => {
  const key = "my-key-1";
  const input = minimalInput({ adminUserId: undefined, title: "Shared key" }); // one start: a retry is the same input
  const create = async (userid: string) =>
    gql(gateway, "mutation($input: CreateMeetingInput!, $key: String) { createMeeting(input: $input, idempotencyKey: $key) { id } }", {
      input,
      key,
    }, await as(userid));
  const [a, b] = [await create("lisi"), await create("wangwu")];
  expect(a.body.data.createMeeting.id).not.toBe(b.body.data.createMeeting.id);
  expect((await create("lisi")).body.data.createMeeting.id).toBe(a.body.data.createMeeting.id);
});
