// The explorers on a network without Apollo's CDN (CONTRACT §12), in headless Chromium with every
// request to another origin aborted (or, for Sandbox, left hanging): GraphiQL at /graphiql is
// served whole by the gateway and books the pre-filled meeting; the Sandbox page renders and
// points to it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { useGateway } from "../support/fixture";

const KEY = "explorer-test-key-5c1e";
const { sim, gateway } = useGateway({ GATEWAY_ALLOW_ANONYMOUS: undefined, GATEWAY_API_KEYS: KEY, GATEWAY_SANDBOX: "true" });
/** Screenshots, to look at: test/.artifacts/ (git-ignored). */
const ARTIFACTS = join(__dirname, "..", ".artifacts");

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** A page whose requests to any origin but the gateway's are aborted (or never answered), and recorded. */
async function offlinePage(elsewhere: "abort" | "hang" = "abort"): Promise<{ page: Page; left: string[]; asked: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const origin = new URL(gateway.url).origin;
  const left: string[] = [];
  const asked: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    asked.push(url);
    if (new URL(url).origin === origin) return route.continue();
    left.push(url);
    return elsewhere === "abort" ? route.abort("internetdisconnected") : undefined; // "hang": never answered
  });
  return { page, left, asked };
}

/** GraphiQL's response pane, once it holds an answer. */
async function responseText(page: Page, containing: string): Promise<string> {
  const pane = page.locator(".graphiql-response .result-window");
  await pane.filter({ hasText: containing }).waitFor({ timeout: 15_000 });
  return (await pane.textContent()) ?? "";
}

describe("GraphiQL at /graphiql", () => {
  test("renders with no other origin, runs the pre-filled createMeeting with the key typed in, and keeps the key for the session", async () => {
    const { page, left, asked } = await offlinePage();
    try {
      await page.goto(`${gateway.url}/graphiql`);
      await page.locator(".graphiql-container").waitFor({ timeout: 15_000 });
      // One tab per example, createMeeting first; the headers offer an Authorization to fill in.
      expect(await page.locator(".graphiql-tab-button").allTextContents()).toEqual(
        expect.arrayContaining(["CreateMeeting", "Meeting", "Meetings", "UpdateMeeting", "CancelMeeting", "SetMeetingInvitees"]),
      );
      await page.getByRole("button", { name: "Headers" }).click();
      const headers = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror");
      await headers.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.type(`{"Authorization": "Bearer ${KEY}"`);

      await page.locator(".graphiql-execute-button").click();
      const answer = await responseText(page, '"meetingCode"');
      const created = sim.meetings();
      expect(created).toHaveLength(1);
      expect(answer).toContain(created[0].meetingid);
      expect(created[0].title).toBe("Weekly product sync");
      expect(created[0].meeting_start * 1000).toBeGreaterThan(Date.now()); // tomorrow, as of this visit
      await page.screenshot({ path: join(ARTIFACTS, "graphiql.png") });

      // A reload (same browser tab) still has the key: another run books a second meeting.
      await page.reload();
      await page.locator(".graphiql-container").waitFor({ timeout: 15_000 });
      await page.locator(".graphiql-execute-button").click();
      await responseText(page, '"meetingCode"');
      expect(sim.meetings()).toHaveLength(2);

      expect(left).toEqual([]);
      expect(asked.length).toBeGreaterThan(4);
    } finally {
      await page.close();
    }
  });

  test("every asset is the gateway's own, and the page forbids any other origin", async () => {
    const page = await fetch(`${gateway.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'.*connect-src 'self'/);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.filter((s) => /^[a-z]+:\/\//i.test(s) || s.startsWith("//"))).toEqual([]);
    for (const source of sources.filter((s) => s.startsWith("graphiql/"))) {
      const asset = await fetch(`${gateway.url}/${source}`);
      expect({ source, status: asset.status }).toEqual({ source, status: 200 });
      expect((await asset.text()).length).toBeGreaterThan(100);
    }
  });
});

describe("the Sandbox page", () => {
  test("with Apollo's CDN unreachable it says Sandbox did not load and links to GraphiQL", async () => {
    const { page, left } = await offlinePage("abort");
    try {
      await page.goto(`${gateway.url}/graphql`, { waitUntil: "domcontentloaded" });
      const bar = page.locator("#explorer-bar");
      await bar.getByText("Apollo Sandbox did not load").waitFor({ timeout: 10_000 });
      expect(left.some((url) => url.includes("embeddable-sandbox.cdn.apollographql.com"))).toBe(true);
      expect(left.filter((url) => url.includes("fonts.googleapis.com"))).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, "sandbox-offline.png") });
      await bar.getByRole("link", { name: "Open GraphiQL" }).click();
      await page.locator(".graphiql-container").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe("/graphiql");
    } finally {
      await page.close();
    }
  });

  test("with Apollo's CDN accepting but never answering, the link to GraphiQL still shows", async () => {
    const { page } = await offlinePage("hang");
    try {
      await page.goto(`${gateway.url}/graphql`, { waitUntil: "commit" });
      await page.locator("#explorer-bar").getByRole("link", { name: "Open GraphiQL" }).waitFor({ state: "visible", timeout: 10_000 });
    } finally {
      await page.close();
    }
  });
});
