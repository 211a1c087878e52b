/** The upstream does not know the meeting, or another app made it (which must not be told apart). */
export class MeetingNotFoundError extends Error {
  constructor(readonly id: string) {
    super("No such meeting (or it belongs to another app)");
    this.name = "MeetingNotFoundError";
  }
}

/** Upstream errcodes that mean "no such meeting" to the caller (§10): unknown, deleted, another app's. */
export const NOT_FOUND_ERRCODES: ReadonlySet<number> = new Set([90602, 730008, 730005]);

/** The meeting is already cancelled (upstream 400041): cancelling it again is not an error (§10). */
export const ALREADY_CANCELLED = 400041;

/** The corp lacks WeCom's advanced meeting features, or the app the permission, for an endpoint. */
export const FEATURE_MISSING_ERRCODES: ReadonlySet<number> = new Set([400226, 48002, 730007]);
