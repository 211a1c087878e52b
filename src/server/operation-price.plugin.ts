import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, type OperationDefinitionNode } from "graphql";
import type { GatewayConfig } from "./config";
import { documentCost } from "./document-cost";
import { ErrorCode } from "./error-codes";
import { OperationValues } from "./operation-values";
import type { RequestContext } from "./request-context";
import { estimateUpstreamCalls } from "./upstream-estimate";
import { checkUpstreamPrices } from "./upstream-prices";

type Limits = Pick<GatewayConfig["limits"], "maxUpstreamCallsPerRequest" | "maxCost">;

interface Price {
  calls: number;
  cost: number;
}

/**
 * Prices an operation with its variables after it is parsed, validated and chosen, and before it
 * runs (a validation rule never sees the variables): the WeCom calls it can cause
 * (GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST, upstream-estimate.ts) and the cost of its shape
 * (GATEWAY_MAX_COST, document-cost.ts). Over either: HTTP 400, nothing sent. The calls are also
 * counted as they are sent (upstream-call-cap.ts). The pricing table is checked against the
 * schema at start.
 */
export function operationPricePlugin(limits: Limits): ApolloServerPlugin<RequestContext> {
  // Apollo keeps parsed documents (its document store), so an operation whose price reads no
  // variable (a create, a read by id) is priced once, not on every request.
  const fixedPrices = new WeakMap<OperationDefinitionNode, Price>();
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ schema, document, operation, request }) {
      const root = operation && schema.getRootType(operation.operation);
      if (!operation || !root) return;
      let price = fixedPrices.get(operation);
      if (!price) {
        const values = new OperationValues(document, operation, request.variables);
        price = { calls: estimateUpstreamCalls(schema, root, operation.selectionSet, values), cost: documentCost(root, operation.selectionSet, values) };
        if (!values.readVariables) fixedPrices.set(operation, price);
      }
      const { calls, cost } = price;
      if (calls > limits.maxUpstreamCallsPerRequest) {
        throw new GraphQLError(
          `This operation can make up to ${calls} WeCom calls; one request may make at most ${limits.maxUpstreamCallsPerRequest}. ` +
            "Ask for fewer meetings (first), fewer aliases or fewer fields that WeCom must be asked for, or split it into several requests.",
          { extensions: { code: ErrorCode.TOO_MANY_UPSTREAM_CALLS, limit: limits.maxUpstreamCallsPerRequest, estimate: calls, http: { status: 400 } } },
        );
      }
      if (cost > limits.maxCost) {
        // Worded and coded as graphql-armor's validation rule answered it, which this replaces.
        throw new GraphQLError(`Query Cost limit of ${limits.maxCost} exceeded, found ${cost}.`, {
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
        });
      }
    },
  };
  return {
    async serverWillStart({ schema }) {
      checkUpstreamPrices(schema);
    },
    // One stateless listener for every request: nothing allocated per request.
    requestDidStart: () => Promise.resolve(listener),
  };
}
