// meeting(id) and the fields only get_info knows, wherever a Meeting comes from (CONTRACT §10).
import { useGateway } from "../support/fixture";
import { bookMeeting, codeOf, extensionsOf, gql } from "../support/helpers";
import { minimalInput, tomorrow, unix } from "../support/inputs";

const { sim, gateway } = useGateway({ WECOM_TIMEOUT_MS: "500" });
const getInfo = () => sim.calls("meeting/get_info").length;

const READ_ALL = `query($id: ID!) { meeting(id: $id) {
  id title adminUserId meetingStart meetingDuration meetingEnd description location calId status
  meetingCode meetingLink invitees excessUsers
  settings { password remindScope enableEnterMute hosts ringUsers }
  reminders { isRepeat repeatType repeatInterval remindBefore }
  attendees { userId joined firstJoinAt lastLeaveAt timeInMeetingSeconds }
  occurrences { id start end cancelled }
} }`;

describe("what a create answers, and what it costs", () => {
  test("createMeeting { id title } sends exactly one upstream call: no get_info", async () => {
    await bookMeeting(gateway); // a token is cached
    sim.reset();
    const answer = await gql(gateway, "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id title } }", { input: minimalInput() });
    expect(answer.body.data.createMeeting.title).toBe("Weekly sync");
    expect(sim.requests.map((r) => r.path)).toEqual(["/cgi-bin/meeting/create"]);
  });

  test("createMeeting { id meetingCode meetingLink status }: the join link in one round trip, 1 create + 1 get_info", async () => {
    const answer = await gql(
      gateway,
      "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id meetingCode meetingLink status c2: meetingCode } }",
      { input: minimalInput() },
    );
    const created = answer.body.data.createMeeting;
    expect(created.meetingCode).toMatch(/^\d{9}$/);
    expect(created.meetingLink).toMatch(/^https:\/\//);
    expect(created.status).toBe("UPCOMING");
    expect(sim.calls("meeting/create")).toHaveLength(1);
    expect(getInfo()).toBe(1); // three fields and an alias ask; one get_info answers them all
    expect(sim.meeting(created.id)?.meeting_code).toBe(created.meetingCode);
  });
});

describe("meeting(id)", () => {
  test("a meeting read from the upstream answers what get_info says, mapped", async () => {
    sim.advanced = true;
    const start = tomorrow();
    const id = sim.seedMeeting({
      admin_userid: "chenjing",
      title: "Q3 review",
      meeting_start: unix(start),
      meeting_duration: 2700,
      location: "3F-301",
      invitees: ["chenjing", "liwei"],
      settings: { password: "4821", hosts: { userid: ["liwei"] }, remind_scope: 3, enable_enter_mute: 1 },
      reminders: { is_repeat: 1, repeat_type: 1, repeat_interval: 1, repeat_until: unix(start) + 14 * 86_400, remind_before: [900] },
    });
    sim.join(id, "liwei", { firstJoin: unix(start) + 60, lastQuit: unix(start) + 600, seconds: 540 });

    const answer = await gql(gateway, READ_ALL, { id });
    expect(answer.body.errors).toBeUndefined();
    const m = answer.body.data.meeting;
    expect(m).toMatchObject({
      id,
      title: "Q3 review",
      adminUserId: "chenjing",
      meetingStart: start.toISOString(),
      meetingDuration: 2700,
      meetingEnd: new Date(start.getTime() + 2_700_000).toISOString(),
      location: "3F-301",
      status: "UPCOMING",
      meetingCode: expect.stringMatching(/^\d{9}$/),
      invitees: ["chenjing", "liwei"],
      excessUsers: [],
      settings: { password: "4821", remindScope: "ALL_MEMBERS", enableEnterMute: "ON", hosts: ["liwei"] },
      reminders: { isRepeat: true, repeatType: "WEEKLY", repeatInterval: 1, remindBefore: ["FIFTEEN_MINUTES"] },
    });
    expect(m.attendees).toContainEqual({
      userId: "liwei",
      joined: true,
      firstJoinAt: new Date((unix(start) + 60) * 1000).toISOString(),
      lastLeaveAt: new Date((unix(start) + 600) * 1000).toISOString(),
      timeInMeetingSeconds: 540,
    });
    expect(m.occurrences.length).toBeGreaterThanOrEqual(2);
    expect(m.occurrences[0]).toEqual({
      id: String(unix(start)),
      start: start.toISOString(),
      end: new Date(start.getTime() + 2_700_000).toISOString(),
      cancelled: false,
    });
    expect(getInfo()).toBe(1);
    expect(sim.calls("meeting/get_invitees")).toHaveLength(1);
  });

  test("the same meeting asked for in several places of one request: one get_info", async () => {
    const id = await bookMeeting(gateway);
    const answer = await gql(gateway, "query($id: ID!) { a: meeting(id: $id) { title status } b: meeting(id: $id) { meetingCode attendees { userId } } }", { id });
    expect(answer.body.errors).toBeUndefined();
    expect(getInfo()).toBe(1);
  });

  test("a second request is served from what the first read kept (CONTRACT §11)", async () => {
    const id = await bookMeeting(gateway);
    await gql(gateway, "query($id: ID!) { meeting(id: $id) { status } }", { id });
    await gql(gateway, "query($id: ID!) { meeting(id: $id) { status } }", { id });
    expect(getInfo()).toBe(1);
  });

  test("invitees of all get_invitees pages, in order", async () => {
    sim.advanced = true;
    sim.inviteesPageSize = 2;
    const invitees = ["u1", "u2", "u3", "u4", "u5"];
    const id = sim.seedMeeting({ invitees });
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { invitees } }", { id });
    expect(answer.body.data.meeting.invitees).toEqual(invitees);
    expect(sim.calls("meeting/get_invitees")).toHaveLength(3);
  });

  test("a corp without the advanced features: invitees fall back to the members get_info lists, no error", async () => {
    sim.advanced = false;
    const id = sim.seedMeeting({ invitees: ["lisi", "wangwu"] });
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { title invitees } }", { id });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.meeting.invitees.sort()).toEqual(["lisi", "wangwu"]);
  });

  test.each([
    ["an unknown id", () => "no-such-meeting"],
    ["another app's meeting (which must not tell it exists)", () => sim.seedMeeting({ app: "other" })],
  ])("%s is NOT_FOUND", async (_name, idOf) => {
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { id title } }", { id: idOf() });
    expect(codeOf(answer)).toBe("NOT_FOUND");
    expect(answer.body.errors![0].message).toBe("No meeting with this id (for this app).");
    expect(answer.body.data).toBeNull();
  });

  test("a read answered -1 (busy) is retried once", async () => {
    const id = await bookMeeting(gateway);
    sim.endpoint("meeting/get_info").failNext({ errcode: -1 });
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { status } }", { id });
    expect(answer.body.data.meeting.status).toBe("UPCOMING");
    expect(getInfo()).toBe(2);
  });

  test("a hung read is UPSTREAM_TIMEOUT, and its advice says a retry is safe", async () => {
    const id = await bookMeeting(gateway);
    sim.endpoint("meeting/get_info").hang = true;
    const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { status } }", { id });
    expect(codeOf(answer)).toBe("UPSTREAM_TIMEOUT");
    expect(answer.body.errors![0].message).toMatch(/safe to retry/);
  });

  test("a bad id is BAD_USER_INPUT on `id`, nothing sent", async () => {
    for (const id of ["", "a b", "x".repeat(129), "\u0000"]) {
      const answer = await gql(gateway, "query($id: ID!) { meeting(id: $id) { id } }", { id });
      expect(extensionsOf(answer)).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "id" }] });
    }
    expect(getInfo()).toBe(0);
  });
});
