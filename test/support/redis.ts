import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

/**
 * A real redis-server of the test's own, on a free port, without persistence. It can be stopped
 * and started again on the same port to play an outage.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private dir: string | undefined;

  private constructor(
    readonly port: number,
    private readonly password?: string,
    /** More redis-server arguments: a replica's `--replicaof`, a cluster node's settings. */
    private readonly args: string[] = [],
    /** A config file, which redis-server takes first (a sentinel needs one it can rewrite). */
    private readonly config?: string,
  ) {}

  /** Starts a server (or, with `running: false`, only reserves a port for a later `start()`). */
  static async create(
    options: { password?: string; running?: boolean; args?: (port: number) => string[]; config?: string } = {},
  ): Promise<RedisServer> {
    const port = await freePort();
    const server = new RedisServer(port, options.password, options.args?.(port), options.config);
    if (options.running !== false) await server.start();
    return server;
  }

  /** The REDIS_URL a client uses, with the password when there is one. */
  get url(): string {
    return `redis://${this.password ? `:${encodeURIComponent(this.password)}@` : ""}127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    // A directory of its own: redis-server loads any dump.rdb in its --dir at start, and a shared
    // one (/tmp) may hold another server's (a replica's full sync writes one).
    this.dir ??= mkdtempSync(join(tmpdir(), "redis-"));
    const args = [...(this.config ? [this.config] : []), "--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir];
    if (this.password) args.push("--requirepass", this.password, "--masterauth", this.password);
    args.push(...this.args);
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));
    this.child = child;
    // A jest process that dies without afterAll must not leave a redis-server behind.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.off("exit", killOnExit));

    const giveUpAt = Date.now() + 5_000;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null || Date.now() > giveUpAt) {
        child.kill("SIGKILL");
        this.child = undefined;
        throw new Error(`redis-server did not start on port ${this.port}:\n${output}`);
      }
      await sleep(20);
    }
    // Another process may have taken the port since it was found free: then what answers is not
    // ours, and a test must not go on against someone else's data.
    const pid = /process_id:(\d+)/.exec(await this.cli("INFO", "server"))?.[1];
    if (pid !== String(child.pid)) {
      child.kill("SIGKILL");
      this.child = undefined;
      throw new Error(`port ${this.port} is answered by another redis-server (pid ${pid}), not the one started:\n${output}`);
    }
  }

  /** Freezes the server (SIGSTOP): it keeps its data but answers nothing until resume(). */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }

  /** A redis-cli command against this server; its output. */
  async cli(...command: string[]): Promise<string> {
    const auth = this.password ? ["--no-auth-warning", "-a", this.password] : [];
    const { stdout } = await run("redis-cli", ["-p", String(this.port), ...auth, ...command]);
    return stdout;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Kills the server abruptly (as a crash would) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  }
}

/** Retries `check` until it holds, for at most `withinMs`. */
async function until(what: string, check: () => Promise<boolean>, withinMs = 15_000): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${withinMs} ms`);
    await sleep(50);
  }
}

/**
 * A Sentinel set on loopback: one primary, one replica, three sentinels (quorum 2), with short
 * timeouts so a failover takes seconds. No persistence, as RedisServer.
 */
export class RedisSentinelSet {
  private constructor(
    readonly name: string,
    /** Both data nodes; which is the primary changes with a failover. */
    readonly nodes: RedisServer[],
    readonly sentinels: RedisServer[],
    private readonly dir: string,
  ) {}

  static async create(options: { name?: string; password?: string } = {}): Promise<RedisSentinelSet> {
    const name = options.name ?? "gateway";
    // Its own directory: a replica's full sync writes an RDB file there, which no other server may load.
    const dir = mkdtempSync(join(tmpdir(), "sentinel-"));
    const own = (node: string) => mkdirSync(join(dir, node), { recursive: true }) ?? join(dir, node);
    const primary = await RedisServer.create({ password: options.password, args: () => ["--dir", own("one")] });
    const replica = await RedisServer.create({ password: options.password, args: () => ["--dir", own("two"), "--replicaof", "127.0.0.1", String(primary.port)] });
    await until("the replica in sync", async () => /slave0:.*state=online/.test(await primary.cli("INFO", "replication")));
    const sentinels = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const file = join(dir, `sentinel-${i}.conf`);
        const auth = options.password ? `sentinel auth-pass ${name} ${options.password}\n` : "";
        writeFileSync(
          file,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} 2\n${auth}` +
            `sentinel down-after-milliseconds ${name} 1000\nsentinel failover-timeout ${name} 3000\n` +
            `sentinel parallel-syncs ${name} 1\ndir ${dir}\n`,
        );
        return RedisServer.create({ config: file, args: () => ["--sentinel"] });
      }),
    );
    const set = new RedisSentinelSet(name, [primary, replica], sentinels, dir);
    await until("the sentinels agreeing", async () => {
      const counts = await Promise.all(sentinels.map((s) => s.cli("SENTINEL", "CKQUORUM", name)));
      return counts.every((answer) => /^OK/.test(answer));
    });
    return set;
  }

  /** REDIS_SENTINELS and REDIS_SENTINEL_NAME for a gateway. */
  get env(): Record<string, string> {
    return { REDIS_SENTINELS: this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(","), REDIS_SENTINEL_NAME: this.name };
  }

  /** The node the sentinels name as the primary now. */
  async primary(): Promise<RedisServer> {
    const answer = await this.sentinels[0].cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", this.name);
    const port = Number(answer.trim().split("\n")[1]);
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`the sentinels name an unknown primary: ${answer}`);
    return node;
  }

  /**
   * Kills the primary (SIGKILL, as a crash) and waits until the sentinels have promoted the
   * replica; with `rejoin`, starts the old one again, as an orchestrator would, and waits until it
   * replicates from the new primary. Resolves with the new primary.
   */
  async failover(options: { rejoin?: boolean } = {}): Promise<RedisServer> {
    const old = await this.primary();
    await old.stop();
    await until("the sentinels promoting the replica", async () => (await this.primary()) !== old, 20_000);
    const promoted = await this.primary();
    await until("the promoted node serving as primary", async () => /role:master/.test(await promoted.cli("INFO", "replication")));
    if (options.rejoin) {
      await old.start();
      await until("the old primary replicating from the new one", async () => /slave0:.*state=online/.test(await promoted.cli("INFO", "replication")), 20_000);
    }
    return promoted;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.nodes].map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis Cluster of three primaries without replicas (`redis-cli --cluster create`), on loopback. */
export class RedisCluster {
  private constructor(
    readonly nodes: RedisServer[],
    private readonly dir: string,
  ) {}

  static async create(): Promise<RedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), "cluster-"));
    const nodes = await Promise.all(
      [0, 1, 2].map(() =>
        RedisServer.create({
          args: (port) => ["--dir", dir, "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", "1000"],
        }),
      ),
    );
    await run("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-yes"]).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`redis-cli --cluster create failed:\n${error.stdout}\n${error.stderr}`);
    });
    const cluster = new RedisCluster(nodes, dir);
    await until("the cluster's state ok on every node", async () => {
      const states = await Promise.all(nodes.map((n) => n.cli("CLUSTER", "INFO")));
      return states.every((state) => /cluster_state:ok/.test(state));
    });
    return cluster;
  }

  /** REDIS_CLUSTER_NODES for a gateway. */
  get env(): Record<string, string> {
    return { REDIS_CLUSTER_NODES: this.nodes.map((n) => `127.0.0.1:${n.port}`).join(",") };
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

/** Whether something on `port` answers a Redis PING (PONG, or NOAUTH when a password is set). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}
