import type { Caller } from "../../auth/caller";
import type { MeetingLoaders } from "../domain/meeting.loaders";

/** What the meeting resolvers need of a request's context (the server's context provides it). */
export interface MeetingContext {
  readonly caller: Caller;
  /** Made on first use, once per request. */
  readonly meetingLoaders: MeetingLoaders;
}
