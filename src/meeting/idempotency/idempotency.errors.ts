/** The key was first used with another input (CONTRACT §6); nothing was sent. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super("This idempotencyKey was already used with a different input; nothing was sent");
    this.name = "IdempotencyKeyReusedError";
  }
}

/**
 * Whether the key's first call created the meeting cannot be told yet (§6); nothing was sent.
 * `retryAfterSeconds`: when asking again may tell.
 */
export class IdempotencyOutcomeUnknownError extends Error {
  constructor(
    readonly why: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(why);
    this.name = "IdempotencyOutcomeUnknownError";
  }
}
