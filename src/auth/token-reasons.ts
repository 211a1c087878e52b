import { errors } from "jose";

/**
 * A short reason a token was refused, for the 401 answer (CONTRACT §8): never the token itself,
 * and nothing a caller could use to probe the keys.
 */
export function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "wrong audience";
    if (error.claim === "iss") return "wrong issuer";
    if (error.claim === "nbf") return "token not yet valid";
    if (error.claim === "exp") return "token has no expiry (exp is required)";
    return `claim ${error.claim} invalid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature invalid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof errors.JWKSNoMatchingKey) return "signing key unknown";
  if (error instanceof errors.JWKSMultipleMatchingKeys) return "signing key ambiguous";
  return "malformed token";
}

/** Failures to fetch the identity provider's keys (down, slow, not JSON): not the caller's fault. */
export function keySetUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.code === "ERR_JOSE_GENERIC" && /JSON Web Key Set HTTP response/.test(error.message);
  return error instanceof TypeError; // fetch's own "fetch failed"
}
