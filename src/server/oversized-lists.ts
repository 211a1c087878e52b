import { MAX_LIST_ITEMS } from "../rules/input-error";

/** Variables nest no deeper than this in a valid request; deeper ones are not walked. */
const MAX_DEPTH = 8;

/**
 * The path of the first list in `variables` longer than any argument takes, or undefined.
 * Checked on the raw JSON before GraphQL coerces it, so a refusal of a huge list costs a walk,
 * not the coercion and the rules of every element.
 */
export function oversizedList(variables: unknown, path = "", depth = 0): string | undefined {
  if (depth > MAX_DEPTH || typeof variables !== "object" || variables === null) return undefined;
  if (Array.isArray(variables)) {
    if (variables.length > MAX_LIST_ITEMS) return path;
    for (let i = 0; i < variables.length; i++) {
      const found = oversizedList(variables[i], `${path}.${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key in variables) {
    const found = oversizedList((variables as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
