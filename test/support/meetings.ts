import type { GatewayProcess, GraphQLResponse } from "./gateway";
import { minimalInput } from "./inputs";

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
