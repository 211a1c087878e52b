import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import {
  coerceInputValue,
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
 * The variables of an operation, checked before it runs, with the input rules' shape and paths:
 * first any list longer than any argument takes (refused before anything reads its elements),
 * then GraphQL's own coercion (graphql-js' `coerceInputValue`, the function execution uses), each
 * problem placed at the argument path its variable is used in. Execution then coerces the same
 * values again and cannot fail on them.
 */
export function variableCheckPlugin(options: ProblemOptions): ApolloServerPlugin {
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ schema, document, operation, request }) {
      if (!operation) return; // Apollo has already refused it
      const fields = checkVariables(schema, document, operation, request.variables ?? {}, options);
      if (fields.length > 0) throw new InvalidInputError(fields);
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
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
