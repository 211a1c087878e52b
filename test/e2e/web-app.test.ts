import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { WecomSimulator } from "../../src/wecom/simulator";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";

// The reference frontend (web/), built as `npm run web:build` builds it, in headless Chromium:
// served on one origin, a production gateway on another (CORS), sessions from WeCom sign-in.
// Screenshots are kept in test/.artifacts/web/.

const ROOT = join(__dirname, "..", "..");
const DIST = join(ROOT, "web", "dist");
const SHOTS = join(ROOT, "test", ".artifacts", "web");
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

let sim: WecomSimulator;
let gateway: GatewayProcess;
let site: { origin: string; server: Server };
let browser: Browser;

beforeAll(async () => {
  // Built each run as `npm run web:build` builds it (its type check and lint included), so the test sees today's app.
  const web = join(ROOT, "web");
  if (!existsSync(join(web, "node_modules"))) execFileSync("npm", ["ci"], { cwd: web, stdio: "ignore" });
  execFileSync("npm", ["run", "build"], { cwd: web, stdio: "ignore" });
  mkdirSync(SHOTS, { recursive: true });
  sim = await WecomSimulator.start();
  site = await serve(DIST);
  gateway = await startGateway(
    productionEnv(sim, {
      GATEWAY_ALLOW_ANONYMOUS: undefined,
      GATEWAY_SESSION_SECRET: "a-session-secret-of-at-least-32-bytes!!",
      GATEWAY_CORS_ORIGINS: site.origin,
      GATEWAY_TRUSTED_DOCUMENTS: join(DIST, "persisted-documents.json"),
      WECOM_TIMEOUT_MS: "1500", // so that a slow WeCom is met within the test
    }),
  );
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-sync"],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  site?.server.closeAllConnections();
  await new Promise((resolve) => site?.server.close(resolve));
  await sim?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** A fresh page for `steps`; on failure a screenshot (`failed-<name>`) and the page's console go with the error. */
async function inPage(name: string, steps: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const console: string[] = [];
  page.on("console", (m) => console.push(m.text()));
  page.on("dialog", (dialog) => void dialog.accept()); // "Cancel this meeting?"
  try {
    await steps(page);
  } catch (error) {
    await shot(page, `failed-${name}`);
    throw new Error(`${String(error)}\nthe page's console:\n${console.join("\n")}`);
  } finally {
    await page.close();
  }
}

test("signs in with WeCom, sees a field error, books, lists, opens, moves, re-invites and cancels", () => inPage("journey", journey), 90_000);

test("WeCom slow to answer a booking: the person sees it booked, and it exists once", () =>
  inPage("slow-booking", async (page) => {
    try {
      await signIn(page, "lisi");
      // The create is applied on arrival, its answer held past WECOM_TIMEOUT_MS: the gateway stops
      // waiting, finds the meeting in WeCom by the booking's key, and answers it.
      sim.endpoint("meeting/create").delayMs = 2_500;
      const creates = sim.createRequests.length;
      const timeouts = await createTimeouts();
      await page.fill("[name='input.title']", "Retro");
      await page.fill("[name='input.meetingStart']", "2030-01-08T10:00");
      await page.click("#book button[type=submit]");
      await page.getByText("Booked “Retro”.").waitFor();
      expect(await createTimeouts()).toBe(timeouts + 1); // the gateway did stop waiting
      expect(sim.createRequests.length - creates).toBe(1);
      expect(sim.meetings().filter((m) => m.title === "Retro")).toHaveLength(1);
    } finally {
      sim.endpoint("meeting/create").delayMs = 0;
    }
  }), 60_000);

test("a forged sign-in redirect is refused; a session the gateway no longer accepts sends the person back to sign in", () =>
  inPage("sessions", async (page) => {
    // A redirect this tab did not start (a code with another state): the code is never exchanged.
    const exchanges = sim.calls("auth/getuserinfo").length;
    await page.goto(`${site.origin}/index.html?gateway=${encodeURIComponent(gateway.url)}&code=${sim.oauthCode("wangwu")}&state=forged`);
    await page.getByText("The sign-in did not come from this page; please sign in again.").waitFor();
    expect(sim.calls("auth/getuserinfo")).toHaveLength(exchanges);

    await signIn(page, "wangwu");
    // The session's token no longer accepted (as after a restart with another GATEWAY_SESSION_SECRET).
    await page.evaluate(() => {
      const key = "wecom-meetings.session";
      const stored = JSON.parse(sessionStorage.getItem(key)!);
      sessionStorage.setItem(key, JSON.stringify({ ...stored, token: `${stored.token}x` }));
    });
    const creates = sim.createRequests.length;
    await page.fill("[name='input.title']", "Planning");
    await page.fill("[name='input.meetingStart']", "2030-01-09T10:00");
    await page.click("#book button[type=submit]");
    await page.getByText("Your session has ended. Please sign in again.").waitFor();
    await page.locator("#sign-in").waitFor();
    expect(sim.createRequests).toHaveLength(creates);
    await signIn(page, "wangwu");
  }), 60_000);

/** Creates the gateway stopped waiting for, from its /metrics. */
async function createTimeouts(): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("wecom_upstream_duration_seconds_count{") && l.includes('endpoint="meeting/create"') && l.includes('outcome="timeout"'));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** Opens the app and signs in through the WeCom redirect (the simulator stands in for its authorize page). */
async function signIn(page: Page, userid: string): Promise<void> {
  const authorize = `${sim.url}/connect/oauth2/authorize`;
  await page.goto(`${site.origin}/index.html?gateway=${encodeURIComponent(gateway.url)}&signin=${encodeURIComponent(authorize)}`);
  await page.fill("#userid", userid);
  await page.click("#sign-in");
  await page.getByText(`Signed in as ${userid}`).waitFor();
}

async function journey(page: Page): Promise<void> {
  sim.advanced = true; // the corp has WeCom's advanced meeting features: set_invitees works
  await signIn(page, "zhangsan");
  expect(sim.calls("auth/getuserinfo")).toHaveLength(1);

  // Nothing typed but the start: the title's problem is shown beside the title.
  await page.fill("[name='input.meetingStart']", "2030-01-07T10:00");
  await page.click("#book button[type=submit]");
  const titleError = page.locator("[data-error-for='input.title']");
  await page.waitForFunction(() => document.querySelector("[data-error-for='input.title']")?.textContent !== "");
  expect(await titleError.textContent()).toBe("Please fill this in.");
  await shot(page, "1-field-error");
  expect(sim.createRequests).toHaveLength(0);

  await page.fill("[name='input.title']", "Design review");
  await page.fill("[name='input.invitees']", "lisi");
  await page.click("#book button[type=submit]");
  await page.getByText("Booked “Design review”.").waitFor();
  const item = page.locator("li[data-meeting]", { hasText: "Design review" });
  await item.waitFor();
  expect(await item.textContent()).toMatch(/UPCOMING.*Code \d+/s);
  await shot(page, "2-booked-and-listed");
  const [created] = sim.meetings();
  expect(created).toMatchObject({ title: "Design review", admin_userid: "zhangsan" });

  await item.getByText("Open").click();
  await page.locator("#move-start").waitFor();
  await page.fill("#move-start", "2030-01-07T11:30");
  await page.click("#move");
  await page.getByText("Moved.").waitFor();
  expect(sim.meeting(created.meetingid)!.meeting_start).toBe(Math.floor(new Date("2030-01-07T11:30").getTime() / 1000));

  await page.locator("#invitees").waitFor();
  await page.fill("#invitees", "lisi, wangwu");
  await page.click("#reinvite");
  await page.getByText("Invitees changed.").waitFor();
  await shot(page, "3-moved-and-reinvited");

  await page.click("#cancel");
  await page.getByText("Cancelled.").waitFor();
  await page.locator("#status", { hasText: "CANCELLED" }).waitFor();
  await shot(page, "4-cancelled");
  expect(sim.meeting(created.meetingid)!.status).toBe(4);
}

/** web/dist on an origin of its own. */
async function serve(dir: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? "/", "http://x").pathname).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path === "/" ? "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
