/**
 * The occurrences of a repeating meeting (create-meeting.md, Reminders): from meeting_start,
 * every day (repeat_type 0), every week or every other week (1, repeat_interval 1 or 2), every
 * month (2) or every workday (7), up to repeat_until or the upstream maximum: 200 occurrences
 * daily, weekly and on workdays, 50 fortnightly and monthly.
 *
 * Calendar rules (weekdays, month lengths) are China's: UTC+8, which has no daylight saving.
 * Workdays are Monday to Friday (public holidays are not modelled); a monthly meeting on the
 * 29th to 31st falls on the last day of a shorter month.
 */
import type { MeetingRemindersBody } from "../wecom.types";

const DAY = 86400;
const CHINA_OFFSET = 8 * 3600;

export function isRepeating(reminders: MeetingRemindersBody | undefined): boolean {
  return reminders?.is_repeat === 1;
}

/** Most occurrences upstream keeps for these reminders. */
export function maxOccurrences(r: MeetingRemindersBody): number {
  const type = r.repeat_type ?? 0;
  if (type === 2) return 50;
  if (type === 1 && (r.repeat_interval ?? 1) === 2) return 50;
  return 200;
}

/** Start times (unix seconds) of every occurrence; one element for a one-off meeting. */
export function occurrenceStarts(start: number, reminders: MeetingRemindersBody | undefined): number[] {
  if (!reminders || !isRepeating(reminders)) return [start];
  const max = maxOccurrences(reminders);
  const until = reminders.repeat_until ?? Number.POSITIVE_INFINITY;
  const next = stepper(start, reminders);
  const starts = [start]; // the first is the meeting itself, whatever day it falls on
  while (starts.length < max) {
    const t = next(starts.length);
    if (t > until) break;
    starts.push(t);
  }
  return starts;
}

/** The repeat_until upstream reports: as sent when within the maximum, else the last occurrence. */
export function effectiveRepeatUntil(start: number, reminders: MeetingRemindersBody): number {
  const starts = occurrenceStarts(start, reminders);
  const last = starts[starts.length - 1];
  const sent = reminders.repeat_until;
  return sent !== undefined && starts.length < maxOccurrences(reminders) ? sent : last;
}

/** The k-th occurrence's start (k ≥ 1), computed from the first. */
function stepper(start: number, r: MeetingRemindersBody): (k: number) => number {
  switch (r.repeat_type ?? 0) {
    case 1: {
      const weeks = r.repeat_interval ?? 1;
      return (k) => start + k * weeks * 7 * DAY;
    }
    case 2:
      return (k) => addMonths(start, k);
    case 7: {
      // Walks forward day by day from the previous workday; remembered between calls.
      let last = start;
      return () => {
        do last += DAY;
        while (isWeekend(last));
        return last;
      };
    }
    default:
      return (k) => start + k * DAY;
  }
}

function addMonths(start: number, months: number): number {
  const local = new Date((start + CHINA_OFFSET) * 1000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const ms = Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds());
  return ms / 1000 - CHINA_OFFSET;
}

function isWeekend(t: number): boolean {
  const weekday = new Date((t + CHINA_OFFSET) * 1000).getUTCDay();
  return weekday === 0 || weekday === 6;
}
