/** A tiny element builder: h("button", { onclick }, "Cancel"). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Omit<HTMLElementTagNameMap[K], "style">> & Record<string, unknown> = {},
  ...children: Array<Node | string | false | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("data-")) element.setAttribute(key, String(value));
    else (element as unknown as Record<string, unknown>)[key] = value;
  }
  for (const child of children) if (child !== false && child !== undefined) element.append(child);
  return element;
}

const notice = () => document.getElementById("notice")!;

/** A message at the top of the page; empty hides it. */
export function say(message: string): void {
  notice().textContent = message;
  notice().hidden = message === "";
}

/** Local date-time for an <input type="datetime-local"> from an ISO instant, and back. */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
export const fromLocalInput = (value: string): string => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value);
export const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Children for replaceChildren, leaving out those a condition turned off. */
export const shown = (...children: Array<Node | string | false | undefined>): Array<Node | string> =>
  children.filter((child): child is Node | string => child !== false && child !== undefined);
