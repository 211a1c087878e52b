import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Store } from "../store/store";
import { requireApiKey } from "./auth";
import type { GatewayConfig } from "./config";
import { createFormatError } from "./format-error";
import { limitParseOptions, limitValidationRules } from "./limits";
import { mergeInputErrorsPlugin } from "./merge-input-errors.plugin";
import type { GatewayMetrics } from "./metrics";
import { readiness } from "./readiness";
import { gatewayContext, recordOutcomePlugin, recordRequests, type GatewayContext } from "./request-log";
import { loadSandboxExample } from "./sandbox-example";

export interface HttpAppDeps {
  config: GatewayConfig;
  schema: GraphQLSchema;
  log: Logger;
  /** Readiness asks it whether it can serve. */
  store: Store;
  metrics: GatewayMetrics;
}

export interface HttpApp {
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
}

/** Express 5 around Apollo Server: /graphql, /health, /ready, /metrics, and the browser-facing rules. */
export async function createHttpApp({ config, schema, log, store, metrics }: HttpAppDeps): Promise<HttpApp> {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false); // a sha1 of every answer, for caches that never see a POST
  const httpServer = http.createServer(app);
  let draining = false;

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.sandbox,
    csrfPrevention: true,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: limitParseOptions(config.limits),
    validationRules: limitValidationRules(config.limits),
    formatError: createFormatError(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      // Readiness turns 503 as soon as draining starts, so balancers stop sending.
      { serverWillStart: async () => ({ drainServer: async () => void (draining = true) }) },
      recordOutcomePlugin(),
      config.sandbox ? sandboxLandingPage(config) : ApolloServerPluginLandingPageDisabled(),
      mergeInputErrorsPlugin,
      // Installed implicitly otherwise; cache control alone wraps every resolver with a hook.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();

  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", readiness(store, () => draining));
  // Open like /health: scraped from inside; it holds no secrets (see GatewayMetrics).
  app.get("/metrics", async (_req, res) => {
    const text = await metrics.render();
    res.setHeader("Content-Type", metrics.contentType); // as prom-client says (res.send would reorder it)
    res.end(text);
  });

  app.use(
    "/graphql",
    cors({
      origin: config.corsOrigins,
      methods: ["GET", "POST"],
      allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight"],
      exposedHeaders: ["x-request-id"],
      maxAge: 600,
    }), // answers preflights itself: they are no GraphQL request to log
    recordRequests(log, metrics),
    callerCheck(config, log),
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, { context: gatewayContext }),
  );

  app.use(bodyErrors);
  return { httpServer, apollo };
}

/** The API-key check, or a loud note that there is none. */
function callerCheck(config: GatewayConfig, log: Logger): RequestHandler {
  if (config.apiKeys.length > 0) return requireApiKey(config.apiKeys);
  if (config.production) {
    log.warn("GATEWAY_ALLOW_ANONYMOUS=true: /graphql checks no API key; the proxy in front must authenticate callers");
  } else {
    log.warn("GATEWAY_API_KEYS is not set: /graphql is OPEN, anyone who reaches it can create meetings");
  }
  return (_req, _res, next) => next();
}

function sandboxLandingPage(config: GatewayConfig) {
  return ApolloServerPluginLandingPageLocalDefault({
    ...loadSandboxExample(),
    // With keys, Sandbox shows an Authorization header for the user to fill in. Never a key
    // here: this page is served to anyone.
    embed: config.apiKeys.length > 0 ? { initialState: { sharedHeaders: { Authorization: "" } } } : true,
    footer: false,
  });
}

/** A body too large or not JSON answers in GraphQL's error shape, not as an HTML page. */
const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const status: number | undefined = error?.status ?? error?.statusCode;
  if (!status || status >= 500) return next(error);
  const message =
    error.type === "entity.too.large" ? `Request body is larger than the ${error.limit}-byte limit`
    : error.type === "entity.parse.failed" ? "Request body is not valid JSON"
    : error.message;
  res.status(status).json({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
};
