/**
 * `npm run bench:rolling`: a rolling restart behind a real load balancer, under steady load.
 *
 * Starts (all on 127.0.0.1, logs in .bench/rolling/ and .bench/logs/): the fast WeCom stand-in,
 * BENCH_ROLLING_INSTANCES gateways as in production on fixed ports, and Debian's nginx in front of
 * them (unprivileged: `nginx -c <file> -p <prefix>`, `daemon off;`), keep-alive to the gateways
 * (idle 4 s, under Node's 5 s) and `proxy_next_upstream error timeout` (nginx's defaults: a request
 * not yet sent goes to the next instance; a POST already sent is never sent twice).
 * nginx open source has no active health checks, so the bench plays one: it asks each instance's
 * /ready every BENCH_ROLLING_CHECK_MS and rewrites nginx's upstream list (`down`) and reloads it,
 * as an ingress controller does from Kubernetes' readiness.
 * BENCH_ROLLING_CLIENTS clients send creates and reads through nginx, steadily; after a few
 * seconds each instance in turn gets SIGTERM, exits, is started again on its port, and has a few
 * seconds before the next. A failed request: a refused or reset connection, an HTTP status other
 * than 200, or a GraphQL error.
 *
 * One round per value of BENCH_ROLLING_DRAIN_MS (GATEWAY_DRAIN_DELAY_MS: how long an instance
 * keeps serving after SIGTERM, answering /ready 503 and closing its keep-alive connections, before
 * it closes its listener). Prints requests, failed requests (by kind), req/s, per round.
 *
 * Env: BENCH_ROLLING_INSTANCES (3) BENCH_ROLLING_CLIENTS (8) BENCH_ROLLING_PAUSE_MS (20, each
 *      client's pause between requests: steady load, not the most the machine can take) BENCH_ROLLING_DRAIN_MS ("0,3000")
 *      BENCH_ROLLING_CHECK_MS (500)
 *      BENCH_ROLLING_SETTLE_MS (3000) NGINX (/usr/sbin/nginx)
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AUTH, BENCH_DIR, createBody, fmt, intEnv, readBody, request, run, startGateway, startUpstream, table, track, type Server } from "./support";
import { freePort } from "../test/support/helpers";

const DIR = join(BENCH_DIR, "rolling");
const INSTANCES = intEnv("BENCH_ROLLING_INSTANCES", 3);
const CLIENTS = intEnv("BENCH_ROLLING_CLIENTS", 8);
const PAUSE_MS = intEnv("BENCH_ROLLING_PAUSE_MS", 20);
const SETTLE_MS = intEnv("BENCH_ROLLING_SETTLE_MS", 3000);
const DRAINS = (process.env.BENCH_ROLLING_DRAIN_MS ?? "0,3000").split(",").map((d) => Number(d.trim()));
const NGINX = process.env.NGINX ?? "/usr/sbin/nginx";
const CHECK_MS = intEnv("BENCH_ROLLING_CHECK_MS", 500);
const say = (line = "") => process.stdout.write(`${line}\n`);

interface Round {
  drainMs: number;
  requests: number;
  failed: Record<string, number>;
  seconds: number;
}

interface Balancer {
  url: string;
  /** Takes the instances on these ports out of rotation (and every other one back in), as a health check would. */
  markDown(ports: Set<number>): Promise<void>;
  stop(): Promise<void>;
}

/** nginx in front of `upstreams`; its upstream list is rewritten and reloaded (`-s reload`) to take instances out. */
async function startNginx(port: number, upstreams: number[]): Promise<Balancer> {
  const prefix = join(DIR, "nginx");
  mkdirSync(join(prefix, "logs"), { recursive: true });
  const conf = join(prefix, "nginx.conf");
  const temp = (what: string) => `${what}_temp_path ${join(prefix, `${what}-temp`)};`;
  const write = (down: Set<number>) =>
    writeFileSync(
      conf,
      `daemon off;
worker_processes 1;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "logs", "error.log")} warn;
${process.getuid?.() === 0 ? "user root;" : ""}
events { worker_connections 4096; }
http {
  access_log off;
  ${temp("client_body")} ${temp("proxy")} ${temp("fastcgi")} ${temp("uwsgi")} ${temp("scgi")}
  upstream gateways {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s${down.has(p) ? " down" : ""};`).join("\n")}
    keepalive 32;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_connect_timeout 1s;
    }
  }
}
`,
    );
  write(new Set());
  const child = track(spawn(NGINX, ["-c", conf, "-p", prefix], { stdio: ["ignore", "inherit", "inherit"] }));
  for (let i = 0; i < 400; i++) {
    const up = await request(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
    if (up) break;
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}); see ${prefix}/logs/error.log`);
    await sleep(25);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async markDown(ports) {
      write(ports);
      await new Promise<void>((done) => spawn(NGINX, ["-c", conf, "-p", prefix, "-s", "reload"], { stdio: "ignore" }).once("exit", () => done()));
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGQUIT");
      }),
  };
}

/**
 * What a balancer with active health checks does (nginx open source has none): asks every
 * instance's /ready every BENCH_ROLLING_CHECK_MS and takes out of rotation those that do not
 * answer 200, back in once they do.
 */
function healthChecks(balancer: Balancer, ports: number[]): () => Promise<void> {
  let running = true;
  let down = new Set<number>();
  const loop = (async () => {
    while (running) {
      const answers = await Promise.all(ports.map((p) => request(`http://127.0.0.1:${p}/ready`).then((r) => r.status === 200, () => false)));
      const now = new Set(ports.filter((_, i) => !answers[i]));
      if ([...now].sort().join() !== [...down].sort().join() && now.size < ports.length) {
        down = now;
        await balancer.markDown(down);
      }
      await sleep(CHECK_MS);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

async function round(drainMs: number, upstreamUrl: string): Promise<Round> {
  const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
  const env = (port: number) => ({ PORT: String(port), GATEWAY_DRAIN_DELAY_MS: String(drainMs) });
  let starts = 0;
  const start = (i: number) => startGateway(`rolling-${drainMs}-${i}-${starts++}`, upstreamUrl, env(ports[i]));
  const gateways: Server[] = [];
  for (let i = 0; i < INSTANCES; i++) gateways.push(await start(i));
  const balancer = await startNginx(await freePort(), ports);
  const stopChecks = healthChecks(balancer, ports);
  const url = `${balancer.url}/graphql`;

  const failed: Record<string, number> = {};
  const fail = (kind: string) => (failed[kind] = (failed[kind] ?? 0) + 1);
  let requests = 0;
  let running = true;
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let n = 0; running; n++) {
      const body = (n + c) % 2 ? readBody() : createBody();
      requests++;
      try {
        const { status, text } = await request(url, AUTH, body);
        if (status !== 200) fail(`HTTP ${status}`);
        else if (JSON.parse(text).errors) fail(JSON.parse(text).errors[0]?.extensions?.code ?? "error");
      } catch (error) {
        fail((error as NodeJS.ErrnoException).code ?? "connection");
      }
      await sleep(PAUSE_MS);
    }
  });

  const began = Date.now();
  await sleep(SETTLE_MS);
  for (let i = 0; i < INSTANCES; i++) {
    say(`  drain ${drainMs} ms: restarting instance ${i + 1} of ${INSTANCES}`);
    await gateways[i].stop(); // SIGTERM; resolves once it has exited
    gateways[i] = await start(i);
    await sleep(SETTLE_MS);
  }
  running = false;
  await Promise.all(clients);
  const seconds = (Date.now() - began) / 1000;
  await stopChecks();
  await balancer.stop();
  await Promise.all(gateways.map((g) => g.stop()));
  return { drainMs, requests, failed, seconds };
}

async function main(): Promise<number> {
  mkdirSync(DIR, { recursive: true });
  const upstream = await startUpstream();
  say(`rolling restart: ${INSTANCES} gateways behind nginx, ${CLIENTS} clients (creates and reads), each instance restarted in turn`);
  const rounds: Round[] = [];
  for (const drainMs of DRAINS) rounds.push(await round(drainMs, upstream.url));
  await upstream.stop();
  say();
  const total = (r: Round) => Object.values(r.failed).reduce((sum, n) => sum + n, 0);
  say(
    table([
      ["GATEWAY_DRAIN_DELAY_MS", "requests", "failed", "by kind", "req/s"],
      ...rounds.map((r) => [String(r.drainMs), fmt(r.requests), fmt(total(r)), JSON.stringify(r.failed), fmt(r.requests / r.seconds)]),
    ]),
  );
  writeFileSync(join(DIR, "last.json"), `${JSON.stringify(rounds, null, 2)}\n`);
  return 0;
}

run("rolling", main);
