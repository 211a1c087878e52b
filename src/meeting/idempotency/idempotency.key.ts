import type { FieldError } from "../../rules/input-error";

/** Longer keys are refused: a key names a request, it is not a place to store data. */
export const IDEMPOTENCY_KEY_MAX_CHARS = 200;

/** The rules for `idempotencyKey` (absent is fine: the create is simply not idempotent). */
export function checkIdempotencyKey(key: string | null | undefined): FieldError[] {
  if (key === null || key === undefined) return [];
  const path = "idempotencyKey";
  if (key.trim() === "") {
    return [{ path, message: "must not be empty or blank; leave it out for a create without one", code: "REQUIRED" }];
  }
  if (key.length > IDEMPOTENCY_KEY_MAX_CHARS) {
    return [{ path, message: `must be at most ${IDEMPOTENCY_KEY_MAX_CHARS} characters; this is ${key.length}`, code: "TOO_LONG", limit: IDEMPOTENCY_KEY_MAX_CHARS }];
  }
  // Two keys that differ only in lone surrogates would hash alike once encoded as UTF-8.
  if (!key.isWellFormed()) return [{ path, message: "must be valid Unicode text (it holds a lone surrogate)", code: "INVALID_CHARACTERS" }];
  return [];
}
