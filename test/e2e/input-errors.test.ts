// CONTRACT.md §4 and §5 over real HTTP: a gateway process in front of the WeCom simulator.
// Every bad input is named at once, as one BAD_USER_INPUT error, and nothing reaches the upstream.
import { CreateOnlyDocument, type CreateMeetingInput } from "../../schema/generated/graphql";
import { print } from "graphql";
import { useGateway } from "../support/fixture";
import { minimalInput, tomorrow } from "../support/inputs";


const { sim, gateway } = useGateway();

const CREATE = print(CreateOnlyDocument);
const a = (n: number) => "a".repeat(n);
const zh = (n: number) => "会".repeat(n);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `user${i}`);

describe("§4 violations: one error naming every field, nothing sent", () => {
  test("an input with several faults answers one BAD_USER_INPUT listing every violation", async () => {
    const { body } = await gateway.request(CreateOnlyDocument, {
      input: {
        adminUserId: "",
        title: "   ",
        meetingStart: new Date(Date.now() - 60_000).toISOString(),
        meetingDuration: 299,
        description: a(501),
        invitees: ["lisi", "wangwu", "lisi"],
        calId: a(65),
        settings: { password: "12ab", hosts: ids(11) },
        reminders: {
          repeatType: "DAILY",
          repeatInterval: 3,
          repeatUntil: new Date(Date.now() - 120_000).toISOString(),
          remindBefore: ["AT_START", "AT_START"],
        },
      },
    });

    expect(body.data?.createMeeting ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.path).toEqual(["createMeeting"]);
    const fields: Array<{ path: string; message: string }> = error.extensions?.fields;
    expect(fields.map((f) => f.path)).toEqual([
      "input.adminUserId",
      "input.title",
      "input.meetingStart",
      "input.meetingDuration",
      "input.description",
      "input.invitees.2",
      "input.calId",
      "input.settings.password",
      "input.settings.hosts",
      "input.reminders.repeatUntil",
      "input.reminders.repeatInterval",
      "input.reminders.remindBefore.1",
    ]);
    for (const field of fields) expect(field.message).toEqual(expect.any(String));
    expect(fields.find((f) => f.path === "input.invitees.2")?.message).toMatch(/"lisi" appears twice/);
    expect(fields.find((f) => f.path === "input.settings.password")?.message).not.toContain("12ab");
    // The message itself names the fields, for clients that only show `message`.
    expect(error.message).toContain("input.title");
    expect(error.message).toContain("input.settings.password");

    expect(sim.createRequests).toHaveLength(0);
  });
});

describe("§4 boundaries over HTTP: the last value accepted, the first refused", () => {
  const start = tomorrow(3600);
  // [rule group, patch accepted, patch refused, path of the one violation]
  const cases: Array<[string, Partial<CreateMeetingInput>, Partial<CreateMeetingInput>, string]> = [
    ["title bytes", { title: zh(20) }, { title: zh(20) + "a" }, "input.title"],
    ["title blank", { title: "x" }, { title: " \u3000 " }, "input.title"],
    ["meetingStart", { meetingStart: start.toISOString() }, { meetingStart: new Date(Date.now() - 1000).toISOString() }, "input.meetingStart"],
    ["meetingDuration min", { meetingDuration: 300 }, { meetingDuration: 299 }, "input.meetingDuration"],
    ["meetingDuration max", { meetingDuration: 86399 }, { meetingDuration: 86400 }, "input.meetingDuration"],
    ["description", { description: zh(500) }, { description: zh(501) }, "input.description"],
    ["location", { location: a(128) }, { location: a(129) }, "input.location"],
    ["calId", { calId: a(64) }, { calId: a(65) }, "input.calId"],
    ["invitees count", { invitees: ids(300) }, { invitees: ids(301) }, "input.invitees"],
    ["hosts count", { settings: { hosts: ids(10) } }, { settings: { hosts: ids(11) } }, "input.settings.hosts"],
    ["userid bytes", { settings: { hosts: ["lisi", a(64)] } }, { settings: { hosts: ["lisi", a(65)] } }, "input.settings.hosts.1"],
    ["userid duplicates", { settings: { ringUsers: ["lisi", "wangwu"] } }, { settings: { ringUsers: ["lisi", "lisi"] } }, "input.settings.ringUsers.1"],
    ["password", { settings: { password: "123456" } }, { settings: { password: "1234567" } }, "input.settings.password"],
    [
      "repeatInterval",
      { reminders: { isRepeat: true, repeatType: "WEEKLY", repeatInterval: 2 } },
      { reminders: { isRepeat: true, repeatType: "WEEKLY", repeatInterval: 3 } },
      "input.reminders.repeatInterval",
    ],
    [
      "repeatInterval only weekly",
      { reminders: { isRepeat: true, repeatType: "WEEKLY", repeatInterval: 1 } },
      { reminders: { isRepeat: true, repeatType: "MONTHLY", repeatInterval: 1 } },
      "input.reminders.repeatInterval",
    ],
    [
      "repeatUntil",
      { meetingStart: start.toISOString(), reminders: { isRepeat: true, repeatUntil: new Date(start.getTime() + 1000).toISOString() } },
      { meetingStart: start.toISOString(), reminders: { isRepeat: true, repeatUntil: start.toISOString() } },
      "input.reminders.repeatUntil",
    ],
    [
      "remindBefore",
      { reminders: { remindBefore: ["AT_START", "ONE_DAY"] } },
      { reminders: { remindBefore: ["ONE_DAY", "AT_START", "ONE_DAY"] } },
      "input.reminders.remindBefore.2",
    ],
  ];

  test.each(cases)("%s", async (_group, accepted, refused, path) => {
    const ok = await gateway.request(CreateOnlyDocument, { input: minimalInput(accepted) });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data?.createMeeting?.id).toEqual(expect.any(String));
    // At least one create arrived (two when the gateway's cached token was forgotten by
    // sim.reset() and it retried once with a fresh one).
    const creates = sim.createRequests.length;
    expect(creates).toBeGreaterThan(0);

    const bad = await gateway.request(CreateOnlyDocument, { input: minimalInput(refused) });
    expect(bad.body.data?.createMeeting ?? null).toBeNull();
    expect(bad.body.errors).toHaveLength(1);
    expect(bad.body.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.body.errors![0].extensions?.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    expect(sim.createRequests).toHaveLength(creates); // nothing more reached the upstream
  });
});

describe("GraphQL coercion failures: BAD_USER_INPUT, HTTP 400, nothing sent", () => {
  const valid = () => ({ ...minimalInput(), settings: { remindScope: "HOST_ONLY" } });
  const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
    // Messages say what was expected and never repeat the value sent (here: no "3600", no "red").
    ["a string where an Int belongs", { ...valid(), meetingDuration: "3600" }, /input\.meetingDuration must be a whole number/, "input.meetingDuration"],
    ["an unknown enum value", { ...valid(), settings: { remindScope: "SOMETIMES" } }, /input\.settings\.remindScope is not a value of RemindScope/, "input.settings.remindScope"],
    ["a missing required field", (({ title: _title, ...rest }) => rest)(valid()), /input\.title is required \(String!\)/, "input.title"],
    ["a date-time that is not one", { ...valid(), meetingStart: "tomorrow at ten" }, /input\.meetingStart must be a date-time in ISO 8601/, "input.meetingStart"],
    ["a list element of the wrong type", { ...valid(), invitees: ["lisi", 42] }, /input\.invitees\.1 must be a string/, "input.invitees.1"],
    ["a field the input does not have", { ...valid(), colour: "red" }, /input\.colour is not a field of CreateMeetingInput/, "input.colour"],
  ];

  test.each(cases)("%s", async (_name, input, message, path) => {
    const { status, body } = await gateway.post({ query: CREATE, variables: { input } });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors![0].message).toMatch(message);
    expect(body.errors![0].message).not.toMatch(/3600|"red"|tomorrow at ten|SOMETIMES|Weekly sync/);
    expect(body.errors![0].extensions?.fields).toEqual([{ path, message: expect.any(String), code: expect.any(String) }]);
    expect(sim.createRequests).toHaveLength(0);
  });

  test("a null adminUserId from a service caller: the rule says it is required, HTTP 400 as well", async () => {
    const { status, body } = await gateway.post({ query: CREATE, variables: { input: { ...valid(), adminUserId: null } } });
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", fields: [{ path: "input.adminUserId", message: "is required", code: "REQUIRED" }] });
    expect(sim.createRequests).toHaveLength(0);
  });

  test("several bad variables are one error listing every path, like the input rules", async () => {
    const input = { ...valid(), meetingDuration: "long", invitees: ["lisi", 7], settings: { remindScope: "LOUD" } };
    const { status, body } = await gateway.post({ query: CREATE, variables: { input } });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors![0].extensions?.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ["input.invitees.1", "input.meetingDuration", "input.settings.remindScope"],
    );
    expect(sim.createRequests).toHaveLength(0);
  });

  test("wrong values written in the query itself are BAD_USER_INPUT with their paths", async () => {
    const query = `mutation {
      createMeeting(input: {
        adminUserId: "zhangsan", meetingStart: "2099-01-01T00:00:00Z", meetingDuration: "x",
        settings: { remindScope: LOUD }, invitees: ["lisi", 3]
      }) { id }
    }`;
    const { status, body } = await gateway.post({ query });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors![0].extensions?.fields.map((f: { path: string }) => f.path)).toEqual([
      "input.title",
      "input.meetingDuration",
      "input.settings.remindScope",
      "input.invitees.1",
    ]);
    expect(sim.createRequests).toHaveLength(0);
  });

  test("a query error that is not about input keeps its own code", async () => {
    const { status, body } = await gateway.post({ query: "{ meetings { id } }" });
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  test("a missing $input variable altogether", async () => {
    const { status, body } = await gateway.post({ query: CREATE, variables: {} });
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(sim.createRequests).toHaveLength(0);
  });
});

describe("after refusals", () => {
  test("refused requests followed by a valid one: only the valid one reaches the upstream", async () => {
    await gateway.request(CreateOnlyDocument, { input: minimalInput({ meetingDuration: 1 }) });
    await gateway.post({ query: CREATE, variables: { input: { ...minimalInput(), meetingDuration: "x" } } });
    const { body } = await gateway.request(CreateOnlyDocument, { input: minimalInput({ title: "valid" }) });
    expect(body.errors).toBeUndefined();
    expect(sim.createRequests).toEqual([expect.objectContaining({ title: "valid" })]);
  });
});
