import { getNamedType, Kind, type FieldNode, type GraphQLObjectType, type SelectionSetNode } from "graphql";
import type { OperationValues } from "./operation-values";
import { isComposite, type Composite } from "./upstream-estimate";
import { UPSTREAM_PRICES } from "./upstream-prices";

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

/**
 * The cost of an operation's shape (GATEWAY_MAX_COST): graphql-armor cost-limit's formula —
 * an object 2, a scalar 1, each level below the root ×1.5, fragments flattened, `__schema` free —
 * with one change: a list is multiplied by its length as the pricing table sizes it (`first` of
 * `meetings`), read from the variables and defaults. graphql-armor's rule, a validation rule,
 * read only a literal `first`: the same operation with `first: $n` cost a hundredth.
 */
export function documentCost(root: GraphQLObjectType, selection: SelectionSetNode, values: OperationValues): number {
  return new DocumentCost(values).children(selection, root, 1, new Set());
}

class DocumentCost {
  private readonly fragmentCosts = new Map<string, number>();

  constructor(private readonly values: OperationValues) {}

  children(set: SelectionSetNode, type: Composite | undefined, factor: number, spreading: Set<string>): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (!this.values.included(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) cost += factor * this.field(selection, type, spreading);
      else if (selection.kind === Kind.INLINE_FRAGMENT) cost += this.children(selection.selectionSet, type, factor, spreading);
      else if (!spreading.has(selection.name.value)) cost += this.fragment(selection.name.value, type, factor, spreading);
    }
    return cost;
  }

  private field(node: FieldNode, type: Composite | undefined, spreading: Set<string>): number {
    if (node.name.value === "__schema") return 0; // bounded by graphql-js's introspection rule and the depth limit
    if (!node.selectionSet) return SCALAR_COST;
    const definition = type?.getFields()[node.name.value];
    const child = definition ? getNamedType(definition.type) : undefined;
    const price = definition ? UPSTREAM_PRICES[`${type!.name}.${node.name.value}`] : undefined;
    const items = definition && price?.items ? Math.max(1, price.items(this.values.arguments(definition, node))) : 1;
    return (OBJECT_COST + this.children(node.selectionSet, isComposite(child) ? child : undefined, DEPTH_FACTOR, spreading)) * items;
  }

  /** A fragment costs what its fields cost where it is spread; priced once per place and level. */
  private fragment(name: string, type: Composite | undefined, factor: number, spreading: Set<string>): number {
    const key = `${name}\0${type?.name ?? ""}\0${factor}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) return known;
    const definition = this.values.fragment(name);
    let cost = 0;
    if (definition) {
      spreading.add(name);
      cost = this.children(definition.selectionSet, type, factor, spreading);
      spreading.delete(name);
    }
    this.fragmentCosts.set(key, cost);
    return cost;
  }
}
