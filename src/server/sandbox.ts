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
              return typeof rendered.html === "string" ? rendered.html : rendered.html();
            },
          };
        },
      };
    },
  };
}

/** Every example operation (one document: Sandbox offers each) and the variables they share. */
export function loadExamples(): { document: string; variables: Record<string, unknown> } {
  const dir = join(findProjectRoot(__dirname), OPERATIONS);
  const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
  const document = files.map((f) => readFileSync(join(dir, f), "utf8").trim()).join("\n\n");
  const variables = JSON.parse(readFileSync(join(dir, "variables.json"), "utf8"));
  return { document, variables };
}

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
