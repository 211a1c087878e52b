import { z } from "zod";
import { trustedProxiesProblem } from "./client-address";

// Every variable the gateway reads (README "Configuration"), validated once at start by loadConfig.

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });
const flag = z.stringbool({ error: 'must be "true" or "false"' });
const list = z.string().transform((s) => s.split(",").map((item) => item.trim()).filter(Boolean));
const hostPorts = list.pipe(
  z
    .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: "must be host:port pairs separated by commas" }))
    .min(1, { error: "must name at least one host:port" }),
);
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });

export const envSchema = z.object({
  NODE_ENV: z.string().default("development"),
  PORT: whole(0, 65535).default(4000),
  HOST: z.string().optional(),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_CORP_SECRET: z.string().optional(),
  WECOM_API_BASE_URL: httpUrl.default("https://qyapi.weixin.qq.com"),
  WECOM_TIMEOUT_MS: whole(1, 600_000).default(10_000),
  WECOM_AGENT_ID: whole(1, 2_147_483_647).optional(),
  GATEWAY_JSAPI_ORIGINS: list.optional(),
  // The usual egress variables (lower-case spellings too, as curl reads them).
  HTTPS_PROXY: httpUrl.optional(),
  https_proxy: httpUrl.optional(),
  HTTP_PROXY: httpUrl.optional(),
  http_proxy: httpUrl.optional(),
  NO_PROXY: z.string().optional(),
  no_proxy: z.string().optional(),
  // OpenTelemetry's standard variables (the exporter reads them itself; checked here).
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/json"], { error: 'must be "http/json" (this gateway exports OTLP as JSON over HTTP)' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(["http/json"], { error: 'must be "http/json" (this gateway exports OTLP as JSON over HTTP)' }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().default("wecom-meeting-gateway"),
  OTEL_SDK_DISABLED: flag.default(false),
  OTEL_BSP_SCHEDULE_DELAY: whole(0, 600_000).optional(),
  GATEWAY_API_KEYS: list.default([]),
  GATEWAY_ALLOW_ANONYMOUS: flag.default(false),
  GATEWAY_JWT_JWKS_URL: httpUrl.optional(),
  GATEWAY_JWT_ISSUER: z.string().optional(),
  GATEWAY_JWT_AUDIENCE: z.string().optional(),
  GATEWAY_JWT_USERID_CLAIM: z.string().default("sub"),
  GATEWAY_SESSION_SECRET: z.string().optional(),
  GATEWAY_SESSION_TTL_SECONDS: whole(60, 30 * 86_400).default(7200),
  GATEWAY_UPSTREAM_RATE_PER_MINUTE: whole(1, 1_000_000).default(10_000),
  GATEWAY_UPSTREAM_RATE_PER_HOUR: whole(1, 100_000_000).default(150_000),
  GATEWAY_USER_RATE_PER_MINUTE: whole(1, 1_000_000).default(120),
  GATEWAY_CORS_ORIGINS: list.default([]),
  GATEWAY_TRUSTED_DOCUMENTS: list.default([]),
  GATEWAY_DEV_STATE_DIR: z.string().optional(),
  GATEWAY_SANDBOX: flag.optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  REDIS_SENTINELS: hostPorts.optional(),
  REDIS_SENTINEL_NAME: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_CLUSTER_NODES: hostPorts.optional(),
  REDIS_MIN_REPLICAS: whole(0, 16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).default("info"),
  GATEWAY_MAX_DEPTH: whole(1, 1000).default(15),
  GATEWAY_MAX_ALIASES: whole(0, 10_000).default(30),
  GATEWAY_MAX_MUTATIONS: whole(1, 1000).optional(),
  GATEWAY_MAX_CREATE_MEETINGS: whole(1, 1000).optional(), // the older name of GATEWAY_MAX_MUTATIONS
  GATEWAY_DETAIL_CONCURRENCY: whole(1, 100).default(10),
  GATEWAY_LISTING_CURSOR_TTL_SECONDS: whole(1, 86_400).default(3_600),
  GATEWAY_MAX_TOKENS: whole(100, 1_000_000).default(2000),
  GATEWAY_MAX_COST: whole(100, 1_000_000).default(5000),
  GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST: whole(1, 1_000_000).default(500),
  GATEWAY_MAX_BODY_BYTES: whole(1024, 100 * 1024 * 1024).default(1024 * 1024),
  GATEWAY_SHUTDOWN_TIMEOUT_MS: whole(0, 600_000).optional(),
  GATEWAY_HEADERS_TIMEOUT_MS: whole(100, 600_000).default(10_000),
  GATEWAY_REQUEST_TIMEOUT_MS: whole(100, 600_000).default(30_000),
  GATEWAY_KEEP_ALIVE_TIMEOUT_MS: whole(100, 600_000).default(5_000),
  GATEWAY_MAX_CONNECTIONS: whole(1, 1_000_000).default(10_000),
  GATEWAY_MAX_CONNECTIONS_PER_ADDRESS: whole(1, 1_000_000).default(1_000),
  GATEWAY_TRUSTED_PROXIES: list.default([]).refine((entries) => trustedProxiesProblem(entries) === undefined, {
    error: "must list IP addresses, CIDR ranges, or loopback, linklocal, uniquelocal",
  }),
  GATEWAY_SIGN_IN_RATE_PER_MINUTE: whole(1, 1_000_000).default(60),
  GATEWAY_SIGN_IN_FAILURES_PER_MINUTE: whole(1, 1_000_000).default(1_000),
  GATEWAY_DRAIN_DELAY_MS: whole(0, 600_000).default(0),
  GATEWAY_CACHE_MAX_STALE_SECONDS: whole(0, 86_400).default(60),
  GATEWAY_CACHE_MAX_STALE_FAR_SECONDS: whole(0, 86_400).default(900),
  GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS: whole(0, 86_400).optional(), // default: GATEWAY_CACHE_MAX_STALE_SECONDS
});

/** Every variable the gateway reads (the deployment manifests may set only these). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Variables that carry a credential: deployments take them from a secret store, never print them. */
export const SECRET_VARIABLES: readonly string[] = [
  "WECOM_CORP_SECRET",
  "GATEWAY_API_KEYS",
  "GATEWAY_SESSION_SECRET",
  "REDIS_URL", // may hold a password
  "REDIS_PASSWORD",
  "REDIS_SENTINEL_PASSWORD",
  "OTEL_EXPORTER_OTLP_HEADERS", // a tracing vendor's API key
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "HTTPS_PROXY", // may hold the proxy's credentials
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
];

export type Env = z.infer<typeof envSchema>;
