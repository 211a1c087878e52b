// Other client hosts, on one machine: every 127.x.y.z address is this host's loopback, so a
// request sent from 127.0.5.1 reaches the gateway as another client than one from 127.0.0.1.
import http from "node:http";
import { connect, type Socket } from "node:net";
import type { GatewayProcess, GraphQLResponse } from "./gateway";

/** A POST /graphql sent from `localAddress`, on a connection of its own. Header values given as a list are sent as several lines. */
export function postFrom(
  gateway: GatewayProcess,
  localAddress: string,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): Promise<GraphQLResponse<any>> {
  const text = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(`${gateway.url}/graphql`, { method: "POST", localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let parsed: GraphQLResponse["body"];
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = { errors: [{ message: `non-JSON answer: ${raw.slice(0, 200)}` }] };
        }
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") answerHeaders.set(name, value);
        resolve({ status: response.statusCode!, headers: answerHeaders, body: parsed });
      });
    });
    request.on("error", reject);
    request.setHeader("content-type", "application/json");
    for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
    request.end(text);
  });
}

/** The status of a GET of `path` sent from `localAddress`. */
export function statusFrom(gateway: GatewayProcess, localAddress: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${gateway.url}${path}`, { localAddress, agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode!));
      })
      .on("error", reject);
  });
}

/** A raw TCP connection to the gateway from `localAddress`, and what the server sent until it closed it. */
export interface RawConnection {
  socket: Socket;
  /** Resolves, with everything the server sent, when the connection closes. */
  closed: Promise<string>;
  isClosed(): boolean;
}

export function openConnection(gateway: GatewayProcess, localAddress: string): Promise<RawConnection> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", () => undefined); // a reset is a close, as far as these tests care
    const closedPromise = new Promise<string>((done) =>
      socket.once("close", () => {
        closed = true;
        done(received);
      }),
    );
    socket.once("connect", () => resolve({ socket, closed: closedPromise, isClosed: () => closed }));
    socket.once("error", reject);
  });
}
