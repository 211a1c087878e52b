// cancelMeeting: the whole meeting (a series), or one occurrence (CONTRACT §10).
import { useGateway } from "../support/fixture";
import { bookMeeting, extensionsOf, gql } from "../support/helpers";
import { tomorrow } from "../support/inputs";

const { sim, gateway } = useGateway();
const CANCEL = "mutation($id: ID!, $occurrenceId: ID) { cancelMeeting(id: $id, occurrenceId: $occurrenceId) { id status } }";
const cancel = (id: string, occurrenceId?: string, query = CANCEL) => gql(gateway, query, { id, occurrenceId });
const weekly = () => {
  const start = tomorrow();
  return { meetingStart: start.toISOString(), reminders: { isRepeat: true, repeatType: "WEEKLY", repeatUntil: new Date(start.getTime() + 21 * 86_400_000).toISOString() } };
};

test("the whole meeting: CANCELLED, without a get_info to say so", async () => {
  const id = await bookMeeting(gateway);
  const answer = await cancel(id);
  expect(answer.body).toEqual({ data: { cancelMeeting: { id, status: "CANCELLED" } } });
  expect(sim.calls("meeting/cancel").map((r) => r.body)).toEqual([{ meetingid: id }]);
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
  expect(sim.meeting(id)?.status).toBe(4);
});

test("cancelling a cancelled meeting answers it CANCELLED, not an error", async () => {
  const id = await bookMeeting(gateway);
  await cancel(id);
  const again = await cancel(id);
  expect(again.body).toEqual({ data: { cancelMeeting: { id, status: "CANCELLED" } } });
});

test("a repeating meeting: the series by default", async () => {
  const id = await bookMeeting(gateway, weekly());
  await cancel(id);
  expect(sim.meeting(id)?.status).toBe(4);
});

test("one occurrence (advanced features): that occurrence is cancelled, the series goes on", async () => {
  sim.advanced = true;
  const id = await bookMeeting(gateway, weekly());
  const read = await gql(gateway, "query($id: ID!) { meeting(id: $id) { occurrences { id cancelled } } }", { id });
  const second = read.body.data.meeting.occurrences[1].id;
  const answer = await cancel(id, second, "mutation($id: ID!, $occurrenceId: ID) { cancelMeeting(id: $id, occurrenceId: $occurrenceId) { status occurrences { id cancelled } } }");
  expect(answer.body.errors).toBeUndefined();
  expect(sim.calls("meeting/cancel").map((r) => r.body)).toEqual([{ meetingid: id, sub_meetingid: second }]);
  expect(answer.body.data.cancelMeeting.status).toBe("UPCOMING");
  expect(answer.body.data.cancelMeeting.occurrences.filter((o: any) => o.cancelled).map((o: any) => o.id)).toEqual([second]);
});

test("one occurrence without the advanced features: WECOM_ERROR 400226, whose hint says so", async () => {
  sim.advanced = false;
  const id = await bookMeeting(gateway, weekly());
  const answer = await cancel(id, "1893456000");
  expect(extensionsOf(answer)).toMatchObject({ code: "WECOM_ERROR", errcode: 400226, hint: expect.stringMatching(/advanced meeting features/) });
});

test("a meeting in progress: WECOM_ERROR 400224 with a hint", async () => {
  const id = sim.seedMeeting({ meeting_start: Math.floor(Date.now() / 1000) - 60 });
  expect(extensionsOf(await cancel(id))).toMatchObject({ code: "WECOM_ERROR", errcode: 400224, hint: expect.stringMatching(/started/) });
});

test("an unknown meeting is NOT_FOUND; a bad occurrenceId is BAD_USER_INPUT, nothing sent", async () => {
  expect(extensionsOf(await cancel("no-such-meeting"))).toMatchObject({ code: "NOT_FOUND" });
  expect(extensionsOf(await cancel("x", "a b"))).toMatchObject({ code: "BAD_USER_INPUT", fields: [{ path: "occurrenceId" }] });
  expect(sim.calls("meeting/cancel")).toHaveLength(1);
});
