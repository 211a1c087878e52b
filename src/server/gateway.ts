import type http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { randomBytes } from "node:crypto";
import { ApiKeys } from "../auth/api-keys";
import { Callers } from "../auth/callers";
import { AuthResolver } from "../auth/graphql/auth.resolver";
import { IdentityProvider } from "../auth/identity-provider";
import { JsApiResolver } from "../auth/graphql/jsapi.resolver";
import { JsApiSigning } from "../auth/jsapi-signatures.service";
import { Sessions } from "../auth/sessions";
import { SignInLimits } from "../auth/sign-in-limits";
import { SignInService } from "../auth/sign-in.service";
import { openMeetingCache } from "../meeting/cache/open-meeting-cache";
import { ListingCursors } from "../meeting/domain/listing-cursor";
import { MeetingService } from "../meeting/domain/meeting.service";
import { MeetingResolver } from "../meeting/graphql/meeting.resolver";
import { applyWindowMs, firstCallLimitMs, IDEMPOTENCY_TTL_MS, IdempotencyGuard } from "../meeting/idempotency/idempotency.guard";
import { WecomMeetingLookup } from "../meeting/idempotency/meeting-lookup";
import { StoreEpoch } from "../store/store-epoch";
import { openStore } from "../store/open-store";
import type { RedisStore } from "../store/redis.store";
import { UpstreamQuotas } from "../wecom/quotas";
import { AccessTokens, type WecomApp } from "../wecom/access-tokens";
import { WecomSimulator } from "../wecom/simulator";
import { WecomClient } from "../wecom/wecom.client";
import { JsApiTickets } from "../wecom/jsapi/jsapi-tickets";
import { proxyForLogs } from "../wecom/egress";
import { WecomHttp } from "../wecom/wecom.http";
import type { GatewayConfig } from "./config";
import { stopAccepting } from "./drain";
import { createGraphQLServer } from "./graphql-server";
import { graphiqlRoutes } from "./graphiql";
import { DevState } from "./dev-state";
import { createHttpServer, type Route } from "./http-server";
import { GatewayMetrics } from "./metrics";
import { readiness } from "./readiness";
import { currentRequest, RequestContext } from "./request-context";
import { simulatorSignIn } from "./simulator-sign-in";
import { buildGatewaySchema } from "./schema";
import { StatusResolver } from "./status.resolver";
import { UpstreamCallCap } from "./upstream-call-cap";
import { startTracing } from "./tracing";
import { loadTrustedDocuments } from "./trusted-documents";
import { observeAll, UpstreamLog } from "./upstream-log";

export interface RunningGateway {
  url: string;
  /**
   * Answers /ready 503 and keeps serving for GATEWAY_DRAIN_DELAY_MS, then stops accepting, lets
   * in-flight requests finish (bounded), and releases everything.
   */
  stop(): Promise<void>;
}

type Closer = () => Promise<void> | void;

/** Node's default idle keep-alive timeout of a server connection. */
const KEEP_ALIVE_MS = 5_000;

/** The composition root: builds every part from the config and starts listening. */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const closers: Closer[] = [];
  const warnings: Array<() => void> = [];
  try {
    const trustedDocuments = loadTrustedDocuments(config.trustedDocuments, log); // a broken manifest stops the start first
    // First to start and last to close: the spans of everything else are exported before exit.
    const stopTracing = startTracing(config, log);
    if (stopTracing) closers.push(stopTracing);
    const { app, baseUrl, proxyUrl, simulator } = await upstreamApp(config, log, closers, warnings);
    const store = await openStore(config.redis, log);
    closers.push(() => store.close());
    const redis = store.kind === "redis" ? (store as RedisStore).connection : undefined;
    const metrics = new GatewayMetrics();
    const quotas = new UpstreamQuotas({
      corpId: app.corpId,
      perMinute: config.quotas.upstreamPerMinute,
      perHour: config.quotas.upstreamPerHour,
      userPerMinute: config.quotas.userPerMinute,
      currentUser: () => {
        const caller = currentRequest()?.caller;
        return caller?.kind === "user" ? caller.userId : undefined;
      },
      redis,
      onRefused: (scope) => metrics.refusedByQuota(scope),
    });
    const wecomHttp = new WecomHttp({
      baseUrl,
      proxyUrl,
      timeoutMs: config.wecomTimeoutMs,
      observer: observeAll(metrics, new UpstreamLog(log)),
      gate: new UpstreamCallCap(config.limits.maxUpstreamCallsPerRequest, quotas),
    });
    closers.push(() => wecomHttp.close());
    // The refresh lock outlives a slow gettoken, so a second instance waits rather than fetching too.
    const tokens = new AccessTokens(wecomHttp, app, store, log, metrics, { lockMs: config.wecomTimeoutMs + 1_000 });
    closers.push(() => tokens.close());
    const wecom = new WecomClient(wecomHttp, tokens);
    const tickets = new JsApiTickets(wecom, store, app.corpId, config.agentId, { lockMs: config.wecomTimeoutMs + 1_000 });
    closers.push(() => tickets.close());

    // Knows when Redis lost its data, so keyed creates then look meetings up before creating.
    const epoch = store.kind === "redis" ? new StoreEpoch(store, log, IDEMPOTENCY_TTL_MS, failoverMattersMs(config)) : undefined;
    await epoch?.start();
    closers.push(() => epoch?.close());
    if (store.kind === "redis") warnings.push(...(await persistenceWarning(store as RedisStore, log)));
    const guard = new IdempotencyGuard(store, new WecomMeetingLookup(wecom, config.detailConcurrency), epoch, {
      firstCallLimitMs: firstCallLimitMs(config.wecomTimeoutMs),
      applyWindowMs: applyWindowMs(config.wecomTimeoutMs),
      scope: app.corpId,
      log,
    });
    closers.push(() => guard.close());
    const cache = openMeetingCache({ store, log, observer: metrics, scope: app.corpId, wecomTimeoutMs: config.wecomTimeoutMs, ...config.cache });
    closers.push(() => cache.close());
    const meetings = new MeetingService(
      wecom,
      guard,
      ListingCursors.forCorp(app.corpId, app.corpSecret, config.listingCursorTtlSeconds),
      { detailConcurrency: config.detailConcurrency, cache: cache.meetings, budget: quotas },
    );
    const sessions = sessionsFor(config, app, simulator !== undefined, warnings, log);
    const apiKeys = new ApiKeys(config.apiKeys);
    const callers = new Callers({
      apiKeys,
      sessions,
      identityProvider: config.jwt && new IdentityProvider(config.jwt),
      credentialRequired: apiKeys.configured || config.jwt !== undefined || config.session !== undefined,
    });
    if (!callers.credentialRequired) warnings.push(() => warnOpen(config, log));

    const signInLimits = new SignInLimits({ corpId: app.corpId, ...config.signIn, redis, onRefused: (scope) => metrics.refusedByQuota(scope) });
    const signingInClient = () => {
      const request = currentRequest();
      return request?.caller.kind === "service" ? undefined : request?.client ?? "unknown";
    };
    const schema = await buildGatewaySchema([
      new MeetingResolver(meetings),
      new AuthResolver(new SignInService(wecom, sessions, signInLimits, signingInClient)),
      new JsApiResolver(
        new JsApiSigning(tickets, { corpId: app.corpId, agentId: config.agentId, origins: config.jsapiOrigins, localDevelopment: !config.production }),
      ),
      new StatusResolver(),
    ]);
    // What Sandbox and GraphiQL offer to fill in: an Authorization header where tokens are accepted.
    const explorerHeaders: Record<string, string> = callers.credentialRequired || sessions ? { Authorization: "" } : {};
    let draining = false;
    let apollo: ReturnType<typeof createGraphQLServer> | undefined;
    const routes = new Map<string, Route>([
      ["/health", (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}')],
      ["/ready", readiness(store, () => draining)],
      // Open like /health: scraped from inside; it holds no secrets (see GatewayMetrics).
      ["/metrics", async (_req, res) => void res.writeHead(200, { "content-type": metrics.contentType }).end(await metrics.render())],
      // Development only: a WeCom sign-in code for any userid, as the real OAuth page would give.
      ...(simulator ? ([["/simulator/sign-in", simulatorSignIn(simulator)]] as const) : []),
      // The explorer that works offline, on Sandbox's on/off rule.
      ...(config.sandbox ? graphiqlRoutes({ headers: explorerHeaders }) : []),
    ]);
    const httpServer = createHttpServer(
      {
        config,
        log,
        metrics,
        callers,
        routes,
        trustedDocuments,
        newRequest: (id, started, caller, fresh) => new RequestContext(id, started, caller, () => meetings.loaders(fresh)),
      },
      () => apollo!,
    );
    // While draining, answers close their connection, so a balancer's keep-alive pool empties
    // before the listener closes rather than sending into a socket that is going away.
    httpServer.prependListener("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (draining) res.setHeader("connection", "close");
    });
    apollo = createGraphQLServer({
      config,
      schema,
      log,
      httpServer,
      onDrain: () => void (draining = true),
      sandboxHeaders: explorerHeaders,
    });
    await apollo.start();
    closers.push(() => apollo!.stop()); // drains the HTTP server: in-flight requests finish first

    await listen(httpServer, config);
    const { port } = httpServer.address() as AddressInfo;
    const everywhere = config.host === "0.0.0.0" || config.host === "::";
    const url = `http://${everywhere ? "localhost" : config.host}:${port}`;
    for (const warn of warnings) warn();
    log.info(
      { address: `${config.host}:${port}${everywhere ? " (every interface)" : ""}`, url, graphql: `${url}/graphql` },
      "gateway listening",
    );
    return {
      url,
      async stop() {
        // Keep serving a while, answering /ready 503, so the balancer stops sending first.
        draining = true;
        if (config.drainDelayMs > 0) {
          await sleep(config.drainDelayMs);
          // Then refuse new connections and let the balancer's own end (its idle timeout is under Node's 5 s).
          await stopAccepting(httpServer, KEEP_ALIVE_MS + 1_000);
        }
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}

/**
 * How long keyed creates look meetings up after a failover: where writes wait for a replica, a
 * create is never sent on a claim the failover could lose, so only creates in flight across it
 * need it; without replicas acknowledging, as long as the records live.
 */
function failoverMattersMs(config: GatewayConfig): number {
  if (config.redis?.minReplicas === 0) return IDEMPOTENCY_TTL_MS;
  return firstCallLimitMs(config.wecomTimeoutMs) + applyWindowMs(config.wecomTimeoutMs);
}

/** A start-up warning when the connected Redis keeps nothing across a restart (CONTRACT §6 needs it to). */
async function persistenceWarning(store: RedisStore, log: Logger): Promise<Array<() => void>> {
  const persistence = await store.persistence();
  if (persistence !== "none") return [];
  return [
    () =>
      log.warn(
        "the connected Redis has no persistence (no AOF, no RDB snapshots): a restart empties it, and keyed creates then " +
          "look each meeting up in WeCom for 24 h. Turn on appendonly (AOF) for exactly-once creates without lookups.",
      ),
  ];
}

/** Listens, or fails with a sentence a newcomer can act on. */
function listen(server: http.Server, config: GatewayConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${config.host}:${config.port}`;
      if (error.code === "EADDRINUSE") reject(new Error(`port ${config.port} is already in use on ${config.host} (EADDRINUSE): stop the other program or set PORT`));
      else if (error.code === "EACCES") reject(new Error(`not allowed to listen on ${where} (EACCES): choose a PORT above 1023`));
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    });
    server.listen(config.port, config.host, resolve);
  });
}

function warnOpen(config: GatewayConfig, log: Logger): void {
  if (config.production) {
    log.warn("GATEWAY_ALLOW_ANONYMOUS=true: /graphql authenticates nobody; the proxy in front must authenticate callers");
  } else {
    log.warn("no auth is configured (GATEWAY_API_KEYS and the user token variables are unset): /graphql is OPEN, anyone who reaches it can create meetings");
  }
}

/** Real WeCom credentials, or the embedded simulator when there are none (development only). */
async function upstreamApp(
  config: GatewayConfig,
  log: Logger,
  closers: Closer[],
  warnings: Array<() => void>,
): Promise<{ app: WecomApp; baseUrl: string; proxyUrl?: string; simulator?: WecomSimulator }> {
  if (config.upstream.kind === "wecom") {
    const { corpId, corpSecret, baseUrl, proxyUrl } = config.upstream;
    if (proxyUrl) warnings.push(() => log.info({ proxy: proxyForLogs(proxyUrl) }, "WeCom calls go through the egress proxy"));
    return { app: { corpId, corpSecret }, baseUrl, proxyUrl };
  }
  const simulator = await WecomSimulator.start();
  simulator.advanced = true; // every operation works in Sandbox, invitee lists and one-occurrence cancels too
  closers.push(() => simulator.close());
  if (config.devStateDir) closers.push(new DevState(config.devStateDir).keepSimulatorMeetings(simulator, log)); // saved before it closes
  warnings.push(() =>
    log.warn(
      { simulator: simulator.url },
      "NO WECOM CREDENTIALS: serving an embedded WeCom SIMULATOR; meetings created here are not real. " +
        "Set WECOM_CORP_ID and WECOM_CORP_SECRET to use WeCom.",
    ),
  );
  return { app: { corpId: simulator.corpId, corpSecret: simulator.corpSecret }, baseUrl: simulator.url, simulator };
}

/**
 * The gateway's sessions: signed with GATEWAY_SESSION_SECRET; with the simulator and no secret,
 * with a development one (GATEWAY_DEV_STATE_DIR) or a throwaway one, so a developer can sign in at once.
 */
function sessionsFor(config: GatewayConfig, app: WecomApp, simulated: boolean, warnings: Array<() => void>, log: Logger): Sessions | undefined {
  const ttl = config.session?.ttlSeconds ?? 7200;
  if (config.session) return new Sessions(config.session.secret, app.corpId, ttl);
  if (!simulated) return undefined;
  if (config.devStateDir) {
    warnings.push(() => log.warn({ dir: config.devStateDir }, "GATEWAY_SESSION_SECRET is not set: sessions are signed with the development secret kept in GATEWAY_DEV_STATE_DIR"));
    return new Sessions(new DevState(config.devStateDir).sessionSecret(), app.corpId, ttl);
  }
  warnings.push(() => log.warn("GATEWAY_SESSION_SECRET is not set: sessions are signed with a throwaway key and end with this process"));
  return new Sessions(randomBytes(32).toString("base64url"), app.corpId, ttl);
}
