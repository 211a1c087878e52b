/**
 * The fast upstream stand-in: a separate process answering at once, validating nothing.
 *   GET  /cgi-bin/gettoken          a token, expires_in 7200
 *   POST /cgi-bin/meeting/create    a random meetingid
 *   POST /cgi-bin/meeting/get_info  a fixed, realistic meeting (status 1, meeting_code 482193756)
 * Listens on 127.0.0.1 (PORT, default any) and prints {"msg":"upstream listening","url":…}.
 */
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const TOKEN = json({ errcode: 0, errmsg: "ok", access_token: "bench-access-token-".padEnd(128, "x"), expires_in: 7200 });
const start = Math.floor(Date.now() / 1000) + 30 * 86_400;
const INFO = json({
  errcode: 0, errmsg: "ok", admin_userid: "zhangsan", title: "Weekly product sync", meeting_start: start,
  meeting_duration: 3600, description: "Roadmap review and open questions", location: "Guangzhou, Media Harbour",
  main_department: 1, status: 1, meeting_type: 1,
  attendees: { member: [{ userid: "lisi", status: 2 }, { userid: "wangwu", status: 2 }], tmp_external_user: [] },
  settings: {
    remind_scope: 2, need_password: true, password: "1234", enable_waiting_room: false, allow_enter_before_host: true,
    enable_enter_mute: 2, enable_screen_watermark: false, hosts: { userid: ["lisi"] }, ring_users: { userid: [] },
  },
  reminders: { is_repeat: 1, repeat_type: 1, repeat_until: start + 90 * 86_400, repeat_interval: 1, remind_before: [900] },
  meeting_code: "482193756", meeting_link: "https://meeting.tencent.com/dm/bench482193756",
});
const NOT_FOUND = json({ errcode: 404, errmsg: "not found" });

function send(res: ServerResponse, body: Buffer, status = 200): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": body.length });
  res.end(body);
}

const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0];
  req.resume(); // read the body so the kept-alive connection carries the next request
  req.once("end", () => {
    if (path === "/cgi-bin/gettoken") send(res, TOKEN);
    else if (path === "/cgi-bin/meeting/create") send(res, json({ errcode: 0, errmsg: "ok", meetingid: `hy${randomBytes(15).toString("hex")}` }));
    else if (path === "/cgi-bin/meeting/get_info") send(res, INFO);
    else send(res, NOT_FOUND, 404);
  });
});
server.keepAliveTimeout = 120_000; // idle connections survive the other targets' rounds
server.headersTimeout = 125_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: "upstream listening", url: `http://127.0.0.1:${port}` })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("disconnect", () => process.exit(0));
