import type http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { answerStatusPlugin } from "./answer-status.plugin";
import type { GatewayConfig } from "./config";
import { errorCapPlugin } from "./error-cap.plugin";
import { createFormatError } from "./format-error";
import { limitParseOptions, limitValidationRules } from "./limits";
import { operationPricePlugin } from "./operation-price.plugin";
import type { RequestContext } from "./request-context";
import { recordOutcomePlugin } from "./request-log";
import { sandboxLandingPage } from "./sandbox";
import { variableCheckPlugin } from "./variable-check.plugin";

export interface GraphQLServerDeps {
  config: GatewayConfig;
  schema: GraphQLSchema;
  log: Logger;
  httpServer: http.Server;
  /** Told when draining starts, so readiness turns 503 and balancers stop sending. */
  onDrain: () => void;
  /** What Sandbox shows to fill in (an Authorization header when auth is configured). */
  sandboxHeaders: Record<string, string>;
}

/** Apollo Server with the gateway's rules: limits, error shapes, no persisted queries, Sandbox per config. */
export function createGraphQLServer({ config, schema, log, httpServer, onDrain, sandboxHeaders }: GraphQLServerDeps): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema,
    introspection: config.sandbox,
    // Where the schema is not shown, error messages do not suggest field names either.
    hideSchemaDetailsFromClientErrors: !config.sandbox,
    csrfPrevention: true,
    // Automatic persisted queries are off: the contract has none, and a bad hash was an internal error.
    persistedQueries: false,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: limitParseOptions(config.limits),
    validationRules: limitValidationRules(config.limits),
    formatError: createFormatError(log, { hideSchemaDetails: !config.sandbox, schema }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      { serverWillStart: async () => ({ drainServer: async () => onDrain() }) },
      recordOutcomePlugin(),
      config.sandbox ? sandboxLandingPage(sandboxHeaders) : ApolloServerPluginLandingPageDisabled(),
      variableCheckPlugin({ hideSchemaDetails: !config.sandbox }),
      operationPricePlugin(config.limits), // after variableCheckPlugin: an oversized list is refused as BAD_USER_INPUT first
      answerStatusPlugin,
      errorCapPlugin, // after answerStatusPlugin: the status is judged on every error
      // Installed implicitly otherwise; cache control alone wraps every resolver with a hook.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
}
