import { AsyncLocalStorage } from "node:async_hooks";
import type { Caller } from "../auth/caller";
import type { MeetingLoaders } from "../meeting/domain/meeting.loaders";
import type { MeetingContext } from "../meeting/graphql/meeting.context";

/**
 * One /graphql request: its id, who is asking, its per-request loaders, and what it did (for the
 * log line and the metrics at its end). It is Apollo's context value, and it is also carried by
 * AsyncLocalStorage, so every log line below the edge carries the request id and the quotas know
 * whom to count, without passing it down by hand.
 */
export class RequestContext implements MeetingContext {
  caller: Caller;
  /**
   * What the request did, filled in on the way. An object of its own: Apollo hands resolvers and
   * plugins a shallow copy of the context, and this one must be shared with the HTTP layer.
   */
  readonly record: RequestRecord = {};
  /** WeCom calls this request has sent (the per-request cap, upstream-call-cap.ts). */
  upstreamCalls = 0;
  /** The request's trace, when tracing is on (CONTRACT §14): every log line of it carries the id. */
  traceId: string | undefined;
  private loaders: MeetingLoaders | undefined;

  constructor(
    readonly id: string,
    readonly started: number,
    caller: Caller,
    private readonly makeLoaders: () => MeetingLoaders,
  ) {
    this.caller = caller;
  }

  get meetingLoaders(): MeetingLoaders {
    return (this.loaders ??= this.makeLoaders());
  }
}

export interface RequestRecord {
  /** The operation's name; null when it has none; undefined when GraphQL never saw the request. */
  operation?: string | null;
  /** "ok" or the first error's code; unset: derived from the HTTP status. */
  outcome?: string;
  /** query or mutation, once GraphQL parsed the operation. */
  operationType?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served, wherever in its work the caller is; undefined outside requests. */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

export function runInRequest<T>(request: RequestContext, work: () => T): T {
  return storage.run(request, work);
}
