// What every test file shares: reading answers, sending operations, booking meetings, waiting.
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { WecomSimulator } from "../../src/wecom/simulator";
import type { GatewayProcess, GraphQLResponse } from "./gateway";
import { minimalInput } from "./inputs";

/** The code of an answer's first error (undefined when it has none). */
export const codeOf = (answer: GraphQLResponse): unknown => answer.body.errors?.[0]?.extensions?.code;

/** The first error's extensions. */
export const extensionsOf = (answer: GraphQLResponse): Record<string, any> => answer.body.errors?.[0]?.extensions ?? {};

/** The paths of a BAD_USER_INPUT answer's `fields`. */
export const fieldPathsOf = (answer: GraphQLResponse): string[] =>
  (extensionsOf(answer).fields ?? []).map((f: { path: string }) => f.path);

/** The `id` of the meeting under `field` (default createMeeting). */
export const idOf = (answer: GraphQLResponse<any>, field = "createMeeting"): string | undefined => answer.body.data?.[field]?.id;

/** A TCP port nothing listens on (now). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Asks `probe` until it gives a value (not undefined or false), or fails naming `what`. */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  withinMs = 6_000,
): Promise<T> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}


/** A query or mutation over HTTP, as a frontend sends it. */
export function gql(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<GraphQLResponse<any>> {
  return gateway.post({ query, variables }, headers);
}

/** Books a meeting through the gateway and returns its id (the test fails loudly otherwise). */
export async function bookMeeting(gateway: GatewayProcess, overrides: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<string> {
  const answer = await gql(
    gateway,
    "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
    { input: { ...minimalInput(), ...overrides } },
    headers,
  );
  const id = answer.body.data?.createMeeting?.id;
  if (typeof id !== "string") throw new Error(`the create failed: ${JSON.stringify(answer.body)}`);
  return id;
}

/**
 * WeCom answers 45009 (too often) to a cancel through `a`: `b`, sharing the store, holds the
 * endpoint too (RATE_LIMITED, scope CORP) and sends nothing. The same check over each store topology.
 */
export async function expectPauseShared(sim: WecomSimulator, a: GatewayProcess, b: GatewayProcess): Promise<void> {
  const id = sim.seedMeeting({});
  sim.endpoint("meeting/cancel").failNext({ errcode: 45009 });
  const first = await gql(a, "mutation($id: ID!) { cancelMeeting(id: $id) { id } }", { id });
  expect(extensionsOf(first)).toMatchObject({ code: "WECOM_ERROR", errcode: 45009 });
  const other = await gql(b, "mutation($id: ID!) { cancelMeeting(id: $id) { id } }", { id });
  expect(extensionsOf(other)).toMatchObject({ code: "RATE_LIMITED", scope: "CORP" });
  expect(sim.calls("meeting/cancel")).toHaveLength(1);
}
