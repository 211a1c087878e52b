import { getProxyForUrl } from "proxy-from-env";
import { envSchema, type Env } from "./config.variables";
import type { ConnectionLimits } from "./connection-limits";
import type { HostPort, RedisTopology } from "../store/redis-topology";

/** Everything the gateway reads from its environment (CONTRACT.md §2 and §7), validated once at start. */
export interface GatewayConfig {
  production: boolean;
  port: number;
  host: string;
  /** Real WeCom credentials, or the embedded simulator (development without credentials). */
  upstream:
    | {
        kind: "wecom";
        corpId: string;
        corpSecret: string;
        baseUrl: string;
        /** The egress proxy for WeCom's URL (HTTPS_PROXY / HTTP_PROXY, less NO_PROXY), if any. */
        proxyUrl: string | undefined;
      }
    | { kind: "simulator" };
  wecomTimeoutMs: number;
  /** The app's agent id (WECOM_AGENT_ID): JS-SDK signatures for the app identity (§12b). */
  agentId: number | undefined;
  /** Origins of the pages JS-SDK signatures are made for (§12b). */
  jsapiOrigins: string[];
  apiKeys: string[];
  allowAnonymous: boolean;
  /** User tokens of the company's identity provider (§8). */
  jwt: { jwksUrl: string; issuer: string; audience: string; userIdClaim: string } | undefined;
  /** The gateway's own sessions (signInWithWecom); undefined: not configured. */
  session: { secret: string; ttlSeconds: number } | undefined;
  /** Quotas (§9). */
  quotas: { upstreamPerMinute: number; upstreamPerHour: number; userPerMinute: number };
  corsOrigins: string[];
  /** Manifests of trusted documents (§12): with any, users and anonymous callers run only those. */
  trustedDocuments: string[];
  /** Development only: where the dev session secret and the simulator's meetings outlive a restart (npm run dev). */
  devStateDir: string | undefined;
  sandbox: boolean;
  /** The shared store's Redis (CONTRACT §13): one node, a Sentinel set, or a Cluster; undefined: in memory. */
  redis: RedisTopology | undefined;
  logLevel: string;
  limits: {
    maxDepth: number;
    maxAliases: number;
    /** Fields that change something upstream, in one operation (§7, §10). */
    maxMutations: number;
    maxTokens: number;
    maxCost: number;
    /** WeCom calls one request may cause: estimated before it runs, and counted as they are sent. */
    maxUpstreamCallsPerRequest: number;
    maxBodyBytes: number;
  };
  shutdownTimeoutMs: number;
  /** Slow and idle clients: timeouts and connection caps. */
  connections: ConnectionLimits;
  /** Addresses (or CIDR ranges) of proxies whose X-Forwarded-For names the client. */
  trustedProxies: string[];
  /** Metering of signInWithWecom, which needs no credential. */
  signIn: { perClientPerMinute: number; failuresPerMinute: number };
  /** On SIGTERM, how long to keep serving (with /ready 503) before closing the listener. */
  drainDelayMs: number;
  /** get_info calls at once per request (§10). */
  detailConcurrency: number;
  /** The shared meeting cache's stale bounds (§11); 0 keeps nothing of that class. */
  cache: { maxStaleSeconds: number; maxStaleFarSeconds: number; maxStaleListingSeconds: number };
  /** How long a listing cursor may be used (§10). */
  listingCursorTtlSeconds: number;
  /** OpenTelemetry traces (§14): on when an OTLP endpoint is set. */
  tracing: { serviceName: string } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  // An empty variable counts as unset (a common shell and compose idiom).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];

  if (Boolean(e.WECOM_CORP_ID) !== Boolean(e.WECOM_CORP_SECRET)) {
    problems.push(
      `${e.WECOM_CORP_ID ? "WECOM_CORP_SECRET" : "WECOM_CORP_ID"}: set both WECOM_CORP_ID and WECOM_CORP_SECRET, or neither`,
    );
  } else if (!e.WECOM_CORP_ID && production) {
    problems.push(
      "WECOM_CORP_ID, WECOM_CORP_SECRET: required when NODE_ENV=production (the embedded simulator is for development only)",
    );
  }
  const jwks = e.GATEWAY_JWT_JWKS_URL;
  if (jwks) {
    if (!e.GATEWAY_JWT_ISSUER) problems.push("GATEWAY_JWT_ISSUER: required with GATEWAY_JWT_JWKS_URL");
    if (!e.GATEWAY_JWT_AUDIENCE) problems.push("GATEWAY_JWT_AUDIENCE: required with GATEWAY_JWT_JWKS_URL");
    if (production && !jwks.startsWith("https://")) problems.push("GATEWAY_JWT_JWKS_URL: must be an https:// URL when NODE_ENV=production");
  } else if (e.GATEWAY_JWT_ISSUER || e.GATEWAY_JWT_AUDIENCE) {
    problems.push(`${e.GATEWAY_JWT_ISSUER ? "GATEWAY_JWT_ISSUER" : "GATEWAY_JWT_AUDIENCE"}: set GATEWAY_JWT_JWKS_URL too, or neither`);
  }
  // The secret is never printed, not even in part.
  const secret = e.GATEWAY_SESSION_SECRET;
  if (secret !== undefined && Buffer.byteLength(secret, "utf8") < 32) {
    problems.push("GATEWAY_SESSION_SECRET: must be at least 32 bytes (UTF-8); use a long random string");
  }
  if (production && e.GATEWAY_API_KEYS.length === 0 && !jwks && !secret && !e.GATEWAY_ALLOW_ANONYMOUS) {
    problems.push(
      "GATEWAY_API_KEYS, GATEWAY_JWT_JWKS_URL, GATEWAY_SESSION_SECRET: in production at least one way to authenticate callers is required, unless GATEWAY_ALLOW_ANONYMOUS=true (an auth proxy in front)",
    );
  }
  if (e.GATEWAY_HEADERS_TIMEOUT_MS > e.GATEWAY_REQUEST_TIMEOUT_MS) {
    problems.push("GATEWAY_HEADERS_TIMEOUT_MS: must not be longer than GATEWAY_REQUEST_TIMEOUT_MS (the headers are part of the request)");
  }
  if (production && e.GATEWAY_DEV_STATE_DIR) {
    problems.push("GATEWAY_DEV_STATE_DIR: development only (it keeps a session secret and simulated meetings in files); unset it in production");
  }
  const redis = redisTopology(e, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    port: e.PORT,
    // Outside production only this machine reaches it unless asked (a dev gateway is often open, §12).
    host: e.HOST ?? (production ? "0.0.0.0" : "127.0.0.1"),
    upstream: e.WECOM_CORP_ID
      ? {
          kind: "wecom",
          corpId: e.WECOM_CORP_ID,
          corpSecret: e.WECOM_CORP_SECRET!,
          baseUrl: e.WECOM_API_BASE_URL,
          proxyUrl: egressProxyFor(e.WECOM_API_BASE_URL, given) || undefined,
        }
      : { kind: "simulator" },
    wecomTimeoutMs: e.WECOM_TIMEOUT_MS,
    agentId: e.WECOM_AGENT_ID,
    jsapiOrigins: e.GATEWAY_JSAPI_ORIGINS ?? e.GATEWAY_CORS_ORIGINS,
    apiKeys: e.GATEWAY_API_KEYS,
    allowAnonymous: e.GATEWAY_ALLOW_ANONYMOUS,
    jwt: jwks
      ? { jwksUrl: jwks, issuer: e.GATEWAY_JWT_ISSUER!, audience: e.GATEWAY_JWT_AUDIENCE!, userIdClaim: e.GATEWAY_JWT_USERID_CLAIM }
      : undefined,
    session: secret ? { secret, ttlSeconds: e.GATEWAY_SESSION_TTL_SECONDS } : undefined,
    quotas: {
      upstreamPerMinute: e.GATEWAY_UPSTREAM_RATE_PER_MINUTE,
      upstreamPerHour: e.GATEWAY_UPSTREAM_RATE_PER_HOUR,
      userPerMinute: e.GATEWAY_USER_RATE_PER_MINUTE,
    },
    corsOrigins: e.GATEWAY_CORS_ORIGINS,
    trustedDocuments: e.GATEWAY_TRUSTED_DOCUMENTS,
    devStateDir: e.GATEWAY_DEV_STATE_DIR,
    sandbox: e.GATEWAY_SANDBOX ?? !production,
    redis,
    logLevel: e.LOG_LEVEL,
    limits: {
      maxDepth: e.GATEWAY_MAX_DEPTH,
      maxAliases: e.GATEWAY_MAX_ALIASES,
      maxMutations: e.GATEWAY_MAX_MUTATIONS ?? e.GATEWAY_MAX_CREATE_MEETINGS ?? 5,
      maxTokens: e.GATEWAY_MAX_TOKENS,
      maxCost: e.GATEWAY_MAX_COST,
      maxUpstreamCallsPerRequest: e.GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST,
      maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
    },
    // Long enough for an in-flight upstream create to finish before the process exits.
    shutdownTimeoutMs: e.GATEWAY_SHUTDOWN_TIMEOUT_MS ?? e.WECOM_TIMEOUT_MS + 5_000,
    drainDelayMs: e.GATEWAY_DRAIN_DELAY_MS,
    detailConcurrency: e.GATEWAY_DETAIL_CONCURRENCY,
    connections: {
      headersTimeoutMs: e.GATEWAY_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.GATEWAY_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.GATEWAY_MAX_CONNECTIONS,
      maxConnectionsPerAddress: e.GATEWAY_MAX_CONNECTIONS_PER_ADDRESS,
    },
    trustedProxies: e.GATEWAY_TRUSTED_PROXIES,
    signIn: { perClientPerMinute: e.GATEWAY_SIGN_IN_RATE_PER_MINUTE, failuresPerMinute: e.GATEWAY_SIGN_IN_FAILURES_PER_MINUTE },
    cache: {
      maxStaleSeconds: e.GATEWAY_CACHE_MAX_STALE_SECONDS,
      maxStaleFarSeconds: e.GATEWAY_CACHE_MAX_STALE_FAR_SECONDS,
      maxStaleListingSeconds: e.GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS ?? e.GATEWAY_CACHE_MAX_STALE_SECONDS,
    },
    listingCursorTtlSeconds: e.GATEWAY_LISTING_CURSOR_TTL_SECONDS,
    tracing:
      (e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && !e.OTEL_SDK_DISABLED
        ? { serviceName: e.OTEL_SERVICE_NAME }
        : undefined,
  };
}


/** One Redis topology of the three (CONTRACT §13), or none; more than one is a problem naming them. */
function redisTopology(e: Env, problems: string[]): RedisTopology | undefined {
  const given = (["REDIS_URL", "REDIS_SENTINELS", "REDIS_CLUSTER_NODES"] as const).filter((name) => e[name] !== undefined);
  if (given.length > 1) {
    problems.push(`${given.join(", ")}: set only one Redis topology (one node, a Sentinel set, or a Cluster)`);
    return undefined;
  }
  if (e.REDIS_SENTINEL_NAME && !e.REDIS_SENTINELS) problems.push("REDIS_SENTINEL_NAME: set REDIS_SENTINELS too");
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_NAME) problems.push("REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the primary's name the sentinels monitor)");
  if (e.REDIS_SENTINEL_PASSWORD && !e.REDIS_SENTINELS) problems.push("REDIS_SENTINEL_PASSWORD: set REDIS_SENTINELS too");
  if (e.REDIS_PASSWORD && e.REDIS_URL) problems.push("REDIS_PASSWORD: put the password in REDIS_URL (redis://:password@host:port)");
  if (e.REDIS_MIN_REPLICAS !== undefined && given.length === 0) problems.push("REDIS_MIN_REPLICAS: set a Redis topology too");
  const minReplicas = e.REDIS_MIN_REPLICAS ?? (e.REDIS_URL ? 0 : "auto");
  const password = e.REDIS_PASSWORD;
  if (e.REDIS_URL) return { kind: "url", url: e.REDIS_URL, minReplicas };
  if (e.REDIS_SENTINELS && e.REDIS_SENTINEL_NAME) {
    return { kind: "sentinel", sentinels: e.REDIS_SENTINELS.map(hostPort), name: e.REDIS_SENTINEL_NAME, sentinelPassword: e.REDIS_SENTINEL_PASSWORD, password, minReplicas };
  }
  if (e.REDIS_CLUSTER_NODES) return { kind: "cluster", nodes: e.REDIS_CLUSTER_NODES.map(hostPort), password, minReplicas };
  return undefined;
}

function hostPort(pair: string): HostPort {
  const at = pair.lastIndexOf(":");
  return { host: pair.slice(0, at), port: Number(pair.slice(at + 1)) };
}

/** The proxy for `url` by the HTTPS_PROXY / HTTP_PROXY / NO_PROXY rules curl and most tools follow. */
function egressProxyFor(url: string, env: Record<string, string | undefined>): string {
  // proxy-from-env reads process.env; the configuration may come from elsewhere (tests).
  const saved = process.env;
  process.env = env;
  try {
    return getProxyForUrl(url);
  } finally {
    process.env = saved;
  }
}
