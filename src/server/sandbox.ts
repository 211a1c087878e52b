import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";

const OPERATIONS = join("schema", "operations");

/**
 * The Sandbox landing page, pre-filled with the example operations of schema/operations/ and
 * their variables. The page is rendered per visit, so its example always works: the start is
 * tomorrow at 10:00 UTC (computed now, not when the server started), and it carries no
 * idempotencyKey that an edited example could collide with. `headers`: what Sandbox shows the
 * user to fill in; never a credential (the page is served to anyone).
 */
export function sandboxLandingPage(headers: Record<string, string>): ApolloServerPlugin {
  const { document, variables } = loadExamples();
  return {
    async serverWillStart(service) {
      return {
        async renderLandingPage() {
          return {
            html: async () => {
              const page = ApolloServerPluginLandingPageLocalDefault({
                document,
                variables: withFreshTimes(variables, new Date()),
                embed: Object.keys(headers).length > 0 ? { initialState: { sharedHeaders: headers } } : true,
                footer: false,
              });
              const listener = await page.serverWillStart!(service);
              const rendered = await listener!.renderLandingPage!();
              return withGraphiQLLink(typeof rendered.html === "string" ? rendered.html : await rendered.html());
            },
          };
        },
      };
    },
  };
}

/**
 * Apollo's page, for networks that cannot reach Apollo's CDN (CONTRACT §12): its Google Fonts
 * stylesheet removed (it blocked rendering while the CDN hung), a bar linking to GraphiQL at the
 * top, and the bar saying so when Sandbox's code did not load. Its nonce lets the additions run
 * under the page's own Content-Security-Policy.
 */
export function withGraphiQLLink(html: string): string {
  const nonce = /'nonce-([0-9a-f]+)'/.exec(html)?.[1] ?? "";
  const bar =
    `<style nonce="${nonce}">` +
    "body { padding-top: 34px; } body #embeddableSandbox { top: 34px; height: calc(100vh - 34px); }" +
    ".explorer-bar { position: fixed; top: 0; left: 0; right: 0; height: 34px; box-sizing: border-box; padding: 8px 12px; " +
    "font: 14px/18px system-ui, sans-serif; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; background: #f4f6f8; border-bottom: 1px solid #d9dee3; color: #1c2b36; }" +
    ".explorer-bar .failed { display: none; color: #b3261e; font-weight: 600; } .sandbox-missing .explorer-bar .failed { display: inline; }" +
    "</style>" +
    '<div class="explorer-bar" id="explorer-bar"><span class="failed">Apollo Sandbox did not load (Apollo’s CDN is out of reach). </span>' +
    'Offline or behind a firewall? <a href="graphiql">Open GraphiQL</a>, served by this gateway.</div>';
  const check = `<script nonce="${nonce}">if (!window.EmbeddedSandbox) document.body.classList.add("sandbox-missing");</script>`;
  return html
    .replace(/<link\s[^>]*fonts\.(?:googleapis|gstatic)\.com[^>]*>\s*/g, "")
    .replace("<p>Apollo Sandbox cannot be loaded; it appears that you might be offline.</p>", '<p>Apollo Sandbox cannot be loaded from Apollo’s CDN. <a href="graphiql">GraphiQL</a> works without it.</p>')
    .replace(/<body>/, `<body>${bar}`)
    .replace(/(<script[^>]*embeddable-sandbox\.cdn\.apollographql\.com[^>]*><\/script>)/, `$1${check}`);
}

/** Every example operation (one document: Sandbox offers each) and the variables they share. */
export function loadExamples(): { document: string; variables: Record<string, unknown> } {
  const { operations, variables } = loadExampleOperations();
  return { document: operations.join("\n\n"), variables };
}

/** The example operations one by one (createMeeting first: it makes the meeting the others use), and their variables. */
export function loadExampleOperations(): { operations: string[]; variables: Record<string, unknown> } {
  const dir = join(findProjectRoot(__dirname), OPERATIONS);
  const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort(createFirst);
  const operations = files.map((f) => readFileSync(join(dir, f), "utf8").trim());
  const variables = JSON.parse(readFileSync(join(dir, "variables.json"), "utf8"));
  return { operations, variables };
}

const createFirst = (a: string, b: string) => Number(b === "createMeeting.graphql") - Number(a === "createMeeting.graphql") || (a < b ? -1 : a > b ? 1 : 0);

/** The committed start would one day be in the past: always offer tomorrow, 10:00 UTC. */
export function withFreshTimes(variables: Record<string, unknown>, now: Date): Record<string, unknown> {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 10));
  const input = variables.input as Record<string, unknown> | undefined;
  return input ? { ...variables, input: { ...input, meetingStart: tomorrow.toISOString() } } : variables;
}

/** The folder holding schema/operations, from src/server (tests) or dist/src/server (build). */
function findProjectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, OPERATIONS))) return dir;
  }
  throw new Error(`${OPERATIONS} not found above ${from}`);
}
