import { insideWeCom, pickContacts } from "./contacts";
import { fromLocalInput, h, say } from "./dom";
import { send } from "./gateway";
import { handle } from "./trouble";
import { Book } from "./operations";
import { fieldProblems, wordingOf } from "./problems";

/** Where each input's problems are shown: the gateway names them by argument path. */
const FIELDS = [
  ["input.title", "Title", "text"],
  ["input.meetingStart", "Start", "datetime-local"],
  ["input.meetingDuration", "Duration (minutes)", "number"],
  ["input.invitees", "Invitees (userids, comma-separated)", "text"],
] as const;

export function bookingForm(onBooked: () => void): HTMLElement {
  const inputs = new Map(FIELDS.map(([path, , type]) => [path, h("input", { name: path, id: path, type })]));
  const errors = new Map(FIELDS.map(([path]) => [path, h("div", { className: "field-error", "data-error-for": path })]));
  inputs.get("input.meetingDuration")!.value = "60";
  // One key per meeting the person means to book, kept for its retries: a retry never books twice.
  let key = crypto.randomUUID();

  const invitees = () => inputs.get("input.invitees")!.value.split(",").map((s) => s.trim()).filter(Boolean);
  const pick = async () => (inputs.get("input.invitees")!.value = (await pickContacts(invitees())).join(", "));

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    errors.forEach((e) => (e.textContent = ""));
    say("");
    const input = {
      title: inputs.get("input.title")!.value,
      meetingStart: fromLocalInput(inputs.get("input.meetingStart")!.value),
      meetingDuration: Math.round(Number(inputs.get("input.meetingDuration")!.value) * 60),
      invitees: invitees(),
    };
    const answer = await send(Book, { input, key }, "mutation");
    if (answer.data?.createMeeting) {
      say(`Booked “${answer.data.createMeeting.title}”.`);
      key = crypto.randomUUID();
      form.reset();
      inputs.get("input.meetingDuration")!.value = "60";
      return onBooked();
    }
    const problems = fieldProblems(answer.error);
    for (const problem of problems) {
      // `input.invitees.2` is shown under the invitees; a duration in seconds under minutes.
      const path = FIELDS.find(([p]) => problem.path === p || problem.path.startsWith(`${p}.`))?.[0];
      const text = path === "input.meetingDuration" && problem.limit !== undefined ? `${problem.code === "TOO_SMALL" ? "At least" : "At most"} ${Math.round(problem.limit / 60)} minutes.` : wordingOf(problem);
      if (path) errors.get(path)!.textContent = text;
      else say(problem.message);
    }
    if (problems.length === 0 && answer.error) handle(answer.error, () => void submit(event));
  }

  const form = h(
    "form",
    { id: "book", onsubmit: (e: Event) => void submit(e), noValidate: true },
    h("h2", {}, "Book a meeting"),
    ...FIELDS.flatMap(([path, label]) => [h("label", { htmlFor: path }, label), inputs.get(path)!, errors.get(path)!]),
    insideWeCom && h("button", { type: "button", onclick: () => void pick() }, "Choose from contacts…"),
    h("button", { type: "submit" }, "Book"),
  );
  return form;
}
