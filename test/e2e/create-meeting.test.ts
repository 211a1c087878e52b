import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { fullInput, minimalInput, tomorrow, unix } from "../support/inputs";


const { sim, gateway } = useGateway();

describe("createMeeting: what reaches the upstream", () => {
  test("a full input (every field of the upstream example) is sent as exactly the documented body", async () => {
    const { input, body } = fullInput();
    const { status, body: answer } = await gateway.request(CreateOnlyDocument, { input });

    expect(answer.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(sim.createRequests).toEqual([body]);
    // Field order follows the document, so the body reads like its example.
    expect(Object.keys(sim.createRequests[0] as object)).toEqual(Object.keys(body));
  });

  test("a minimal input sends exactly the four required fields", async () => {
    const start = tomorrow();
    await gateway.request(CreateOnlyDocument, {
      input: minimalInput({ meetingStart: start.toISOString() }),
    });
    expect(sim.createRequests).toEqual([
      { admin_userid: "zhangsan", title: "Weekly sync", meeting_start: unix(start), meeting_duration: 3600 },
    ]);
  });

  test("explicit nulls are left out of the body, never sent as null", async () => {
    const input = {
      ...minimalInput(),
      description: null,
      invitees: null,
      settings: { password: null, hosts: null, enableWaitingRoom: true },
      reminders: null,
    };
    await gateway.request(CreateOnlyDocument, { input });
    const sent = sim.createRequests[0] as Record<string, unknown>;
    expect(sent).not.toHaveProperty("description");
    expect(sent).not.toHaveProperty("invitees");
    expect(sent).not.toHaveProperty("reminders");
    expect(sent.settings).toEqual({ enable_waiting_room: true });
  });

  test("fractions of a second are dropped, upstream and in the answer", async () => {
    const start = tomorrow();
    const withMillis = new Date(start.getTime() + 999);
    const { body } = await gateway.request(CreateOnlyDocument, {
      input: minimalInput({ meetingStart: withMillis.toISOString(), meetingDuration: 300 }),
    });
    expect((sim.createRequests[0] as { meeting_start: number }).meeting_start).toBe(unix(start));
    expect(body.data?.createMeeting?.meetingStart).toBe(start.toISOString());
    expect(body.data?.createMeeting?.meetingEnd).toBe(new Date(start.getTime() + 300_000).toISOString());
  });
});

describe("createMeeting: the answer", () => {
  test("echoes what was created, with the upstream defaults filled in", async () => {
    const start = tomorrow();
    const { body } = await gateway.request(CreateOnlyDocument, {
      input: minimalInput({ meetingStart: start.toISOString(), invitees: ["lisi"] }),
    });
    expect(body.data?.createMeeting).toEqual({
      id: expect.stringMatching(/.+/),
      title: "Weekly sync",
      adminUserId: "zhangsan",
      meetingStart: start.toISOString(),
      meetingDuration: 3600,
      meetingEnd: new Date(start.getTime() + 3_600_000).toISOString(),
      description: null,
      location: null,
      invitees: ["lisi"],
      calId: null,
      settings: {
        password: null,
        enableWaitingRoom: false,
        allowEnterBeforeHost: true,
        remindScope: "HOST_ONLY",
        enableEnterMute: "AUTO_ABOVE_SIX",
        enableScreenWatermark: false,
        hosts: [],
        ringUsers: [],
      },
      reminders: null,
      excessUsers: [],
    });
  });

  test("reminders asked for come back with defaults; excess_users pass through", async () => {
    sim.excessUsers = ["wangwu"];
    const { input } = fullInput();
    const { body } = await gateway.request(CreateOnlyDocument, {
      input: { ...input, reminders: { isRepeat: true, remindBefore: ["ONE_DAY"] } },
    });
    const meeting = body.data!.createMeeting!;
    expect(meeting.reminders).toEqual({
      isRepeat: true,
      repeatType: "DAILY",
      repeatUntil: null,
      repeatInterval: null,
      remindBefore: ["ONE_DAY"],
    });
    expect(meeting.excessUsers).toEqual(["wangwu"]);
    expect(meeting.id).toBe(sim.meetings()[0]!.meetingid); // the upstream's id, as it made it
  });

  test("each create gets the upstream's own meeting id", async () => {
    const [a, b] = await Promise.all([
      gateway.request(CreateOnlyDocument, { input: minimalInput() }),
      gateway.request(CreateOnlyDocument, { input: minimalInput() }),
    ]);
    expect(a.body.data?.createMeeting?.id).not.toEqual(b.body.data?.createMeeting?.id);
  });
});

describe("upstream refusals", () => {
  test("errcode != 0 is WECOM_ERROR with errcode and errmsg verbatim", async () => {
    sim.failNextCreates({ errcode: 400021, errmsg: "invalid invitee userid" });
    const { status, body } = await gateway.request(CreateOnlyDocument, { input: minimalInput() });
    expect(status).toBe(200);
    expect(body.data?.createMeeting ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({
      code: "WECOM_ERROR",
      errcode: 400021,
      errmsg: "invalid invitee userid",
    });
  });
});
