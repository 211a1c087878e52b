/**
 * A fast stand-in for the two WeCom endpoints the gateway calls, for benchmarks only.
 *
 * Unlike src/wecom/simulator/ it validates nothing: `GET /cgi-bin/gettoken` and
 * `POST /cgi-bin/meeting/create` answer at once with a fixed, valid WeCom JSON body (pre-encoded,
 * with Content-Length), after reading the request body so the kept-alive connection stays usable.
 * `GET /__stats` reports connections and requests seen, to check that clients reuse connections.
 *
 * Run as a process (`node dist/bench/fast-upstream.js`), it listens on 127.0.0.1 (PORT, default
 * any free port) and prints one JSON line `{"msg":"fast upstream listening","url":…}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const BENCH_CORP_ID = "ww-bench-corp";
export const BENCH_CORP_SECRET = "bench-secret";
export const BENCH_MEETING_ID = "hybench_meeting_0000000000000000";

const TOKEN_BODY = Buffer.from(
  JSON.stringify({ errcode: 0, errmsg: "ok", access_token: "bench-access-token-".padEnd(128, "x"), expires_in: 7200 }),
);
const CREATE_BODY = Buffer.from(JSON.stringify({ errcode: 0, errmsg: "ok", meetingid: BENCH_MEETING_ID }));
const NOT_FOUND_BODY = Buffer.from(JSON.stringify({ errcode: 404, errmsg: "not found" }));

function headersFor(body: Buffer) {
  return { "Content-Type": "application/json; charset=UTF-8", "Content-Length": String(body.length) };
}
const TOKEN_HEADERS = headersFor(TOKEN_BODY);
const CREATE_HEADERS = headersFor(CREATE_BODY);
const NOT_FOUND_HEADERS = headersFor(NOT_FOUND_BODY);

export interface FastUpstream {
  url: string;
  stats(): { connections: number; requests: number };
  close(): Promise<void>;
}

export async function startFastUpstream(port = 0): Promise<FastUpstream> {
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const url = req.url ?? "";
    // The query (access_token, corpid…) is not looked at: only the path decides.
    const send = (status: number, headers: Record<string, string>, body: Buffer) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    req.on("error", () => {});
    res.on("error", () => {});
    // Read (and drop) the body before answering: the connection can then carry the next request.
    req.resume();
    req.once("end", () => {
      if (url.startsWith("/cgi-bin/meeting/create")) send(200, CREATE_HEADERS, CREATE_BODY);
      else if (url.startsWith("/cgi-bin/gettoken")) send(200, TOKEN_HEADERS, TOKEN_BODY);
      else if (url === "/__stats") {
        const body = Buffer.from(JSON.stringify({ connections, requests }));
        send(200, headersFor(body), body);
      } else send(404, NOT_FOUND_HEADERS, NOT_FOUND_BODY);
    });
  });
  server.on("connection", () => connections++);
  // Idle kept-alive connections survive the other target's round (Node's default is 5 s).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: chosen } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${chosen}`,
    stats: () => ({ connections, requests }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (require.main === module) {
  startFastUpstream(Number(process.env.PORT ?? 0)).then(
    (upstream) => {
      process.stdout.write(`${JSON.stringify({ msg: "fast upstream listening", url: upstream.url })}\n`);
      const stop = () => void upstream.close().then(() => process.exit(0));
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
      // Gone with the parent: never outlive the bench that started it.
      process.on("disconnect", stop);
    },
    (error) => {
      process.stderr.write(`fast upstream failed to start: ${error}\n`);
      process.exit(1);
    },
  );
}
