import { bookingForm } from "./booking";
import { h, say, shown } from "./dom";
import { meetingList, meetingPage } from "./meetings";
import { onSessionEnded } from "./trouble";
import { session } from "./session";
import { finishSignIn, signInPage, startSignIn } from "./sign-in";

const app = document.getElementById("app")!;

function showSignIn(message = ""): void {
  say(message);
  const dev = signInPage() !== undefined;
  const userId = h("input", { id: "userid", value: "zhangsan", autocomplete: "username" });
  app.replaceChildren(
    ...shown(
    h("h1", {}, "Meetings"),
    h("p", {}, "Book and manage your WeCom meetings."),
    dev && h("label", { htmlFor: "userid" }, "WeCom userid (development sign-in)"),
    dev && userId,
    h("button", { id: "sign-in", onclick: () => startSignIn(dev ? userId.value : undefined) }, "Sign in with WeCom"),
    ),
  );
}

/** The signed-in page: the booking form, and the upcoming meetings (or one meeting's page). */
function showHome(): void {
  const who = session.current()!;
  const list = meetingList(openMeeting);
  app.replaceChildren(
    h("p", { className: "muted" }, `Signed in as ${who.userId} · `, h("button", { onclick: () => (session.clear(), showSignIn()) }, "Sign out")),
    bookingForm(() => list.reload()),
    list.element,
  );
}

function openMeeting(id: string): void {
  app.replaceChildren(meetingPage(id, showHome));
}

async function start(): Promise<void> {
  const problem = await finishSignIn();
  if (problem) return showSignIn(problem);
  if (!session.token()) return showSignIn(session.current() ? "Your session has ended. Please sign in again." : "");
  showHome();
}

onSessionEnded(() => {
  session.clear();
  showSignIn("Your session has ended. Please sign in again.");
});
void start();
