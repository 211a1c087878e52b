import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { AnyEndpoint } from "./wecom.endpoints";
import { UpstreamError } from "./wecom.errors";
import type { WecomResult } from "./wecom.types";

/**
 * One HTTP exchange with WeCom as a client span under the request's (CONTRACT §14): the endpoint's
 * path (never the URL: it carries the token or the corp secret), the errcode, whether it is a
 * retry, and what became of it. Nothing is injected into the request: WeCom gets no trace header.
 * With no trace in progress (tracing off, or no request) it costs one context lookup.
 */
export async function inUpstreamSpan<T extends WecomResult>(endpoint: AnyEndpoint, retry: boolean, exchange: () => Promise<T>): Promise<T> {
  const parent = trace.getActiveSpan();
  if (!parent) return exchange();
  const span = trace.getTracer("wecom-meeting-gateway").startSpan(`wecom ${endpoint.path}`, {
    kind: SpanKind.CLIENT,
    attributes: { "wecom.endpoint": endpoint.path, "wecom.retry": retry },
  });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), exchange);
    span.setAttributes({ "wecom.errcode": result.errcode, "wecom.outcome": result.errcode === 0 ? "ok" : "errcode" });
    if (result.errcode !== 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `errcode ${result.errcode}` });
    return result;
  } catch (error) {
    // The kind of failure and whether WeCom can have received it; not the message (it may quote WeCom).
    const outcome = error instanceof UpstreamError ? error.delivery : "error";
    span.setAttributes({ "wecom.outcome": outcome, "error.type": error instanceof Error ? error.name : "unknown" });
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    throw error;
  } finally {
    span.end();
  }
}
