import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import { MAX_PROBLEMS } from "../rules/input-error";
import { ErrorCode } from "./error-codes";

/** Errors one answer lists, as the input rules list problems: the rest are counted. */
export const MAX_ERRORS_LISTED = MAX_PROBLEMS;

/**
 * An answer lists at most MAX_ERRORS_LISTED errors, then one more, TOO_MANY_ERRORS, whose
 * `extensions.omitted` counts the errors left out. Without it, a few bytes of query (aliases of
 * nullable fields over a listing, each failing on its own) answered megabytes of errors.
 * Registered after answerStatusPlugin, so the HTTP status is judged on every error first.
 */
const listener: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ response }) {
    const result = response.body.kind === "single" ? response.body.singleResult : response.body.initialResult;
    const errors = result.errors;
    if (!errors || errors.length <= MAX_ERRORS_LISTED) return;
    const omitted = errors.length - MAX_ERRORS_LISTED;
    result.errors = [
      ...errors.slice(0, MAX_ERRORS_LISTED),
      {
        message: `…and ${omitted} more errors, not listed: an answer lists at most ${MAX_ERRORS_LISTED}.`,
        extensions: { code: ErrorCode.TOO_MANY_ERRORS, omitted },
      },
    ];
  },
};

export const errorCapPlugin: ApolloServerPlugin = {
  // One stateless listener for every request: nothing allocated per request.
  requestDidStart: () => Promise.resolve(listener),
};
