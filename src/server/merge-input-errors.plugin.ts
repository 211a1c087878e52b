import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";

const BAD_USER_INPUT = "BAD_USER_INPUT";

/**
 * GraphQL reports each bad variable or literal as its own error; a frontend wants what the
 * gateway's own rules give: one BAD_USER_INPUT error whose `fields` name every bad path.
 */
const listener: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ response }) {
    if (response.body.kind !== "single") return;
    const errors = response.body.singleResult.errors;
    if (!errors || errors.length < 2 || !errors.every(isInputError)) return;
    response.body.singleResult.errors = [merge(errors)];
  },
};

export const mergeInputErrorsPlugin: ApolloServerPlugin = {
  // One stateless listener for every request: nothing allocated per request.
  requestDidStart: () => Promise.resolve(listener),
};

const isInputError = (error: GraphQLFormattedError) =>
  error.extensions?.code === BAD_USER_INPUT && Array.isArray(error.extensions.fields);

function merge(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError {
  const fields = errors.flatMap((error) => error.extensions!.fields as unknown[]);
  return {
    message: `Invalid input: ${errors.map((e) => e.message).join("; ")}`,
    locations: errors.flatMap((e) => e.locations ?? []),
    extensions: { code: BAD_USER_INPUT, fields },
  };
}
