import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { GatewayMetrics } from "./metrics";

/** What one /graphql request did; filled in on the way, logged and counted once at its end. */
export interface RequestRecord {
  id: string;
  started: number;
  /** The operation's name; null when it has none; undefined when GraphQL never saw the request. */
  operation?: string | null;
  /** "ok" or the first error's code; unset: derived from the HTTP status. */
  outcome?: string;
}

/** Apollo's context value: the resolvers need nothing, the request plugin needs the record. */
export interface GatewayContext {
  request: RequestRecord;
}

// Echoed into a header and the logs: only plain ids, so a caller can't inject anything.
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Express middleware for /graphql: gives each request an id (the caller's `x-request-id`, or a
 * new one, echoed as `x-request-id`), and when the response ends writes one log line and the
 * request metrics, whatever answered it (the key check, the body parser or Apollo).
 */
export function recordRequests(log: Logger, metrics: GatewayMetrics): RequestHandler {
  // One listener for all requests (no closure per request): `this` is the response.
  function onClose(this: Response) {
    const record: RequestRecord = this.locals.request;
    const seconds = (performance.now() - record.started) / 1000;
    const outcome = !this.writableFinished ? "CLIENT_CLOSED" : record.outcome ?? outcomeOfStatus(this.statusCode);
    metrics.graphqlRequest(record.operation, outcome, seconds);
    log.info(
      {
        requestId: record.id,
        operation: record.operation ?? null,
        outcome,
        status: this.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
      },
      "graphql request",
    );
  }
  return (req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID();
    res.setHeader("x-request-id", id);
    res.locals.request = { id, started: performance.now() } satisfies RequestRecord;
    res.once("close", onClose);
    next();
  };
}

/** The request's context for Apollo, from what recordRequests stored. */
export function gatewayContext({ res }: { res: Response }): Promise<GatewayContext> {
  return Promise.resolve({ request: res.locals.request });
}

/** Fills in the record's operation and outcome from what Apollo is about to send. */
export function recordOutcomePlugin(): ApolloServerPlugin<GatewayContext> {
  // Shared by every request: it keeps no state of its own.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async willSendResponse({ contextValue, operationName, request, response }) {
      const record = contextValue.request;
      record.operation = operationName ?? request.operationName ?? null;
      const body = response.body;
      const errors = body.kind === "single" ? body.singleResult.errors : body.initialResult.errors;
      if (!errors?.length) {
        record.outcome = "ok";
      } else {
        const code = errors[0].extensions?.code;
        record.outcome = typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

/** For answers Apollo's request pipeline never saw (the key check, body errors, batching, CSRF). */
function outcomeOfStatus(status: number): string {
  if (status < 400) return "ok";
  if (status === 401) return "UNAUTHENTICATED";
  if (status < 500) return "BAD_REQUEST";
  return "INTERNAL_SERVER_ERROR";
}
