import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { MeetingResolver } from "../meeting/meeting.resolver";
import { firstCallLimitMs, IdempotencyGuard } from "../meeting/meeting.idempotency";
import { MeetingService } from "../meeting/meeting.service";
import { openStore } from "../store/open-store";
import { AccessTokens, type WecomApp } from "../wecom/access-tokens";
import { WecomSimulator } from "../wecom/simulator";
import { WecomClient } from "../wecom/wecom.client";
import { WecomHttp } from "../wecom/wecom.http";
import type { GatewayConfig } from "./config";
import { createHttpApp } from "./http-app";
import { GatewayMetrics } from "./metrics";
import { buildGatewaySchema } from "./schema";
import { observeAll, UpstreamLog } from "./upstream-log";

export interface RunningGateway {
  url: string;
  /** Stops accepting, lets in-flight requests finish (bounded), then releases everything. */
  stop(): Promise<void>;
}

/** The composition root: builds every part from the config and starts listening. */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const closers: Array<() => Promise<void> | void> = [];
  const { app, baseUrl } = await upstreamApp(config, log, closers);

  const store = await openStore(config.redisUrl, log);
  closers.push(() => store.close());
  const metrics = new GatewayMetrics();
  const wecomHttp = new WecomHttp({
    baseUrl,
    timeoutMs: config.wecomTimeoutMs,
    observer: observeAll(metrics, new UpstreamLog(log)),
  });
  closers.push(() => wecomHttp.close());
  // The refresh lock outlives a slow gettoken, so a second instance waits rather than fetching too.
  const tokens = new AccessTokens(wecomHttp, app, store, log, metrics, { lockMs: config.wecomTimeoutMs + 1_000 });
  closers.push(() => tokens.close());
  const meetings = new MeetingService(
    new WecomClient(wecomHttp, tokens),
    new IdempotencyGuard(store, {
      firstCallLimitMs: firstCallLimitMs(config.wecomTimeoutMs),
      scope: app.corpId,
      log,
    }),
  );

  const schema = await buildGatewaySchema([new MeetingResolver(meetings)]);
  const { httpServer, apollo } = await createHttpApp({ config, schema, log, store, metrics });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${host}:${port}`;
  log.info({ url, graphql: `${url}/graphql` }, "gateway listening");

  return {
    url,
    async stop() {
      await apollo.stop(); // drains the HTTP server: in-flight requests finish first
      for (const close of closers.reverse()) await close();
    },
  };
}

/** Real WeCom credentials, or the embedded simulator when there are none (development only). */
async function upstreamApp(
  config: GatewayConfig,
  log: Logger,
  closers: Array<() => Promise<void> | void>,
): Promise<{ app: WecomApp; baseUrl: string }> {
  if (config.upstream.kind === "wecom") {
    const { corpId, corpSecret, baseUrl } = config.upstream;
    return { app: { corpId, corpSecret }, baseUrl };
  }
  const simulator = await WecomSimulator.start();
  closers.push(() => simulator.close());
  log.warn(
    { simulator: simulator.url },
    "NO WECOM CREDENTIALS: serving an embedded WeCom SIMULATOR; meetings created here are not real. " +
      "Set WECOM_CORP_ID and WECOM_CORP_SECRET to use WeCom.",
  );
  return { app: { corpId: simulator.corpId, corpSecret: simulator.corpSecret }, baseUrl: simulator.url };
}
