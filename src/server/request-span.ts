import type { IncomingMessage, ServerResponse } from "node:http";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { RequestContext } from "./request-context";
import { LOGGED_NAME_CHARS, outcomeOf } from "./request-log";
import { tracer, tracing } from "./tracing";

/**
 * Runs a /graphql request inside its span: the operation's type and name, the caller's kind and
 * the outcome code, set when the answer ends (whoever answered it). An incoming W3C `traceparent`
 * continues its trace. Never an input value, a credential or a header.
 */
export function inRequestSpan(req: IncomingMessage, res: ServerResponse, request: RequestContext, work: () => Promise<void>): Promise<void> {
  if (!tracing()) return work();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan("graphql", { kind: SpanKind.SERVER }, parent);
  request.traceId = span.spanContext().traceId;
  res.once("close", () => {
    const { record } = request;
    const outcome = outcomeOf(request, res);
    const name = record.operation?.slice(0, LOGGED_NAME_CHARS);
    if (record.operationType) span.updateName(`${record.operationType} ${name ?? "(anonymous)"}`);
    span.setAttributes({
      ...(record.operationType ? { "graphql.operation.type": record.operationType } : {}),
      ...(name ? { "graphql.operation.name": name } : {}),
      "gateway.caller.kind": request.caller.kind,
      "gateway.outcome": outcome,
      "http.response.status_code": res.statusCode,
    });
    if (outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), work);
}
