import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * `Authorization: Bearer <key>` on every /graphql request, checked before the body is even
 * read: a caller without a key gets 401 and costs us nothing. Two requests pass without a key:
 * CORS preflights (browsers never send credentials on them) and a bare `GET /graphql`, the
 * Sandbox landing page, whose own requests then carry the key the user types into its headers.
 */
export function requireApiKey(keys: readonly string[]): RequestHandler {
  // Comparing fixed-length digests keeps timingSafeEqual usable and hides each key's length.
  const digests = keys.map(digest);
  return (req, res, next) => {
    if (needsNoKey(req)) return next();
    const presented = BEARER.exec(req.headers.authorization ?? "")?.[1];
    if (presented !== undefined && matchesAny(digest(presented), digests)) return next();
    res
      .status(401)
      .set("WWW-Authenticate", 'Bearer realm="graphql"')
      .json({
        errors: [
          {
            message:
              presented === undefined
                ? "Missing API key: send the header `Authorization: Bearer <key>`."
                : "Invalid API key.",
            extensions: { code: "UNAUTHENTICATED" },
          },
        ],
      });
  };
}

function needsNoKey(req: Request): boolean {
  if (req.method === "OPTIONS") return true;
  // Any query string (a GET operation, a persisted-query hash) is GraphQL work: it needs the key.
  return (req.method === "GET" || req.method === "HEAD") && !req.originalUrl.includes("?");
}

/** Looks at every key, with no early exit, so the time taken does not tell which one matched. */
function matchesAny(presented: Buffer, digests: readonly Buffer[]): boolean {
  let found = false;
  for (const candidate of digests) found = timingSafeEqual(presented, candidate) || found;
  return found;
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}
