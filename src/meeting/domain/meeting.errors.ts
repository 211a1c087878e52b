/** The upstream does not know the meeting, or another app made it (which must not be told apart). */
export class MeetingNotFoundError extends Error {
  constructor(readonly id: string) {
    super("No such meeting (or it belongs to another app)");
    this.name = "MeetingNotFoundError";
  }
}
