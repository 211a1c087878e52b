/**
 * The /graphiql page's own script, run by the browser after React's and GraphiQL's browser builds:
 * graphiql.ts serves this function's compiled source. So it refers to nothing outside itself.
 */
export function startGraphiQL(): void {
  interface PageConfig {
    endpoint: string;
    /** The headers each example tab offers (JSON text), when auth is configured. */
    headers?: string;
    tabs: Array<{ query: string; variables: string }>;
  }
  interface Globals {
    React: { createElement(component: unknown, props: Record<string, unknown>): unknown };
    ReactDOM: { createRoot(element: Element): { render(node: unknown): void } };
    GraphiQL: unknown;
  }

  /** The Authorization a user entered, for every tab and reload of this browser tab's session (never localStorage). */
  const KEPT_AUTHORIZATION = "wecom-gateway:authorization";
  const { React, ReactDOM, GraphiQL } = window as unknown as Globals;
  const config = JSON.parse(document.getElementById("graphiql-config")!.textContent!) as PageConfig;

  async function fetcher(params: unknown, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    let authorization: string | undefined;
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      if (typeof value !== "string" || value.trim() === "") continue; // the offered, still empty Authorization
      if (name.toLowerCase() === "authorization") authorization = value;
      else headers[name] = value;
    }
    if (authorization !== undefined) sessionStorage.setItem(KEPT_AUTHORIZATION, authorization);
    authorization ??= sessionStorage.getItem(KEPT_AUTHORIZATION) ?? undefined;
    if (authorization !== undefined) headers.authorization = authorization;
    const response = await fetch(config.endpoint, { method: "POST", headers, body: JSON.stringify(params) });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}, not JSON: ${text.slice(0, 200)}` }] };
    }
  }

  // GraphiQL 4 fills the first tab's editors from storage, not from defaultTabs: on a first visit,
  // put the first example's variables where it looks.
  if (sessionStorage.getItem("graphiql:tabState") === null) sessionStorage.setItem("graphiql:variables", config.tabs[0]?.variables ?? "");
  const kept = sessionStorage.getItem(KEPT_AUTHORIZATION);
  const headers = kept && config.headers ? JSON.stringify({ ...JSON.parse(config.headers), Authorization: kept }, null, 2) : config.headers;
  ReactDOM.createRoot(document.getElementById("graphiql")!).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: config.tabs.map((tab) => ({ ...tab, headers })),
      defaultHeaders: headers,
      // Tabs, and the headers in them, last as long as this browser tab.
      storage: sessionStorage,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: true,
    }),
  );
}
