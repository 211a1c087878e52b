import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { inputErrorFields } from "./input-error-fields";

/**
 * The last stop of every error on its way out: typed errors pass as they are; anything
 * unexpected is logged and masked, so no internal detail (or secret) reaches a client.
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code === "BAD_USER_INPUT" || code === "GRAPHQL_VALIDATION_FAILED") {
      const fields = formatted.extensions?.fields ?? inputErrorFields(formatted, error as GraphQLError);
      if (fields) return { ...formatted, extensions: { code: "BAD_USER_INPUT", fields } };
    }
    if (code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: unwrapResolverError(error) }, "unexpected error while serving a request");
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code },
    };
  };
}
