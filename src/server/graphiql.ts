import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { startGraphiQL } from "./graphiql.browser";
import type { Route } from "./http-server";
import { loadExampleOperations, withFreshTimes } from "./sandbox";

/** The page's files, each from the gateway itself: npm packages' browser builds, and the page's own script. */
const ASSETS: Record<string, { content: () => Buffer | string; type: string }> = {
  "react.production.min.js": { content: () => packageFile("react", "umd/react.production.min.js"), type: "text/javascript" },
  "react-dom.production.min.js": { content: () => packageFile("react-dom", "umd/react-dom.production.min.js"), type: "text/javascript" },
  "graphiql.min.js": { content: () => packageFile("graphiql", "graphiql.min.js"), type: "text/javascript" },
  "graphiql.min.css": { content: () => packageFile("graphiql", "graphiql.min.css"), type: "text/css" },
  "start.js": { content: () => `"use strict";\n(${startGraphiQL.toString()})();\n`, type: "text/javascript" },
};

/**
 * Nothing may leave the origin (CONTRACT §12): a network where Apollo's CDN is unreachable is why
 * this page exists. GraphiQL's fonts are data: URLs; its editors add inline styles.
 */
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
].join("; ");

export interface GraphiQLOptions {
  /** Headers every example tab offers to fill in (an empty Authorization when auth is configured); never a value. */
  headers: Record<string, string>;
}

/**
 * GraphiQL at /graphiql (CONTRACT §1, §12): an explorer for networks where Apollo Sandbox's CDN
 * is out of reach. Pre-filled per visit like Sandbox (one tab per example of schema/operations/,
 * tomorrow's start); the Authorization a user enters is kept in the browser's session storage.
 */
export function graphiqlRoutes(options: GraphiQLOptions): Array<[string, Route]> {
  const examples = loadExampleOperations();
  const assets = Object.entries(ASSETS).map(([name, asset]): [string, Route] => [`/graphiql/${name}`, servedOnce(asset.content, asset.type)]);
  const page: Route = (_req, res) => {
    const config = {
      endpoint: "graphql", // relative: the page works behind a proxy that serves the gateway under a prefix
      headers: Object.keys(options.headers).length > 0 ? JSON.stringify(options.headers, null, 2) : undefined,
      tabs: examples.operations.map((query) => ({ query, variables: JSON.stringify(withFreshTimes(examples.variables, new Date()), null, 2) })),
    };
    const html = pageHtml(JSON.stringify(config).replace(/</g, "\\u003c"));
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(html),
      "cache-control": "no-store",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
    });
    res.end(html);
  };
  return [["/graphiql", page], ...assets];
}

/** The assets are read and compressed on first request (not at start: most starts never serve them). */
function servedOnce(content: () => Buffer | string, type: string): Route {
  let cached: { body: Buffer; gzipped: Buffer; etag: string } | undefined;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!cached) {
      const read = content();
      const body = typeof read === "string" ? Buffer.from(read) : read;
      cached = { body, gzipped: gzipSync(body), etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
    }
    const headers = { "content-type": `${type}; charset=utf-8`, etag: cached.etag, "cache-control": "no-cache", "x-content-type-options": "nosniff", vary: "accept-encoding" };
    if (req.headers["if-none-match"] === cached.etag) return void res.writeHead(304, headers).end();
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? cached.gzipped : cached.body;
    res.writeHead(200, { ...headers, "content-length": body.length, ...(gzip ? { "content-encoding": "gzip" } : {}) });
    res.end(body);
  };
}

function packageFile(pkg: string, file: string): Buffer {
  return readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
}

function pageHtml(config: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>GraphiQL · WeCom meeting gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; } #graphiql > p { font: 16px system-ui, sans-serif; padding: 1em; }</style>
</head>
<body>
<div id="graphiql"><p>Loading GraphiQL…</p></div>
<script id="graphiql-config" type="application/json">${config}</script>
<script src="graphiql/react.production.min.js"></script>
<script src="graphiql/react-dom.production.min.js"></script>
<script src="graphiql/graphiql.min.js"></script>
<script src="graphiql/start.js"></script>
</body>
</html>
`;
}
