import { GraphQLError, Kind, OperationTypeNode, visit, type ASTNode, type ValidationRule } from "graphql";

/** The fields that call the upstream to change something (CONTRACT §7, §10). */
export const MUTATING_FIELDS: ReadonlySet<string> = new Set([
  "createMeeting",
  "updateMeeting",
  "cancelMeeting",
  "setMeetingInvitees",
]);

/** Sign-ins need no credential: one per operation, so one anonymous request is one WeCom call. */
const SIGN_IN = "signInWithWecom";

/**
 * At most `max` fields that change something upstream in one operation, and one sign-in, counted
 * in the operation and in every fragment it uses, so that aliases and fragments cannot multiply them.
 */
export function maxMutationsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.MUTATION) return false;
      const nodes = [operation, ...context.getRecursivelyReferencedFragments(operation)];
      const count = nodes.reduce((n, node) => n + countFields(node, (name) => MUTATING_FIELDS.has(name)), 0);
      const signIns = nodes.reduce((n, node) => n + countFields(node, (name) => name === SIGN_IN), 0);
      if (signIns > 1) {
        context.reportError(new GraphQLError(`An operation may sign in once; this one has ${signIns} ${SIGN_IN} fields.`, { nodes: operation }));
      }
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

function countFields(node: ASTNode, counts: (name: string) => boolean): number {
  let count = 0;
  visit(node, {
    [Kind.FIELD](field) {
      if (counts(field.name.value)) count++;
    },
  });
  return count;
}
