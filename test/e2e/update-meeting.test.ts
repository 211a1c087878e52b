// updateMeeting: only what the input names goes upstream; the same rules as a create (CONTRACT §10).
import { useGateway } from "../support/fixture";
import { CACHE_OFF } from "../support/gateway";
import { bookMeeting, codeOf, extensionsOf, fieldPathsOf, gql } from "../support/helpers";
import { tomorrow, unix } from "../support/inputs";

// Pins the upstream calls themselves, so the shared cache is off here (it has test/meeting-cache.test.ts).
const { sim, gateway } = useGateway({ WECOM_TIMEOUT_MS: "500", ...CACHE_OFF });
const UPDATE = "mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id excessUsers } }";
const update = (id: string, input: Record<string, unknown>, query = UPDATE) => gql(gateway, query, { id, input });
const sent = () => sim.calls("meeting/update").map((r) => r.body);

test("only the named fields are sent", async () => {
  const id = await bookMeeting(gateway);
  const answer = await update(id, { title: "Renamed", settings: { password: "2468" }, invitees: ["lisi"] });
  expect(answer.body.errors).toBeUndefined();
  expect(sent()).toEqual([{ meetingid: id, title: "Renamed", invitees: { userid: ["lisi"] }, settings: { password: "2468" } }]);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
  expect(sim.meeting(id)).toMatchObject({ title: "Renamed", invitees: ["lisi"] });
});

test("a new start alone keeps the meeting's duration: one get_info, then both together", async () => {
  const id = await bookMeeting(gateway, { meetingDuration: 2700 });
  const later = tomorrow(7200);
  const answer = await update(id, { meetingStart: later.toISOString() }, "mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { meetingStart meetingDuration meetingEnd } }");
  expect(sent()).toEqual([{ meetingid: id, meeting_start: unix(later), meeting_duration: 2700 }]);
  // The answer is the meeting as it is now: read afresh after the change.
  expect(answer.body.data.updateMeeting).toEqual({
    meetingStart: later.toISOString(),
    meetingDuration: 2700,
    meetingEnd: new Date(later.getTime() + 2_700_000).toISOString(),
  });
  expect(sim.calls("meeting/get_info")).toHaveLength(2); // the current duration, then the answer
});

test("a new duration alone keeps the start", async () => {
  const start = tomorrow();
  const id = await bookMeeting(gateway, { meetingStart: start.toISOString() });
  await update(id, { meetingDuration: 600 });
  expect(sent()).toEqual([{ meetingid: id, meeting_start: unix(start), meeting_duration: 600 }]);
});

test('null is the same as left out; "" clears a text field', async () => {
  const id = await bookMeeting(gateway, { description: "old", location: "room 1" });
  await update(id, { description: "", location: null, title: "T" });
  expect(sent()).toEqual([{ meetingid: id, title: "T", description: "" }]);
});

test("invitees given replace the list; the answer knows them without get_info", async () => {
  const id = await bookMeeting(gateway, { invitees: ["lisi", "wangwu"] });
  const answer = await update(id, { invitees: ["zhaoliu"] }, "mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { invitees } }");
  expect(answer.body.data.updateMeeting.invitees).toEqual(["zhaoliu"]);
  expect(sim.meeting(id)?.invitees).toEqual(["zhaoliu"]);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
});

test("excess_users come back", async () => {
  const id = await bookMeeting(gateway);
  sim.excessUsers = ["lisi"];
  const answer = await update(id, { invitees: ["lisi", "wangwu"] });
  expect(answer.body.data.updateMeeting.excessUsers).toEqual(["lisi"]);
});

test("every violation at once, with the create's paths, and nothing sent", async () => {
  const id = await bookMeeting(gateway);
  const answer = await update(id, { title: "\u200b", meetingDuration: 100, invitees: ["a", "a"], settings: { password: "12" } });
  expect(codeOf(answer)).toBe("BAD_USER_INPUT");
  expect(fieldPathsOf(answer)).toEqual(["input.title", "input.meetingDuration", "input.invitees.1", "input.settings.password"]);
  expect(sent()).toHaveLength(0);
});

test("an input that changes nothing is refused", async () => {
  const id = await bookMeeting(gateway);
  expect(extensionsOf(await update(id, {}))).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "input" }] });
  expect(sent()).toHaveLength(0);
});

test.each([
  ["empty settings", { settings: {} }],
  ["settings all null", { settings: { password: null, enableWaitingRoom: null, hosts: null, remindScope: null } }],
  ["empty reminders", { reminders: {} }],
  ["both empty, the rest null", { title: null, settings: {}, reminders: { isRepeat: null } }],
])("an input that names only empty groups changes nothing and is refused before anything is read or sent: %s", async (_name, input) => {
  const id = await bookMeeting(gateway);
  const answer = await update(id, input, "mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id title invitees } }");
  expect(extensionsOf(answer)).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "input", code: "NOTHING_TO_CHANGE", message: "must change at least one field" }] });
  expect(answer.status).toBe(400);
  expect(sim.calls("meeting/update")).toHaveLength(0);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
  expect(sim.calls("meeting/get_invitees")).toHaveLength(0);
});

test("an empty list is a change: invitees [] or remindBefore [] is sent", async () => {
  const id = await bookMeeting(gateway);
  expect((await update(id, { reminders: { remindBefore: [] } })).body.errors).toBeUndefined();
  expect(sent()).toEqual([{ meetingid: id, reminders: { remind_before: [] } }]);
});

test("a meeting that has started is WECOM_ERROR 400221 with a hint", async () => {
  const id = sim.seedMeeting({ meeting_start: Math.floor(Date.now() / 1000) - 60 });
  const answer = await update(id, { title: "Too late" });
  expect(extensionsOf(answer)).toMatchObject({ code: "WECOM_ERROR", errcode: 400221, hint: expect.stringMatching(/started/) });
});

test("an unknown meeting is NOT_FOUND", async () => {
  expect(codeOf(await update("no-such-meeting", { title: "x" }))).toBe("NOT_FOUND");
});

test("an update that timed out: UPSTREAM_TIMEOUT, repeating it is harmless; -1 is not retried", async () => {
  const id = await bookMeeting(gateway);
  sim.endpoint("meeting/update").hang = true;
  const timedOut = await update(id, { title: "Slow" });
  expect(codeOf(timedOut)).toBe("UPSTREAM_TIMEOUT");
  expect(timedOut.body.errors![0].message).toMatch(/may have been applied; repeating the same request is harmless/);
  sim.endpoint("meeting/update").hang = false;

  sim.endpoint("meeting/update").failNext({ errcode: -1 });
  const busy = await update(id, { title: "Busy" });
  expect(extensionsOf(busy)).toMatchObject({ code: "WECOM_ERROR", errcode: -1 });
  expect(sim.calls("meeting/update")).toHaveLength(2); // one each: the busy one was not repeated
});
