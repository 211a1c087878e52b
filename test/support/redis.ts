import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

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
  ) {}

  /** Starts a server (or, with `running: false`, only reserves a port for a later `start()`). */
  static async create(options: { password?: string; running?: boolean } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options.password);
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
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir];
    if (this.password) args.push("--requirepass", this.password);
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
  }

  /** Freezes the server (SIGSTOP): it keeps its data but answers nothing until resume(). */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
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
