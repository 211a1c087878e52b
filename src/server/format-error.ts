import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { invalidInputAnswer } from "../rules/input-error";
import { WecomApiError } from "../wecom/wecom.errors";
import { ErrorCode } from "./error-codes";
import { mapError } from "./error-mapping";
import { literalProblems } from "./literal-problems";
import { currentRequest } from "./request-context";
import { WecomRefusalLog } from "./wecom-refusal";

/** No message leaves longer than this (graphql-js's own quote what the client sent). */
const MAX_MESSAGE_CHARS = 1_000;

/**
 * The last stop of every error on its way out, and the one place errors get their codes: the
 * domain's and the upstream's errors are mapped (error-mapping.ts), WeCom's refusals for the
 * caller asking and logged for the operator (wecom-refusal.ts); values written in the query
 * that validation refused take the input rules' shape; client mistakes that graphql-js reports
 * without a code are BAD_REQUEST; anything else is our bug: logged and masked, so no internal
 * detail reaches a client.
 */
export function createFormatError(log: Logger, options: { hideSchemaDetails: boolean; schema: GraphQLSchema }) {
  const refusals = new WecomRefusalLog(log);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = causeOf(error);
    const caller = currentRequest()?.caller.kind;
    if (original instanceof WecomApiError) refusals.refused(original);
    const mapped = mapError(original, { trusted: caller === "service" || caller === "anonymous" });
    if (mapped) return { message: mapped.message, locations: formatted.locations, path: formatted.path, extensions: mapped.extensions };

    const code = formatted.extensions?.code;
    if (code === "GRAPHQL_VALIDATION_FAILED" && error instanceof GraphQLError) {
      const fields = literalProblems(error, options.schema, options);
      // The message names the fields only: graphql-js's own quotes the whole value (a password too).
      if (fields) return { ...invalidInputAnswer(fields), locations: formatted.locations };
    }
    if (code === ErrorCode.INTERNAL_SERVER_ERROR && !isClientMistake(original)) {
      log.error({ err: original }, "unexpected error while serving a request");
      return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return {
      message: bounded(formatted.message),
      locations: formatted.locations,
      path: formatted.path,
      extensions: code === ErrorCode.INTERNAL_SERVER_ERROR ? { ...extensions, code: ErrorCode.BAD_REQUEST } : extensions,
    };
  };
}

/**
 * The error of ours behind a GraphQL error: a resolver's (unwrapped by Apollo's helper), or one a
 * plugin threw before execution (which Apollo wraps without a path).
 */
function causeOf(error: unknown): unknown {
  const unwrapped = unwrapResolverError(error);
  return unwrapped instanceof GraphQLError && unwrapped.path === undefined && unwrapped.originalError ? unwrapped.originalError : unwrapped;
}

/** graphql-js refuses some requests with a bare GraphQLError during execution (no cause of ours). */
function isClientMistake(error: unknown): boolean {
  return error instanceof GraphQLError && error.originalError === undefined;
}

function bounded(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}
