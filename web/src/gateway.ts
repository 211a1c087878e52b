import { Client, fetchExchange, type AnyVariables, type DocumentInput, type OperationResult } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { session } from "./session";

/** The gateway's URL: `?gateway=<url>` on the page, else the dev server's proxy target. */
export const GATEWAY_URL = (new URLSearchParams(location.search).get("gateway") ?? import.meta.env.VITE_GATEWAY_URL ?? "http://localhost:4000").replace(/\/+$/, "");

/**
 * urql with persisted documents only: the gateway runs only the documents of our manifest
 * (GATEWAY_TRUSTED_DOCUMENTS), so every request names its document by hash
 * (`extensions.persistedQuery.sha256Hash`) and never sends the text.
 */
export const client = new Client({
  url: `${GATEWAY_URL}/graphql`,
  requestPolicy: "network-only", // a meeting list must be fresh: others change meetings too
  exchanges: [
    persistedExchange({
      enforcePersistedQueries: true,
      enableForMutation: true,
      preferGetForPersistedQueries: false,
      // The client preset's id is "sha256:<hex>", the SHA-256 of the text; the extension carries the hex.
      generateHash: (_text, document) => Promise.resolve((document as { __meta__?: { hash?: string } }).__meta__!.hash!.replace(/^sha256:/, "")),
    }),
    fetchExchange,
  ],
  fetchOptions: () => {
    const token = session.token();
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    return { headers };
  },
});

/** One operation, as a promise: queries and mutations alike. */
export function send<Data, Vars extends AnyVariables>(
  document: DocumentInput<Data, Vars>,
  variables: Vars,
  kind: "query" | "mutation" = "query",
): Promise<OperationResult<Data, Vars>> {
  return (kind === "query" ? client.query(document, variables) : client.mutation(document, variables)).toPromise();
}
