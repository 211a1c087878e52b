import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { ListingWants } from "../domain/meeting.listing";

/** Meeting fields answered without get_info (ids, what a change answered, or a read of their own). */
const WITHOUT_DETAILS = new Set(["id", "__typename", "excessUsers", "invitees"]);

/**
 * What a `meetings` selection reads of each meeting on the page: whether any of
 * `edges { node { … } }` needs get_info. Fragments are followed; directives are not weighed (a
 * field under @skip still counts: the estimate errs towards asking for budget).
 */
export function listingWants(info: GraphQLResolveInfo): ListingWants {
  const nodes = fieldsNamed(info, info.fieldNodes.map((f) => f.selectionSet), "edges").flatMap((edges) => fieldsNamed(info, [edges], "node"));
  return { details: nodes.some((node) => fieldNames(info, node).some((name) => !WITHOUT_DETAILS.has(name))) };
}

function fieldsNamed(info: GraphQLResolveInfo, sets: Array<SelectionSetNode | undefined>, name: string): SelectionSetNode[] {
  const found: SelectionSetNode[] = [];
  for (const set of sets) {
    for (const field of flatten(info, set)) if (field.name === name && field.set) found.push(field.set);
  }
  return found;
}

function fieldNames(info: GraphQLResolveInfo, set: SelectionSetNode): string[] {
  return flatten(info, set).map((f) => f.name);
}

/** The fields of a selection set, fragments spread in. */
function flatten(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, depth = 0): Array<{ name: string; set?: SelectionSetNode }> {
  if (!set || depth > 10) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [{ name: s.name.value, set: s.selectionSet }];
    if (s.kind === Kind.INLINE_FRAGMENT) return flatten(info, s.selectionSet, depth + 1);
    return flatten(info, info.fragments[s.name.value]?.selectionSet, depth + 1);
  });
}
