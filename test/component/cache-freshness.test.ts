// How long a get_info answer is kept (CONTRACT §11): pure logic, so a unit test.
import { meetingLifetimeMs } from "../../src/meeting/cache/freshness";

const NOW = 1_900_000_000_000;
const bounds = { nearMs: 60_000, farMs: 900_000 };
const at = (minutesFromNow: number, durationMinutes = 60, extra: object = {}) => ({
  errcode: 0, errmsg: "ok", status: 1, meeting_start: Math.floor(NOW / 1000) + minutesFromNow * 60, meeting_duration: durationMinutes * 60, ...extra,
});

test.each([
  ["starting within the hour", at(30), 60_000],
  ["in progress", at(-10), 60_000],
  ["ended within the hour", at(-100), 60_000],
  ["a day ahead: the far bound", at(24 * 60), 900_000],
  ["ended a day ago: the far bound", at(-24 * 60), 900_000],
  ["70 minutes ahead: only until it comes within the hour", at(70), 600_000],
  ["62 minutes ahead: never below the near bound", at(62), 120_000],
  ["cancelled, even within the hour: nothing changes it any more", at(10, 60, { status: 4 }), 900_000],
  ["a repeating one whose next occurrence is within the hour", at(-7 * 24 * 60, 60, { sub_meetings: [{ sub_meetingid: "s", start_time: Math.floor(NOW / 1000) + 1200, end_time: Math.floor(NOW / 1000) + 4800 }] }), 60_000],
])("%s", (_name, info, expected) => {
  expect(meetingLifetimeMs(info, NOW, bounds)).toBe(expected);
});

test("far lifetimes are spread over their last quarter, never beyond the bound", () => {
  expect(meetingLifetimeMs(at(24 * 60), NOW, bounds, 0.999)).toBeCloseTo(675_225, -1);
  expect(meetingLifetimeMs(at(30), NOW, bounds, 0.999)).toBe(60_000); // near: the bound itself
});

test("a bound of 0 keeps nothing of its class", () => {
  expect(meetingLifetimeMs(at(24 * 60), NOW, { nearMs: 60_000, farMs: 0 })).toBe(0);
  expect(meetingLifetimeMs(at(30), NOW, { nearMs: 0, farMs: 900_000 })).toBe(0);
});
