import type { IncomingMessage } from "node:http";
import type { CorsOptions, CorsOptionsDelegate } from "cors";
import type { Logger } from "pino";
import type { GatewayConfig } from "./config";

/** A local dev server (Vite, webpack, …) on any port: allowed outside production when nothing is configured. */
const LOCAL_DEV_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1):\d{1,5}$/;
/** A refused origin is logged at most once per this long. */
const LOG_EVERY_MS = 60_000;
/** Origins remembered for that; past it the memory starts over (anyone can send any Origin). */
const MAX_REMEMBERED = 1_000;
const LOGGED_ORIGIN_CHARS = 200;

/**
 * Which browser origins may call /graphql (CONTRACT §12): GATEWAY_CORS_ORIGINS; with it unset
 * outside production, any http://localhost:<port> and http://127.0.0.1:<port>. A refused origin is
 * logged once a minute per origin, naming the variable, since the browser alone shows the refusal.
 * The gateway's own pages (GraphiQL) send their origin too, and need no CORS.
 */
export function corsPolicy(config: GatewayConfig, log: Logger, options: Omit<CorsOptions, "origin">): CorsOptionsDelegate<IncomingMessage> {
  const configured = new Set(config.corsOrigins);
  const localDev = configured.size === 0 && !config.production;
  const lastLogged = new Map<string, number>();

  function refused(origin: string): void {
    const now = Date.now();
    if (now - (lastLogged.get(origin) ?? -Infinity) < LOG_EVERY_MS) return;
    if (lastLogged.size >= MAX_REMEMBERED) lastLogged.clear();
    lastLogged.set(origin, now);
    log.warn(
      { origin: origin.slice(0, LOGGED_ORIGIN_CHARS) },
      configured.size === 0
        ? "browser origin refused (CORS): GATEWAY_CORS_ORIGINS is unset; add this origin to it to let a page there call /graphql"
        : "browser origin refused (CORS): not in GATEWAY_CORS_ORIGINS; add it there to let a page there call /graphql",
    );
  }

  // `[]`, not `false`, for a refusal: cors then still answers a refused preflight (204, no Allow-Origin) itself.
  const allow: CorsOptions = { ...options, origin: true };
  const deny: CorsOptions = { ...options, origin: [] };
  return (req, callback) => {
    const origin = req.headers.origin;
    let allowed = false;
    if (origin !== undefined && !sameOrigin(origin, req)) {
      allowed = configured.has(origin) || (localDev && LOCAL_DEV_ORIGIN.test(origin));
      if (!allowed) refused(origin);
    }
    callback(null, allowed ? allow : deny);
  };
}

function sameOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
