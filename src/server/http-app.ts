import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type ErrorRequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Store } from "../store/store";
import type { GatewayConfig } from "./config";
import { createFormatError } from "./format-error";
import { mergeInputErrorsPlugin } from "./merge-input-errors.plugin";
import type { GatewayMetrics } from "./metrics";
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
  apollo: ApolloServer;
}

/** Express 5 around Apollo Server: /graphql, /health, and the browser-facing rules. */
export async function createHttpApp({ config, schema, log }: HttpAppDeps): Promise<HttpApp> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer({
    schema,
    introspection: config.sandbox,
    csrfPrevention: true,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ ...loadSandboxExample(), embed: true, footer: false })
        : ApolloServerPluginLandingPageDisabled(),
      mergeInputErrorsPlugin,
    ],
  });
  await apollo.start();

  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.use(
    "/graphql",
    cors({ origin: config.corsOrigins, methods: ["GET", "POST"], allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight"] }),
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo),
  );

  app.use(bodyErrors);
  return { httpServer, apollo };
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
