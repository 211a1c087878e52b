import { GraphQLError, Kind, OperationTypeNode, visit, type ASTNode, type ValidationRule } from "graphql";

/** The fields that call the upstream to change something (CONTRACT §7, §10). */
export const MUTATING_FIELDS: ReadonlySet<string> = new Set([
  "createMeeting",
  "updateMeeting",
  "cancelMeeting",
  "setMeetingInvitees",
]);

/**
 * At most `max` fields that change something upstream in one operation, counted in the
 * operation and in every fragment it uses, so that aliases and fragments cannot multiply them.
 */
export function maxMutationsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.MUTATION) return false;
      let count = countMutating(operation);
      for (const fragment of context.getRecursivelyReferencedFragments(operation)) count += countMutating(fragment);
      if (count > max) {
        context.reportError(
          new GraphQLError(
            `An operation may change at most ${max} meetings (createMeeting, updateMeeting, cancelMeeting, setMeetingInvitees); this one has ${count} such fields. Send them in separate requests.`,
            { nodes: operation },
          ),
        );
      }
      return false; // the fields were counted above; nothing more to visit
    },
  });
}

function countMutating(node: ASTNode): number {
  let count = 0;
  visit(node, {
    [Kind.FIELD](field) {
      if (MUTATING_FIELDS.has(field.name.value)) count++;
    },
  });
  return count;
}
