/**
 * The "ceiling" of the gateway benchmark: the least a server can do for the same request.
 *
 * Plain node:http, no framework and no GraphQL layer. For `POST /graphql` with the JSON body
 * `{query, variables}` it: checks the API key header, reads `variables.input` (dates from ISO
 * text), runs the project's own input rules (`checkCreateMeetingInput`, as the gateway does) and
 * mapping (`toCreateMeetingBody`), forwards the body to `POST /cgi-bin/meeting/create` over a
 * keep-alive `http.Agent` with plain `http.request` (access token fetched once at start), and
 * answers `{"data":{"createMeeting":…}}` built with the project's `toMeeting`, shaped like the
 * gateway's GraphQL answer. `idempotencyKey` is ignored (the ceiling has no store).
 * `GET /health` answers 200.
 *
 * Environment: UPSTREAM_URL (required), API_KEY (required), WECOM_CORP_ID, WECOM_CORP_SECRET,
 * PORT (default 0), HOST (default 127.0.0.1). Prints `{"msg":"ceiling listening","url":…}`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { toCreateMeetingBody, toMeeting } from "../src/meeting/meeting.mapping";
import { checkCreateMeetingInput } from "../src/meeting/meeting.rules";
import type { CreateMeetingInput } from "../src/meeting/meeting.input";
import type { CreateMeetingResult } from "../src/wecom/wecom.types";

const upstream = new URL(requiredEnv("UPSTREAM_URL"));
const expectedAuthorization = `Bearer ${requiredEnv("API_KEY")}`;
const timeoutMs = 10_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 32, scheduling: "lifo" });
let accessToken = "";

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`ceiling: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

/** One upstream call with plain http.request; resolves with the parsed JSON answer. */
function upstreamCall(method: "GET" | "POST", path: string, body?: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { accept: "application/json" };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    const req = http.request(
      { host: upstream.hostname, port: upstream.port, method, path, agent, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("upstream timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

function reviveInput(raw: any): CreateMeetingInput {
  const input = { ...raw, meetingStart: new Date(raw.meetingStart) };
  if (raw.reminders?.repeatUntil) input.reminders = { ...raw.reminders, repeatUntil: new Date(raw.reminders.repeatUntil) };
  return input as CreateMeetingInput;
}

function answer(res: http.ServerResponse, status: number, payload: unknown): void {
  const json = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

async function createMeeting(text: string): Promise<{ status: number; payload: unknown }> {
  const request = JSON.parse(text);
  const input = reviveInput(request.variables.input);
  const violations = checkCreateMeetingInput(input, new Date());
  if (violations.length > 0) {
    return { status: 200, payload: { data: null, errors: [{ message: "Invalid input", extensions: { code: "BAD_USER_INPUT", fields: violations } }] } };
  }
  const body = toCreateMeetingBody(input);
  const result: CreateMeetingResult = await upstreamCall(
    "POST",
    `${upstream.pathname.replace(/\/+$/, "")}/cgi-bin/meeting/create?access_token=${encodeURIComponent(accessToken)}`,
    JSON.stringify(body),
  );
  if (result.errcode !== 0 || !result.meetingid) {
    return { status: 200, payload: { data: null, errors: [{ message: "WeCom error", extensions: { code: "WECOM_ERROR", errcode: result.errcode } }] } };
  }
  return { status: 200, payload: { data: { createMeeting: toMeeting(input, result as CreateMeetingResult & { meetingid: string }) } } };
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return answer(res, 200, { status: "ok" });
  if (req.method !== "POST" || req.url !== "/graphql") return answer(res, 404, { error: "not found" });
  if (req.headers.authorization !== expectedAuthorization) {
    req.resume();
    return answer(res, 401, { errors: [{ message: "Unauthorized", extensions: { code: "UNAUTHENTICATED" } }] });
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    createMeeting(Buffer.concat(chunks).toString("utf8")).then(
      ({ status, payload }) => answer(res, status, payload),
      (error) => answer(res, 500, { errors: [{ message: String(error?.message ?? error), extensions: { code: "INTERNAL_SERVER_ERROR" } }] }),
    );
  });
});

async function main(): Promise<void> {
  const base = upstream.pathname.replace(/\/+$/, "");
  const query = new URLSearchParams({ corpid: process.env.WECOM_CORP_ID ?? "", corpsecret: process.env.WECOM_CORP_SECRET ?? "" });
  const token = await upstreamCall("GET", `${base}/cgi-bin/gettoken?${query}`);
  if (token.errcode !== 0 || !token.access_token) throw new Error(`gettoken answered errcode ${token.errcode}`);
  accessToken = token.access_token;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: "ceiling listening", url: `http://${address}:${port}` })}\n`);
}

const stop = () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);

main().catch((error) => {
  process.stderr.write(`ceiling failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
