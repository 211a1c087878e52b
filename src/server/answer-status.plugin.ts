import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { IN_ALL } from "../rules/rules";
import { ErrorCode, invalidInputMessage, type FieldError } from "./error-mapping";

/** Input problems kept in one merged error, as the rules keep; the rest are counted. */
const MAX_FIELDS = IN_ALL;

/** The HTTP status of an operation refused as a whole, by the code every one of its errors has. */
const WHOLE_REFUSAL_STATUS: Readonly<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.TOO_MANY_UPSTREAM_CALLS]: 400,
};

/**
 * Shapes what Apollo is about to send, so a frontend reads one contract:
 * - GraphQL reports each bad variable or literal as its own error; they become one
 *   BAD_USER_INPUT error whose `fields` name every bad path, like the gateway's own rules.
 * - When nothing in the operation was answered and every error has one of the codes above, the
 *   HTTP status says so (400, 401, 403, 429 with Retry-After, 400 for a request that reached its
 *   cap of upstream calls). When some field answered, 200.
 */
const listener: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ response }) {
    if (response.body.kind !== "single") return;
    const result = response.body.singleResult;
    const errors = result.errors;
    if (!errors?.length) return;
    if (errors.length > 1 && errors.every((e) => isInputError(e) || TOO_MANY.test(e.message))) result.errors = [merge(errors)];

    const code = result.errors![0].extensions?.code;
    const status = typeof code === "string" ? WHOLE_REFUSAL_STATUS[code] : undefined;
    if (status === undefined || !nothingAnswered(result.data) || !result.errors!.every((e) => e.extensions?.code === code)) return;
    response.http.status = status;
    if (code === ErrorCode.RATE_LIMITED) {
      const seconds = Math.max(1, ...result.errors!.map((e) => Number(e.extensions?.retryAfterSeconds) || 1));
      response.http.headers.set("retry-after", String(seconds));
    }
  },
};

export const answerStatusPlugin: ApolloServerPlugin = {
  // One stateless listener for every request: nothing allocated per request.
  requestDidStart: () => Promise.resolve(listener),
};

/** graphql-js stops coercing variables after 50 errors and says so in an error of its own. */
const TOO_MANY = /^Too many errors processing variables/;

const isInputError = (error: GraphQLFormattedError) =>
  error.extensions?.code === ErrorCode.BAD_USER_INPUT && Array.isArray(error.extensions.fields);

/** No data, or every root field null. */
function nothingAnswered(data: Record<string, unknown> | null | undefined): boolean {
  if (data == null) return true;
  for (const key in data) if (data[key] !== null) return false;
  return true;
}

function merge(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError {
  const all = errors.flatMap((error) => (error.extensions?.fields as FieldError[] | undefined) ?? []);
  const truncated = errors.some((e) => TOO_MANY.test(e.message));
  const fields: FieldError[] = all.slice(0, MAX_FIELDS);
  if (all.length > MAX_FIELDS || truncated) {
    const more = all.length - fields.length;
    fields.push({ path: "", message: truncated ? "…and more problems, not examined" : `…and ${more} more problems, not listed` });
  }
  return {
    message: invalidInputMessage(fields),
    locations: errors.flatMap((e) => e.locations ?? []).slice(0, MAX_FIELDS),
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
  };
}
