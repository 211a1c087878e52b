import type { Violation } from "./rules";

/** An input broke rules: nothing was sent. The edge answers BAD_USER_INPUT with `fields`. */
export class InvalidInputError extends Error {
  constructor(readonly violations: readonly Violation[]) {
    super(`Invalid input: ${violations.map((v) => `${v.path} ${v.message}`).join("; ")}`);
    this.name = "InvalidInputError";
  }
}

/** Throws InvalidInputError when there is any violation. */
export function refuseViolations(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new InvalidInputError(violations);
}
