import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const OPERATIONS = join("schema", "operations");

/** The committed example operation and variables, for the Sandbox landing page. */
export function loadSandboxExample(now: Date = new Date()): { document: string; variables: Record<string, unknown> } {
  const dir = join(findProjectRoot(__dirname), OPERATIONS);
  const document = readFileSync(join(dir, "createMeeting.graphql"), "utf8");
  const variables = JSON.parse(readFileSync(join(dir, "createMeeting.variables.json"), "utf8"));
  // The committed start date would one day be in the past: always offer tomorrow, 10:00 UTC.
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 10));
  variables.input.meetingStart = tomorrow.toISOString();
  variables.idempotencyKey = `example-${Date.now().toString(36)}`;
  return { document, variables };
}

/** The folder holding schema/operations, from src/server (tests) or dist/src/server (build). */
function findProjectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, OPERATIONS))) return dir;
  }
  throw new Error(`${OPERATIONS} not found above ${from}`);
}
