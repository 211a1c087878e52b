import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import {
  coerceInputValue,
  GraphQLError,
  Kind,
  isNonNullType,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { FieldErrors, InvalidInputError, MAX_LIST_ITEMS, problem, type FieldError } from "../rules/input-error";
import { argumentPathsOfVariables, at, problemsAt, ruleOf, typeAt, type ProblemOptions } from "./input-problems";
import { oversizedList } from "./oversized-lists";

/**
 * The variables of an operation, with the input rules' shape and paths. Before it runs: any list
 * longer than any argument takes is refused (before graphql-js reads its elements). Then
 * execution coerces the variables (graphql-js' `coerceInputValue`); only when that refuses them
 * are they coerced once more here, to report every problem at the argument path its variable is
 * used in, in place of graphql-js' messages. A request with good variables pays nothing extra.
 */
export function variableCheckPlugin(options: ProblemOptions): ApolloServerPlugin {
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ schema, document, operation, request }) {
      if (!operation || oversizedList(request.variables ?? {}) === undefined) return;
      throw new InvalidInputError(checkVariables(schema, document, operation, request.variables ?? {}, options));
    },
    async didEncounterErrors({ schema, document, operation, request, errors }) {
      if (!operation || !document || !errors.some(refusedVariable)) return;
      const fields = checkVariables(schema, document, operation, request.variables ?? {}, options);
      // Apollo formats this very list after its listeners have seen it: the answer is the rules' shape.
      if (fields.length === 0) return;
      const invalid = new InvalidInputError(fields);
      (errors as GraphQLError[]).splice(0, errors.length, new GraphQLError(invalid.message, { originalError: invalid }));
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

/** An error of graphql-js' variable coercion (Apollo's BAD_USER_INPUT at a variable's definition). */
function refusedVariable(error: GraphQLError): boolean {
  return error.extensions?.code === "BAD_USER_INPUT" && error.nodes?.length === 1 && error.nodes[0].kind === Kind.VARIABLE_DEFINITION;
}

export function checkVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: ProblemOptions,
): FieldError[] {
  const argumentPaths = argumentPathsOfVariables(document);
  const pathOf = (variable: string) => argumentPaths.get(variable) ?? variable;

  const long = oversizedList(variables);
  if (long !== undefined) {
    const [variable, ...rest] = long.split(".");
    const path = [pathOf(variable), ...rest].join(".");
    return [{ path, ...problem("TOO_MANY", `must list at most ${MAX_LIST_ITEMS} items (no argument takes more)`, MAX_LIST_ITEMS) }];
  }

  const out = new FieldErrors();
  const add = (found: FieldError) => out.add(ruleOf(found.path), found.path, found);
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType; // validation made sure it is one
    const path = pathOf(name);
    if (!Object.hasOwn(variables, name)) {
      if (definition.defaultValue === undefined && isNonNullType(type)) add({ path, ...problem("REQUIRED", "is required") });
      continue;
    }
    // An object missing two fields is reported twice at its own path; its problems are listed once.
    const seen = new Set<string>();
    coerceInputValue(variables[name], type, (segments, invalid) => {
      const where = segments.reduce<string>((p, s) => at(p, s), path);
      if (seen.has(where)) return;
      seen.add(where);
      const expected = typeAt(type, segments);
      if (expected) for (const found of problemsAt(where, invalid, expected, options)) add(found);
    });
  }
  return out.list();
}
