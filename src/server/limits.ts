import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, OperationTypeNode, type ParseOptions, type ValidationContext, type ValidationRule } from "graphql";
import type { GatewayConfig } from "./config";
import { maxMutationsRule } from "./max-mutations.rule";

type Limits = GatewayConfig["limits"];

/**
 * The token limit is enforced by graphql-js's own parser (`maxTokens`): it stops reading a
 * document at the first token too many. graphql-armor's max-tokens is an envelop plugin that
 * swaps the parse function, which Apollo Server does not let a plugin do; this is the same check.
 */
export function limitParseOptions(limits: Limits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * What a request may ask (CONTRACT.md §7), checked during validation: a refused operation is
 * HTTP 400 GRAPHQL_VALIDATION_FAILED and never executes.
 */
export function limitValidationRules(limits: Limits): ValidationRule[] {
  // Report rather than throw: a rule that throws escapes graphql's validate() (Apollo: HTTP 500).
  const armor = { propagateOnRejection: false, onReject: [reportRefusal] };
  return [
    // Fragments add no level (depth is the response's nesting). The `__schema` subtree is exempt:
    // tools' introspection queries measure 15 or more depending on their graphql-js version
    // (deeper `ofType` chains), and graphql-js's own introspection-depth rule, which Apollo
    // applies, already bounds `__schema { types { fields { type { fields … } } } }`.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...armor }),
    maxAliasesRule({ n: limits.maxAliases, ...armor }),
    // The cost and the upstream calls are priced once the variables are known: operation-price.plugin.ts.
    maxMutationsRule(limits.maxMutations),
    noSubscriptionsRule,
  ];
}

/** graphql-armor titles every refusal "Syntax Error: …"; it is a limit, not a syntax error. */
function reportRefusal(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ""), { nodes: error.nodes }));
}

/** The schema has no subscriptions: say so while validating, not as an error while executing. */
const noSubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      context.reportError(
        new GraphQLError("This gateway has no subscriptions: send a query or a mutation.", { nodes: operation }),
      );
    }
    return false;
  },
});
