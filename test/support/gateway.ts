import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import type { WecomSimulator } from "../../src/wecom/simulator";

const MAIN = join(__dirname, "..", "..", "dist", "src", "main.js");

export interface GraphQLResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  };
}

/** A gateway child process, started as in production (`node dist/src/main.js`), and its output. */
export interface GatewayProcess {
  url: string;
  pid: number;
  /** Every line it printed (stdout and stderr), to read its logs. */
  output: string[];
  /** Parsed JSON log lines. */
  logs(): Array<Record<string, any>>;
  /** A typed GraphQL operation over HTTP. */
  request<T, V>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** A raw POST /graphql with any body. */
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** The shared meeting cache off (both stale bounds 0): every read goes to WeCom, as a file pinning upstream calls expects. */
export const CACHE_OFF = { GATEWAY_CACHE_MAX_STALE_SECONDS: "0", GATEWAY_CACHE_MAX_STALE_FAR_SECONDS: "0" } as const;

/** The environment of a production gateway in front of `sim`; override any variable with `env`. */

export function productionEnv(sim: WecomSimulator, env: Record<string, string | undefined> = {}) {
  return {
    NODE_ENV: "production",
    GATEWAY_ALLOW_ANONYMOUS: "true",
    WECOM_CORP_ID: sim.corpId,
    WECOM_CORP_SECRET: sim.corpSecret,
    WECOM_API_BASE_URL: sim.url,
    ...env,
  };
}

/** Starts the gateway and waits until it logs that it listens (or fails on exit). */
export function startGateway(env: Record<string, string | undefined>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    // Generous: a loaded machine (CI beside other work) can take many seconds to start a process.
    const timer = setTimeout(() => fail(new Error("gateway did not start within 45 s")), 45_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n${output.join("\n")}`));
    };
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        output.push(line);
        const url = listeningUrl(line);
        if (url) {
          clearTimeout(timer);
          resolve(handle(child, url, output, exited));
        }
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    exited.then((code) => fail(new Error(`gateway exited with ${code} before listening`)));
  });
}

/** Runs the gateway with `env` until it exits by itself (a start-up failure); returns code and output. */
export async function runGatewayToExit(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

function listeningUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line);
    return entry.msg === "gateway listening" ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

function handle(child: ChildProcess, url: string, output: string[], exited: Promise<number | null>): GatewayProcess {
  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: GraphQLResponse["body"];
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { errors: [{ message: `non-JSON answer: ${text.slice(0, 200)}` }] };
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    url,
    pid: child.pid!,
    output,
    exited,
    logs: () =>
      output.flatMap((line) => {
        try {
          return [JSON.parse(line)];
        } catch {
          return [];
        }
      }),
    request: (document, variables, headers) =>
      post({ query: print(document), variables }, headers) as Promise<GraphQLResponse<any>>,
    post,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
