/**
 * The ceiling: the fastest possible forwarder for the bench's two operations, no GraphQL.
 * node:http in, http.request out over a keep-alive agent, the same mapping (bench/mapping.ts).
 * POST /graphql with a GraphQL-over-HTTP JSON body; only `variables` are read:
 *   {input}  → meeting/create, answers {"data":{"createMeeting":{id, meetingStart, meetingEnd, settings{remindScope}, excessUsers}}}
 *   {id}     → meeting/get_info, answers {"data":{"meeting":{status, meetingCode}}}
 * Env: UPSTREAM_URL, API_KEY, WECOM_CORP_ID, WECOM_CORP_SECRET, PORT (0), HOST (127.0.0.1).
 * Prints {"msg":"ceiling listening","url":…}.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { MEETING_STATUS, toCreateBody, toMeeting } from "./mapping";

const upstream = new URL(process.env.UPSTREAM_URL!);
const authorization = `Bearer ${process.env.API_KEY}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, scheduling: "lifo" });
let token: { value: string; until: number; pending?: Promise<string> } = { value: "", until: 0 };

function call(method: string, path: string, body?: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    const req = http.request({ host: upstream.hostname, port: upstream.port, method, path, agent, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString()));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("upstream timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

async function accessToken(): Promise<string> {
  if (token.value && Date.now() < token.until) return token.value;
  token.pending ??= call("GET", `/cgi-bin/gettoken?corpid=${process.env.WECOM_CORP_ID}&corpsecret=${process.env.WECOM_CORP_SECRET}`).then((t) => {
    if (t.errcode !== 0) throw new Error(`gettoken errcode ${t.errcode}`);
    token = { value: t.access_token, until: Date.now() + (t.expires_in - 300) * 1000 };
    return t.access_token;
  }).finally(() => (token.pending = undefined));
  return token.pending;
}

async function post(endpoint: string, body: unknown): Promise<any> {
  const result = await call("POST", `/cgi-bin/${endpoint}?access_token=${encodeURIComponent(await accessToken())}`, JSON.stringify(body));
  if (result.errcode !== 0) throw new Error(`WeCom errcode ${result.errcode}: ${result.errmsg}`);
  return result;
}

async function handle(text: string): Promise<unknown> {
  const variables = JSON.parse(text).variables ?? {};
  if (variables.input) {
    return { data: { createMeeting: toMeeting(variables.input, await post("meeting/create", toCreateBody(variables.input))) } };
  }
  const info = await post("meeting/get_info", { meetingid: String(variables.id) });
  return { data: { meeting: { status: MEETING_STATUS[info.status] ?? null, meetingCode: info.meeting_code ?? null } } };
}

function answer(res: http.ServerResponse, status: number, payload: unknown): void {
  const json = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/graphql") return answer(res, 404, { errors: [{ message: "not found" }] });
  if (req.headers.authorization !== authorization) {
    req.resume();
    return answer(res, 401, { errors: [{ message: "Unauthorized", extensions: { code: "UNAUTHENTICATED" } }] });
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () =>
    handle(Buffer.concat(chunks).toString()).then(
      (payload) => answer(res, 200, payload),
      (error: Error) => answer(res, 200, { data: null, errors: [{ message: error.message }] }),
    ),
  );
});

accessToken().then(() =>
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
    const { address, port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ msg: "ceiling listening", url: `http://${address}:${port}` })}\n`);
  }),
);
process.on("SIGTERM", () => process.exit(0));
