import type { GetMeetingInfoResult } from "../../wecom/wecom.types";

/** The operator's bounds on how long a change made outside the gateway may stay invisible (CONTRACT §11). */
export interface StaleBounds {
  /** Meetings whose status may change soon (starting within the hour, in progress, ended within the hour), and invitee lists. 0: not kept. */
  nearMs: number;
  /**
   * Listings (ids only). Their own bound, the near one unless the operator sets it: what WeCom
   * changes in a listing on its own is only what other apps write, and a listing kept no longer
   * than a frontend's refresh interval serves at most one refresh in three (CONTRACT §11). 0: not kept.
   */
  listingMs: number;
  /** Meetings further ahead or long over. 0: not kept. */
  farMs: number;
}

const HOUR_MS = 3_600_000;
const CANCELLED = 4;

/** Far lifetimes are shortened by up to this share, at random, so entries filled together do not all expire together. */
const FAR_SPREAD = 0.25;

/**
 * How long a `get_info` answer read at `nowMs` may be kept. Near its start or end the upstream's
 * status changes on its own, so the near bound applies; further out the far bound (less up to a
 * quarter, by `spread` in [0, 1): a cold start's reads then come due spread over minutes, not in
 * one), but never past the moment the meeting comes within the hour of one of its occurrences.
 */
export function meetingLifetimeMs(info: GetMeetingInfoResult, nowMs: number, bounds: Pick<StaleBounds, "nearMs" | "farMs">, spread = 0): number {
  const far = bounds.farMs * (1 - FAR_SPREAD * spread);
  if (info.status === CANCELLED) return far; // nothing changes a cancelled meeting any more
  let untilNear = Number.POSITIVE_INFINITY;
  for (const [start, end] of spans(info)) {
    if (nowMs >= start - HOUR_MS && nowMs <= end + HOUR_MS) return bounds.nearMs;
    if (start - HOUR_MS > nowMs) untilNear = Math.min(untilNear, start - HOUR_MS - nowMs);
  }
  if (bounds.farMs === 0) return 0;
  return Math.min(far, Math.max(bounds.nearMs, untilNear));
}

/** The meeting's own span and every occurrence's, in ms. */
function spans(info: GetMeetingInfoResult): Array<[number, number]> {
  const start = (info.meeting_start ?? 0) * 1000;
  const all: Array<[number, number]> = [[start, start + (info.meeting_duration ?? 0) * 1000]];
  for (const o of info.sub_meetings ?? []) all.push([(o.start_time ?? 0) * 1000, (o.end_time ?? 0) * 1000]);
  return all;
}
