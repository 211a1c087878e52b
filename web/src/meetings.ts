import { fromLocalInput, h, say, shown, toLocalInput, when } from "./dom";
import { send } from "./gateway";
import { handle } from "./trouble";
import { Cancel, Move, OneMeeting, Reinvite, Upcoming } from "./operations";
import { fieldProblems, wordingOf } from "./problems";

const PAGE_SIZE = 5;

/** The upcoming (and running) meetings, a page at a time. */
export function meetingList(open: (id: string) => void): { element: HTMLElement; reload: () => void } {
  const items = h("ul", { className: "meetings" });
  const more = h("button", { hidden: true }, "More");
  let after: string | null = null;

  async function load(reset: boolean): Promise<void> {
    if (reset) {
      after = null;
      items.replaceChildren();
    }
    const answer = await send(Upcoming, { first: PAGE_SIZE, after });
    if (!answer.data) return answer.error && handle(answer.error, () => void load(reset));
    const { edges, pageInfo } = answer.data.meetings;
    for (const { node } of edges) {
      items.append(
        h(
          "li",
          { "data-meeting": node.id },
          h("strong", {}, node.title ?? "(untitled)"), " ",
          h("span", { className: "status" }, node.status), h("br"),
          `${when(node.meetingStart)} – ${when(node.meetingEnd)}`, h("br"),
          node.meetingCode ? `Code ${node.meetingCode} · ` : "",
          node.meetingLink ? h("a", { href: node.meetingLink, target: "_blank", rel: "noopener" }, "Join link") : "",
          " ", h("button", { onclick: () => open(node.id) }, "Open"),
        ),
      );
    }
    if (items.childElementCount === 0) items.append(h("li", { className: "muted" }, "No upcoming meetings."));
    after = pageInfo.endCursor ?? null;
    more.hidden = !pageInfo.hasNextPage;
  }
  more.onclick = () => void load(false);
  void load(true);
  return { element: h("section", {}, h("h2", {}, "Upcoming"), items, more), reload: () => void load(true) };
}

/** One meeting: its details, and moving it, changing its invitees, cancelling it. */
export function meetingPage(id: string, back: () => void): HTMLElement {
  const page = h("section", { id: "meeting" }, h("p", { className: "muted" }, "Loading…"));

  async function show(): Promise<void> {
    const answer = await send(OneMeeting, { id });
    const m = answer.data?.meeting;
    if (!m) return answer.error && handle(answer.error, () => void show());
    const start = h("input", { id: "move-start", type: "datetime-local", value: toLocalInput(m.meetingStart) });
    const startError = h("div", { className: "field-error" });
    const invitees = h("input", { id: "invitees", value: m.invitees.join(", ") });
    const inviteesError = h("div", { className: "field-error" });

    const act = async (run: () => Promise<{ error?: import("@urql/core").CombinedError; ok: boolean }>, shown: HTMLElement, done: string) => {
      shown.textContent = "";
      const { error, ok } = await run();
      if (ok) return say(done), void show();
      const problems = fieldProblems(error);
      if (problems.length) shown.textContent = problems.map(wordingOf).join(" ");
      else if (error) handle(error, () => void act(run, shown, done));
    };
    const move = () =>
      act(async () => {
        const a = await send(Move, { id, start: fromLocalInput(start.value) }, "mutation");
        return { error: a.error, ok: Boolean(a.data?.updateMeeting) };
      }, startError, "Moved.");
    const reinvite = () =>
      act(async () => {
        const list = invitees.value.split(",").map((s) => s.trim()).filter(Boolean);
        const a = await send(Reinvite, { id, invitees: list }, "mutation");
        return { error: a.error, ok: Boolean(a.data?.setMeetingInvitees) };
      }, inviteesError, "Invitees changed.");
    const cancel = () =>
      confirm(`Cancel “${m.title}”?`) &&
      act(async () => {
        const a = await send(Cancel, { id }, "mutation");
        return { error: a.error, ok: Boolean(a.data?.cancelMeeting) };
      }, startError, "Cancelled.");

    const changeable = m.status === "UPCOMING";
    page.replaceChildren(...shown(
      h("button", { onclick: back }, "← All meetings"),
      h("h2", {}, m.title ?? "(untitled)", " ", h("span", { className: "status", id: "status" }, m.status)),
      h("p", {}, `${when(m.meetingStart)} – ${when(m.meetingEnd)}`, h("br"), m.meetingCode ? `Code ${m.meetingCode}` : "", " ",
        m.meetingLink ? h("a", { href: m.meetingLink, target: "_blank", rel: "noopener" }, m.meetingLink) : ""),
      changeable && h("label", { htmlFor: "move-start" }, "Move to"), changeable && start, changeable && startError,
      changeable && h("button", { id: "move", onclick: () => void move() }, "Move"),
      changeable && h("label", { htmlFor: "invitees" }, "Invitees (userids, comma-separated)"), changeable && invitees, changeable && inviteesError,
      changeable && h("button", { id: "reinvite", onclick: () => void reinvite() }, "Save invitees"),
      changeable && h("p", {}, h("button", { id: "cancel", onclick: () => void cancel() }, "Cancel meeting")),
    ));
  }
  void show();
  return page;
}
