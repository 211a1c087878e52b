/**
 * Who is asking (CONTRACT §8): a trusted backend with an API key, a signed-in user, or nobody
 * where the gateway runs without auth. Services act for any user; a user acts only as itself.
 */
export type Caller =
  | { readonly kind: "service" }
  | { readonly kind: "anonymous" }
  | { readonly kind: "user"; readonly userId: string };

export const SERVICE: Caller = Object.freeze({ kind: "service" });
export const ANONYMOUS: Caller = Object.freeze({ kind: "anonymous" });

/** The userid a user caller acts as; undefined for services and anonymous callers (they act for anyone). */
export const actingUser = (caller: Caller): string | undefined => (caller.kind === "user" ? caller.userId : undefined);
