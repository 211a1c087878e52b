import "reflect-metadata";
import { ConfigError, loadConfig } from "./server/config";
import { startGateway } from "./server/gateway";
import { createLogger } from "./server/logger";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const gateway = await startGateway(config, log);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, drainDelayMs: config.drainDelayMs }, "stopping: finishing in-flight requests");
    // If draining hangs past the bound, leave anyway (non-zero: it was not clean).
    setTimeout(() => {
      log.error("in-flight requests did not finish in time; exiting");
      process.exit(1);
    }, config.drainDelayMs + config.shutdownTimeoutMs + 2_000).unref();
    gateway.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (error) => {
        log.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
