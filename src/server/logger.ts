import pino, { type Logger } from "pino";
import { currentRequest } from "./request-context";

// Secrets never reach a log line: pino censors these paths wherever a caller puts them.
const REDACTED_PATHS = [
  "req.headers.authorization",
  "headers.authorization",
  "authorization",
  "corpSecret",
  "corpsecret",
  "accessToken",
  "access_token",
  "*.corpSecret",
  "*.corpsecret",
  "*.accessToken",
  "*.access_token",
];

/** JSON lines to stdout; `destination` is for tests that read what would be written. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "wecom-meeting-gateway" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      // Every line written while serving a request says which one, however deep it was written.
      mixin: () => {
        const request = currentRequest();
        if (!request) return {};
        return request.traceId ? { requestId: request.id, traceId: request.traceId } : { requestId: request.id };
      },
    },
    destination,
  );
}
