// The meeting as stored (idempotency records, the shared cache): every Date comes back a Date,
// and a record that is not one this version writes is refused, not passed on half-read.
import { decodeMeetingDetails, decodeMeetingSnapshot, encodeMeetingDetails, encodeMeetingSnapshot, MalformedMeetingRecordError } from "../../src/meeting/domain/meeting.codec";
import { MeetingStatus, RemindBefore, RepeatType } from "../../src/meeting/domain/meeting.enums";
import { fromMeetingInfo } from "../../src/meeting/domain/meeting.mapping";
import type { MeetingSnapshot } from "../../src/meeting/domain/meeting.model";

const start = new Date("2030-01-07T02:00:00.000Z");
const snapshot: MeetingSnapshot = {
  id: "m1",
  known: {
    title: "Weekly sync",
    adminUserId: "zhangsan",
    meetingStart: start,
    meetingDuration: 3600,
    reminders: { isRepeat: true, repeatType: RepeatType.WEEKLY, repeatUntil: new Date("2030-02-07T02:00:00.000Z"), repeatInterval: 2, remindBefore: [RemindBefore.ONE_HOUR] },
    status: MeetingStatus.UPCOMING,
    invitees: ["lisi"],
  },
};
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test("a snapshot comes back from JSON equal, its times Dates", () => {
  const back = decodeMeetingSnapshot(throughJson(encodeMeetingSnapshot(snapshot)));
  expect(back).toEqual(snapshot);
  expect(back.known.meetingStart).toBeInstanceOf(Date);
  expect(back.known.reminders?.repeatUntil).toBeInstanceOf(Date);
  // What JSON.stringify writes of the snapshot itself reads back the same.
  expect(decodeMeetingSnapshot(throughJson(snapshot))).toEqual(snapshot);
});

test("get_info details come back with every Date, attendees' and occurrences' included", () => {
  const details = {
    ...fromMeetingInfo({
    errcode: 0, errmsg: "ok", title: "t", admin_userid: "zhangsan", meeting_start: 1_893_981_600, meeting_duration: 3600, status: 1,
    attendees: { member: [{ userid: "lisi", status: 1, first_join_time: 1_893_981_700, last_quit_time: 1_893_981_800, cumulative_time: 100 }] },
    sub_meetings: [{ sub_meetingid: "s1", start_time: 1_893_981_600, end_time: 1_893_985_200, status: 0 }],
    }),
    fetchedAt: new Date(1_893_981_000_000),
  };
  const back = decodeMeetingDetails(throughJson(encodeMeetingDetails(details)));
  expect(back).toEqual(details);
  expect(back.attendees[0].firstJoinAt).toBeInstanceOf(Date);
  expect(back.occurrences[0].end).toBeInstanceOf(Date);
  expect(back.fetchedAt).toBeInstanceOf(Date);
});

test.each([
  ["a time that is not a time", { id: "m1", known: { meetingStart: "soon" } }],
  ["a number where a Date was", { id: "m1", known: { meetingStart: 1_893_981_600 } }],
  ["an unknown status", { id: "m1", known: { status: "POSTPONED" } }],
  ["no id", { known: {} }],
  ["not an object", "m1"],
])("a malformed record is refused: %s", (_name, stored) => {
  expect(() => decodeMeetingSnapshot(stored)).toThrow(MalformedMeetingRecordError);
});
