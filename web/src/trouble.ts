import type { CombinedError } from "@urql/core";
import { say } from "./dom";
import { troubleOf } from "./problems";

let sessionEnded = (): void => {};

/** What the app does when the session has ended (main.ts: back to the sign-in). */
export function onSessionEnded(then: () => void): void {
  sessionEnded = then;
}

/** What every view does with an error it cannot show beside a field; `retry` does the same again. */
export function handle(error: CombinedError, retry: () => void): void {
  const trouble = troubleOf(error);
  if (trouble.kind === "session-ended") {
    sessionEnded();
  } else if (trouble.kind === "rate-limited") {
    // Asked too often: wait as told, then do it again for the person.
    let left = trouble.retryAfterSeconds;
    const tick = () => {
      if (left <= 0) return void (say(""), retry());
      say(`Too many requests right now. Trying again in ${left} s…`);
      left--;
      setTimeout(tick, 1000);
    };
    tick();
  } else if (trouble.kind === "timeout") {
    say(`${trouble.message} It may have gone through: the list shows what WeCom has. Try again if it is missing.`);
  } else {
    say(trouble.message);
  }
}
