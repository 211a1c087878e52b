import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { print } from "graphql";
import { chromium, type Browser } from "playwright-core";
import { CreateOnlyDocument, type CreateMeetingMutationVariables } from "../../schema/generated/graphql";
import { WecomSimulator } from "../../src/wecom/simulator";
import { productionEnv, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput } from "../support/inputs";

// A real browser: CORS and its preflight are enforced by Chromium itself, not by our reading
// of the headers.
const KEY = "browser-test-key-8d41";
const TITLE = "Booked from a browser";
const PAGE = readFileSync(join(__dirname, "..", "browser", "page.html"));

let sim: WecomSimulator;
let gateway: GatewayProcess;
let app: Site; // an origin on GATEWAY_CORS_ORIGINS
let stranger: Site; // the same page from an origin that is not
let browser: Browser;

beforeAll(async () => {
  sim = await WecomSimulator.start();
  app = await serveSite();
  stranger = await serveSite();
  gateway = await startGateway(
    productionEnv(sim, { GATEWAY_ALLOW_ANONYMOUS: undefined, GATEWAY_API_KEYS: KEY, GATEWAY_CORS_ORIGINS: app.origin }),
  );
  app.gateway = stranger.gateway = gateway.url;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await Promise.all([app?.close(), stranger?.close(), sim?.close()]);
});
beforeEach(() => sim.reset());

/** Opens the page and waits until it shows an outcome; returns the state and the text shown. */
async function openPage(site: Site) {
  const page = await browser.newPage();
  try {
    const gatewayAnswer = page
      .waitForResponse((r) => r.url() === `${gateway.url}/graphql` && r.request().method() === "POST", { timeout: 10_000 })
      .then((r) => r.json())
      .catch(() => undefined); // none when the browser refuses to send
    await page.goto(`${site.origin}/`);
    const result = page.locator("#result:not([data-state=pending])");
    await result.waitFor({ timeout: 10_000 });
    return {
      state: await result.getAttribute("data-state"),
      text: (await result.textContent()) ?? "",
      gatewayAnswer: site === app ? await gatewayAnswer : undefined,
    };
  } finally {
    await page.close();
  }
}

test("a page on an allowed origin creates a meeting and shows its id", async () => {
  const { state, text, gatewayAnswer } = await openPage(app);

  expect({ state, text }).toEqual({ state: "created", text: gatewayAnswer?.data?.createMeeting?.id });
  expect(text).toMatch(/^[\w-]{10,}$/);
  expect(sim.createRequests).toEqual([expect.objectContaining({ title: TITLE })]);
});

test("the same page on another origin is refused by the browser, and nothing is created", async () => {
  const { state, text } = await openPage(stranger);

  expect(state).toBe("failed");
  expect(text).toMatch(/^fetch failed: TypeError/);
  expect(sim.createRequests).toHaveLength(0);
});

interface Site {
  origin: string;
  gateway: string;
  close(): Promise<void>;
}

/** A tiny static server: the page, and its config.json with the typed operation. */
async function serveSite(): Promise<Site> {
  const site = { gateway: "" } as Site;
  const server: Server = createServer((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (req.url === "/config.json") {
      const operation: { query: string; variables: CreateMeetingMutationVariables } = {
        query: print(CreateOnlyDocument),
        variables: { input: minimalInput({ title: TITLE }) },
      };
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ gateway: site.gateway, apiKey: KEY, operation }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}
