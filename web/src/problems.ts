import type { CombinedError } from "@urql/core";

/** One entry of a BAD_USER_INPUT error's `extensions.fields`. */
export interface FieldProblem {
  path: string;
  message: string;
  code: string;
  limit?: number;
}

/** What the form shows beside a field, from the stable code (the gateway's English is the fallback). */
const WORDING: Record<string, (limit?: number) => string> = {
  REQUIRED: () => "Please fill this in.",
  TOO_LONG: (n) => `Too long: at most ${n} (WeCom counts bytes: a Chinese character is 3).`,
  TOO_SHORT: (n) => `Too short: at least ${n}.`,
  TOO_SMALL: (n) => `At least ${n}.`,
  TOO_LARGE: (n) => `At most ${n}.`,
  TOO_MANY: (n) => `At most ${n} people.`,
  NOT_IN_FUTURE: () => "Choose a time in the future.",
  OUT_OF_RANGE: () => "WeCom cannot hold this date.",
  INVALID_FORMAT: () => "Not a valid value.",
  INVALID_CHARACTERS: () => "Remove spaces and invisible characters.",
  DUPLICATE: () => "Listed twice.",
};

export function fieldProblems(error: CombinedError | undefined): FieldProblem[] {
  const first = error?.graphQLErrors.find((e) => e.extensions?.code === "BAD_USER_INPUT");
  return (first?.extensions?.fields as FieldProblem[] | undefined) ?? [];
}

export function wordingOf(problem: FieldProblem): string {
  const word = WORDING[problem.code];
  // A wording that names the limit is used only when the gateway gave it (arity 1: it takes one).
  return word && (word.length === 0 || problem.limit !== undefined) ? word(problem.limit) : problem.message;
}

/** What went wrong, as a person would want to be told, and what the app does about it. */
export type Trouble =
  | { kind: "session-ended" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "timeout"; message: string }
  | { kind: "other"; message: string };

export function troubleOf(error: CombinedError): Trouble {
  if ((error.response as Response | undefined)?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) return { kind: "session-ended" };
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  if (code === "RATE_LIMITED") return { kind: "rate-limited", retryAfterSeconds: Number(first.extensions.retryAfterSeconds ?? 5) };
  if (code === "UPSTREAM_TIMEOUT") return { kind: "timeout", message: "WeCom did not answer in time." };
  if (error.networkError) return { kind: "other", message: "The meeting service cannot be reached. Check your connection and try again." };
  return { kind: "other", message: first?.message ?? error.message };
}
