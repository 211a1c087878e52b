import type { ServerResponse } from "node:http";
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import pino, { type Logger } from "pino";
import type { GatewayMetrics } from "./metrics";
import type { RequestContext } from "./request-context";

/** A caller-chosen operation name is logged (and traced) at most this long. */
export const LOGGED_NAME_CHARS = 100;

/**
 * One log line and the request metrics for a /graphql request that ended, whatever answered it.
 * The line is the logger's own format, written to its own stream, but built as one string: it
 * runs for every request, and its fields are fixed and hold no secret (no redaction is needed).
 */
export function logRequest(log: Logger, metrics: GatewayMetrics, request: RequestContext, res: ServerResponse): void {
  const seconds = (performance.now() - request.started) / 1000;
  const { record } = request;
  const outcome = outcomeOf(request, res);
  metrics.graphqlRequest(record.operation, outcome, seconds);
  if (!log.isLevelEnabled("info")) return;
  const operation = record.operation == null ? "null" : JSON.stringify(record.operation.slice(0, LOGGED_NAME_CHARS));
  const stream = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];
  stream.write(
    `{"level":30,"time":"${new Date().toISOString()}","service":"wecom-meeting-gateway","requestId":"${request.id}",` +
      (request.traceId ? `"traceId":"${request.traceId}",` : "") +
      `"operation":${operation},"caller":"${request.caller.kind}","outcome":${JSON.stringify(outcome)},"status":${res.statusCode},` +
      `"durationMs":${Math.round(seconds * 10_000) / 10},"msg":"graphql request"}\n`,
  );
}

/** "ok", or the code of what went wrong, for the log line, the metrics and the span. */
export function outcomeOf(request: RequestContext, res: ServerResponse): string {
  return !res.writableFinished ? "CLIENT_CLOSED" : request.record.outcome ?? outcomeOfStatus(res.statusCode);
}

/** Fills in the request's operation and outcome from what Apollo is about to send. */
export function recordOutcomePlugin(): ApolloServerPlugin<RequestContext> {
  // Shared by every request: it keeps no state of its own.
  const listener: GraphQLRequestListener<RequestContext> = {
    async willSendResponse({ contextValue, operationName, operation, request, response }) {
      const record = contextValue.record;
      record.operation = operationName ?? request.operationName ?? null;
      record.operationType = operation?.operation;
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
  return { requestDidStart: () => Promise.resolve(listener) };
}

/** For answers Apollo's request pipeline never saw (the credential check, body errors, batching, CSRF). */
function outcomeOfStatus(status: number): string {
  if (status < 400) return "ok";
  if (status === 401) return "UNAUTHENTICATED";
  if (status < 500) return "BAD_REQUEST";
  return "INTERNAL_SERVER_ERROR";
}
