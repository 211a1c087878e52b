import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";
import type { GatewayConfig } from "./config";

/**
 * OpenTelemetry traces (CONTRACT §14), on when an OTLP endpoint is configured. The gateway makes
 * its spans itself through the API (src/server/request-span.ts, src/wecom/wecom.tracing.ts);
 * no auto-instrumentation runs: the stock `http` instrumentation would record WeCom's URLs (which
 * carry the corp secret and the access token) and inject `traceparent` into calls to WeCom.
 * Off, the API's tracer is a no-op and the request path skips tracing altogether.
 * The exporter reads the standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, protocol);
 * the batch processor OTEL_BSP_*.
 */
export function startTracing(config: GatewayConfig, log: Logger): (() => Promise<void>) | undefined {
  if (!config.tracing) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.tracing.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracingOn = true;
  log.info({ serviceName: config.tracing.serviceName }, "tracing: OpenTelemetry spans exported over OTLP/HTTP");
  return async () => {
    tracingOn = false;
    await provider.shutdown(); // flushes what is batched
    trace.disable();
    propagation.disable();
    context.disable();
  };
}

let tracingOn = false;

/** Whether spans are being made: the hot paths skip all tracing work when not. */
export const tracing = (): boolean => tracingOn;

/** The tracer of the gateway's own spans. */
export const tracer = () => trace.getTracer("wecom-meeting-gateway");
