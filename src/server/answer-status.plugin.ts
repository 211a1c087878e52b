import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { invalidInputAnswer, MAX_PROBLEMS, notListed, type FieldError } from "../rules/input-error";
import { ErrorCode } from "./error-codes";

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
    if (errors.length > 1 && errors.every(isInputError)) result.errors = [merge(errors)];

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

const isInputError = (error: GraphQLFormattedError) =>
  error.extensions?.code === ErrorCode.BAD_USER_INPUT && Array.isArray(error.extensions.fields);

/** No data, or every root field null. */
function nothingAnswered(data: Record<string, unknown> | null | undefined): boolean {
  if (data == null) return true;
  for (const key in data) if (data[key] !== null) return false;
  return true;
}

/** One error of several input errors' fields (a problem two of them report is listed once). */
function merge(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError {
  const all = new Map<string, FieldError>();
  for (const error of errors) {
    for (const field of error.extensions!.fields as FieldError[]) all.set(`${field.code} ${field.path}`, field);
  }
  const fields = [...all.values()].slice(0, MAX_PROBLEMS);
  if (all.size > MAX_PROBLEMS) fields.push(notListed("", all.size - MAX_PROBLEMS));
  return { ...invalidInputAnswer(fields), locations: errors.flatMap((e) => e.locations ?? []).slice(0, MAX_PROBLEMS) };
}
