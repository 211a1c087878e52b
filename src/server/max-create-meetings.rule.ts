import { GraphQLError, Kind, visit, type ASTNode, type ValidationRule } from "graphql";

/**
 * At most `max` createMeeting fields in one operation, counting those reached through
 * fragments: each one is an upstream call, so one request must not fan out into many.
 * Counting field nodes is an upper bound on what executes (a repeated spread merges).
 */
export function maxCreateMeetingsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      let count = countCreateMeetings(operation);
      for (const fragment of context.getRecursivelyReferencedFragments(operation)) {
        count += countCreateMeetings(fragment);
      }
      if (count > max) {
        context.reportError(
          new GraphQLError(
            `An operation may create at most ${max} meetings; this one has ${count} createMeeting fields. Send them in separate requests.`,
            { nodes: operation },
          ),
        );
      }
      return false; // the fields were counted above; nothing more to visit
    },
  });
}

function countCreateMeetings(node: ASTNode): number {
  let count = 0;
  visit(node, {
    [Kind.FIELD](field) {
      if (field.name.value === "createMeeting") count++;
    },
  });
  return count;
}
