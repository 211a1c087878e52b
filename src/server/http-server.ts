import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from "@apollo/server";
import bodyParser from "body-parser";
import cors from "cors";
import type { Logger } from "pino";
import type { Callers } from "../auth/callers";
import { ANONYMOUS, type Caller } from "../auth/caller";
import type { GatewayConfig } from "./config";
import { corsPolicy } from "./cors-policy";
import { ErrorCode } from "./error-codes";
import type { GatewayMetrics } from "./metrics";
import { ClientAddresses } from "./client-address";
import { connectionOptions, limitConnections } from "./connection-limits";
import { duplicateHeader, requireUtf8 } from "./hostile-bytes";
import { onlySignsIn } from "./sign-in-only";
import { RequestContext, runInRequest } from "./request-context";
import { logRequest } from "./request-log";
import { inRequestSpan } from "./request-span";
import type { TrustedDocuments } from "./trusted-documents";

/** A route of its own: `/health`, `/ready`, `/metrics`, the simulator's sign-in page. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: GatewayMetrics;
  callers: Callers;
  /** The request's context, with its caller. */
  /** `fresh`: the request asked `Cache-Control: no-cache` (read WeCom, refresh what is kept). */
  newRequest(id: string, started: number, caller: Caller, fresh: boolean): RequestContext;
  /** Paths other than /graphql. */
  routes: ReadonlyMap<string, Route>;
  /** GATEWAY_TRUSTED_DOCUMENTS' manifests: when set, users and anonymous callers run only those. */
  trustedDocuments: TrustedDocuments;
}

/** Echoed into a header and the logs: only plain ids, so a caller can't inject anything. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A longer operationName is refused: it is echoed in errors and logs. */
const MAX_OPERATION_NAME_CHARS = 256;

/**
 * The HTTP edge, on node:http: a small router for the plain routes, and for /graphql the steps
 * every request takes before Apollo sees it: CORS, a request id, the caller's credential (a bad
 * one is refused before the body is read; a missing one after it, since a sign-in needs none),
 * the body (bounded), and
 * one log line and the metrics when the response ends, whatever answered it.
 */
export function createHttpServer(deps: HttpServerDeps, apollo: () => ApolloServer<RequestContext>): http.Server {
  const { config, log, metrics, callers, routes } = deps;
  const corsCheck = cors(corsPolicy(config, log, {
    methods: ["GET", "POST"],
    allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight", "cache-control"],
    exposedHeaders: ["x-request-id", "retry-after"],
    maxAge: 600,
  }));
  const parseJson = bodyParser.json({ limit: config.limits.maxBodyBytes, verify: requireUtf8 });
  const clients = new ClientAddresses(config.trustedProxies);

  async function graphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID();
    res.setHeader("x-request-id", id);
    const request = deps.newRequest(id, performance.now(), ANONYMOUS, /\bno-cache\b/i.test(req.headers["cache-control"] ?? ""));
    request.client = clients.of(req);
    res.once("close", () => logRequest(log, metrics, request, res));
    // Answered before GraphQL runs: the log line, the metrics and the span name the code sent.
    const refuseRequest = (status: number, code: ErrorCode, message: string): void => {
      request.record.outcome = code;
      refuse(res, status, code, message);
    };
    await inRequestSpan(req, res, request, () => runInRequest(request, async () => {
      // Node keeps only the first; a second credential must not pass unseen.
      if (duplicateHeader(req, "authorization")) return refuseRequest(400, ErrorCode.BAD_REQUEST, "Send one Authorization header, not several.");
      const identified = await callers.identify(req.headers.authorization);
      if (identified.kind === "refused") return refuseRequest(401, ErrorCode.UNAUTHENTICATED, `Unauthenticated: ${identified.reason}.`);
      if (identified.kind === "unavailable") return refuseRequest(503, ErrorCode.AUTH_UNAVAILABLE, `Cannot check the token now: ${identified.reason}; retry shortly.`);
      if (identified.kind === "caller") request.caller = identified.caller;
      const sent = await readBody(req, res);
      if (sent === REFUSED) return;
      const admitted = deps.trustedDocuments.admit(req.method ?? "GET", sent, search(req.url), request.caller.kind !== "service");
      if (admitted.refused) return refuseRequest(400, admitted.refused.code, admitted.refused.message);
      const body = admitted.body;
      if (identified.kind === "missing" && !landingPage(req) && !onlySignsIn(body, req)) {
        return refuseRequest(401, ErrorCode.UNAUTHENTICATED, "Missing credential: send `Authorization: Bearer <API key or token>` (only signInWithWecom needs none).");
      }
      const operationName = (body as { operationName?: unknown } | undefined)?.operationName;
      if (typeof operationName === "string" && operationName.length > MAX_OPERATION_NAME_CHARS) {
        return refuseRequest(400, ErrorCode.BAD_REQUEST, `operationName must be at most ${MAX_OPERATION_NAME_CHARS} characters.`);
      }
      await answer(res, await apollo().executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers: headerMap(req), search: admitted.search, body },
        context: () => Promise.resolve(request),
      }));
    }));
  }

  /** The parsed JSON body (undefined for a GET or another content type, as Apollo expects), or REFUSED once answered. */
  function readBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    if (req.method !== "POST") return Promise.resolve(undefined);
    return new Promise((resolve) => {
      parseJson(req, res, (error?: { status?: number; type?: string; limit?: number; message?: string }) => {
        if (!error) return resolve((req as IncomingMessage & { body?: unknown }).body);
        const status = error.status && error.status < 500 ? error.status : 400;
        const message =
          error.type === "entity.too.large" ? `Request body is larger than the ${error.limit}-byte limit`
          : error.type === "entity.parse.failed" ? "Request body is not valid JSON"
          : error.type === "encoding.invalid" ? "Request body is not valid UTF-8 (send JSON as UTF-8)"
          : "Request body could not be read";
        refuse(res, status, ErrorCode.BAD_REQUEST, message);
        resolve(REFUSED);
      });
    });
  }

  const server = http.createServer(connectionOptions(config.connections), (req, res) => {
    const path = pathOf(req.url);
    const route = path === "/graphql" ? undefined : routes.get(path);
    if (route && req.method !== "GET" && req.method !== "HEAD") return refuse(res, 405, ErrorCode.METHOD_NOT_ALLOWED, `${path} answers GET only.`);
    const work =
      path === "/graphql" ? new Promise<void>((resolve) => corsCheck(req, res, () => resolve(graphql(req, res))))
      : route ? route(req, res)
      : refuse(res, 404, ErrorCode.NOT_FOUND, `No route ${path.slice(0, 100)}: GraphQL is served at /graphql.`);
    Promise.resolve(work).catch((error: unknown) => {
      log.error({ err: error }, "unexpected error while serving a request");
      if (!res.headersSent) refuse(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error");
      else res.destroy();
    });
  });
  limitConnections(server, config.connections, clients, (why) => metrics.connectionRefused(why));
  return server;
}

const REFUSED = Symbol("refused");

/** An answer in GraphQL's error shape, for requests refused before GraphQL saw them. */
export function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...(status === 401 ? { "www-authenticate": 'Bearer realm="graphql"' } : {}),
  });
  res.end(body);
}

/** A JSON answer for the plain routes. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}

/** The Sandbox page: a bare GET for HTML. Its own requests then carry the credential the user types in. */
function landingPage(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && !req.url?.includes("?");
}

async function answer(res: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === "complete") {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function pathOf(url = "/"): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

function search(url = ""): string {
  const q = url.indexOf("?");
  return q === -1 ? "" : url.slice(q);
}
