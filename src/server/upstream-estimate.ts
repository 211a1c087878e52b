import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { OperationValues } from "./operation-values";
import { UPSTREAM_PRICES, type UpstreamRead } from "./upstream-prices";

/** A type with fields. */
export type Composite = GraphQLObjectType | GraphQLInterfaceType;

/** What a fragment costs where it is spread: its own calls, and the reads it asks of the object it is spread on. */
interface FragmentCost {
  calls: number;
  reads: UpstreamRead[];
}

/**
 * The most WeCom calls an operation can cause with its variables (UPSTREAM_PRICES), before it
 * runs: `meetings` without `first` lists 20, `@skip`/`@include` are honoured, and each fragment
 * is priced once per place it lands however often it is spread (no fragment bomb).
 */
export function estimateUpstreamCalls(schema: GraphQLSchema, root: GraphQLObjectType, selection: SelectionSetNode, values: OperationValues): number {
  return new Estimate(schema, values).of(selection, root, undefined);
}

class Estimate {
  private readonly fragmentCosts = new Map<string, FragmentCost>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly values: OperationValues,
  ) {}

  /** The calls of one object's selection: its fields' own, what is below them, and its shared reads once each. */
  of(set: SelectionSetNode, type: Composite, paid: UpstreamRead | undefined): number {
    const reads = new Set<UpstreamRead>();
    const calls = this.fields(set, type, paid, reads, new Set());
    return calls + reads.size;
  }

  private fields(set: SelectionSetNode, type: Composite, paid: UpstreamRead | undefined, reads: Set<UpstreamRead>, spreading: Set<string>): number {
    let calls = 0;
    for (const selection of set.selections) {
      if (!this.values.included(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) {
        calls += this.field(selection, type, paid, reads);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : type;
        calls += this.fields(selection.selectionSet, isComposite(on) ? on : type, paid, reads, spreading);
      } else if (!spreading.has(selection.name.value)) {
        // Cycles are refused by validation; `spreading` only keeps this walk finite regardless.
        const cost = this.fragment(selection.name.value, type, paid, spreading);
        calls += cost.calls;
        for (const read of cost.reads) reads.add(read);
      }
    }
    return calls;
  }

  private field(node: FieldNode, type: Composite, paid: UpstreamRead | undefined, reads: Set<UpstreamRead>): number {
    const definition = type.getFields()[node.name.value];
    if (!definition) return 0; // __typename, introspection
    const price = UPSTREAM_PRICES[`${type.name}.${node.name.value}`];
    let calls = price?.calls ?? 0;
    if (price?.read && price.read !== paid) reads.add(price.read);
    const child = getNamedType(definition.type);
    if (node.selectionSet && isComposite(child)) {
      const items = price?.items ? price.items(this.values.arguments(definition, node)) : 1;
      if (items > 0) calls += items * this.of(node.selectionSet, child, price?.answersRead);
    }
    return calls;
  }

  private fragment(name: string, type: Composite, paid: UpstreamRead | undefined, spreading: Set<string>): FragmentCost {
    const key = `${name}\0${type.name}\0${paid ?? ""}`;
    const known = this.fragmentCosts.get(key);
    if (known) return known;
    const definition = this.values.fragment(name);
    const cost: FragmentCost = { calls: 0, reads: [] };
    if (definition) {
      const on = this.schema.getType(definition.typeCondition.name.value);
      const reads = new Set<UpstreamRead>();
      spreading.add(name);
      cost.calls = this.fields(definition.selectionSet, isComposite(on) ? on : type, paid, reads, spreading);
      spreading.delete(name);
      cost.reads = [...reads];
    }
    this.fragmentCosts.set(key, cost);
    return cost;
  }
}

export function isComposite(type: unknown): type is Composite {
  return isObjectType(type) || isInterfaceType(type);
}
