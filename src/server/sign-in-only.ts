import type { IncomingMessage } from "node:http";
import { Kind, OperationTypeNode, parse, type DocumentNode, type SelectionSetNode } from "graphql";

const SIGN_IN_FIELDS = new Set(["signInWithWecom", "__typename"]);
/** Sign-in documents are small; a larger one is not looked at (it needs a credential). */
const MAX_TOKENS = 200;

/**
 * Whether a request without a credential may pass (CONTRACT §8): its operation selects only
 * `signInWithWecom`, the one thing done before anyone is signed in. Parsed with a small token
 * limit, since anyone can send this.
 */
export function onlySignsIn(body: unknown, req: IncomingMessage): boolean {
  if (req.method !== "POST" || typeof body !== "object" || body === null) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string") return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS, noLocation: true });
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
  if (!chosen || chosen.operation !== OperationTypeNode.MUTATION) return false;
  // Fragments are not followed: a sign-in needs none.
  return selectsOnly(chosen.selectionSet);
}

function selectsOnly(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((s) => s.kind === Kind.FIELD && SIGN_IN_FIELDS.has(s.name.value));
}
