import type { GetMeetingInfoResult } from "../../wecom/wecom.types";

/** The operator's bounds on how long a change made outside the gateway may stay invisible (CONTRACT §11). */
export interface StaleBounds {
  /** Meetings whose status may change soon (starting within the hour, in progress, ended within the hour), and listings. 0: not kept. */
  nearMs: number;
  /** Meetings further ahead or long over. 0: not kept. */
  farMs: number;
}

const HOUR_MS = 3_600_000;
const CANCELLED = 4;

/**
 * How long a `get_info` answer read at `nowMs` may be kept. Near its start or end the upstream's
 * status changes on its own, so the near bound applies; further out the far bound, but never past
 * the moment the meeting comes within the hour of one of its occurrences.
 */
export function meetingLifetimeMs(info: GetMeetingInfoResult, nowMs: number, bounds: StaleBounds): number {
  if (info.status === CANCELLED) return bounds.farMs; // nothing changes a cancelled meeting any more
  let untilNear = Number.POSITIVE_INFINITY;
  for (const [start, end] of spans(info)) {
    if (nowMs >= start - HOUR_MS && nowMs <= end + HOUR_MS) return bounds.nearMs;
    if (start - HOUR_MS > nowMs) untilNear = Math.min(untilNear, start - HOUR_MS - nowMs);
  }
  if (bounds.farMs === 0) return 0;
  return Math.min(bounds.farMs, Math.max(bounds.nearMs, untilNear));
}

/** The meeting's own span and every occurrence's, in ms. */
function spans(info: GetMeetingInfoResult): Array<[number, number]> {
  const start = (info.meeting_start ?? 0) * 1000;
  const all: Array<[number, number]> = [[start, start + (info.meeting_duration ?? 0) * 1000]];
  for (const o of info.sub_meetings ?? []) all.push([(o.start_time ?? 0) * 1000, (o.end_time ?? 0) * 1000]);
  return all;
}
