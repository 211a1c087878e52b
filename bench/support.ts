/**
 * Helpers of the benchmarks (not used by the gateway): child processes that never outlive the
 * bench, free loopback ports, /proc readings, waiting for a log line, small HTTP calls.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { basename, dirname, resolve } from "node:path";

/** The project root, from dist/bench (built) or bench (sources). */
export const ROOT = resolve(__dirname, basename(dirname(__dirname)) === "dist" ? "../.." : "..");

// ---- children --------------------------------------------------------------------------------

const children = new Set<ChildProcess>();

/** Spawns a child that is killed when the bench exits, however it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  children.add(child);
  child.once("exit", () => children.delete(child));
  child.once("error", () => children.delete(child));
  return child;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILL. Resolves with the exit code. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<number | null> {
  if (!isRunning(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
    child.kill(signal);
  });
}

/** Every child still running gets SIGKILL (synchronous: usable from an 'exit' handler). */
export function killAllChildrenSync(): void {
  for (const child of children) if (isRunning(child)) child.kill("SIGKILL");
}

export async function stopAllChildren(graceMs = 3_000): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, "SIGTERM", graceMs)));
}

// ---- ports, /proc ----------------------------------------------------------------------------

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident memory now and its peak (VmRSS, VmHWM) in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

/** CPU time used so far by `pid` (user + system), in milliseconds, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

export function loadAverage(): number[] {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

// ---- waiting for a process to be ready -------------------------------------------------------

/**
 * Polls a log file until a JSON line satisfies `match` (resolving with what it returns), the
 * child exits (rejecting with the file's tail) or `timeoutMs` passes.
 */
export function waitForLogLine<T>(
  file: string,
  child: ChildProcess,
  match: (entry: Record<string, any>) => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolveLine, reject) => {
    const started = Date.now();
    const tail = () => {
      try {
        return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
      } catch {
        return "(no output)";
      }
    };
    const check = () => {
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        // not written yet
      }
      for (const line of text.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          const found = match(JSON.parse(line));
          if (found !== undefined) return resolveLine(found);
        } catch {
          // not JSON: ignore
        }
      }
      if (!isRunning(child)) return reject(new Error(`exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready; its output:\n${tail()}`));
      if (Date.now() - started > timeoutMs) return reject(new Error(`not ready within ${timeoutMs} ms; its output:\n${tail()}`));
      setTimeout(check, 20);
    };
    check();
  });
}

/** Connects to redis on 127.0.0.1:`port` until it answers PING with PONG. */
export async function waitForRedis(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const pong = await new Promise<boolean>((done) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      let data = "";
      socket.setTimeout(500, () => socket.destroy());
      socket.on("connect", () => socket.write("PING\r\n"));
      socket.on("data", (chunk) => {
        data += chunk.toString();
        if (data.includes("\r\n")) {
          socket.end();
          done(data.startsWith("+PONG"));
        }
      });
      socket.on("error", () => done(false));
      socket.on("close", () => done(false));
    });
    if (pong) return;
    if (!isRunning(child)) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (Date.now() - started > timeoutMs) throw new Error(`redis-server did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---- small HTTP calls (no keep-alive: one-off checks) ----------------------------------------

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolveAnswer, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false, timeout: options.timeoutMs ?? 5_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolveAnswer({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

// ---- numbers ---------------------------------------------------------------------------------

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A plain text table: the first row is the header; numbers are right-aligned. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[], r: number) =>
    row
      .map((c, i) => (r > 0 && i > 0 && /^[-+0-9.,×x% ]+$|^n\/a$/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(cells[0], 0), widths.map((w) => "-".repeat(w)).join("  ")];
  for (let r = 1; r < cells.length; r++) out.push(line(cells[r], r));
  return out.join("\n");
}
