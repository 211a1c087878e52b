// `npm run dev`: the gateway for a frontend developer. tsc watches the sources and compiles into
// .dev/dist/ (apart from dist/, which `npm start` and the tests rebuild); after each compile
// without errors, and after a change to schema/operations/, the gateway restarts. It runs with
// NODE_ENV=development and GATEWAY_DEV_STATE_DIR=.dev, so the simulator's meetings and the
// development sessions outlive each restart. Plain JavaScript: it runs before anything is compiled.
"use strict";
const { spawn } = require("node:child_process");
const { watch } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const outDir = join(root, ".dev", "dist");
const main = join(outDir, "src", "main.js");
const env = { ...process.env, NODE_ENV: "development", GATEWAY_DEV_STATE_DIR: process.env.GATEWAY_DEV_STATE_DIR || join(root, ".dev") };
const say = (line) => process.stderr.write(`[dev] ${line}\n`);

let gateway; // the running gateway process, if any
let queued = false; // a restart asked for while one is under way
let restarting = false;
let stopping = false;
const stoppedOnPurpose = new WeakSet();

function stopGateway() {
  const child = gateway;
  gateway = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  stoppedOnPurpose.add(child);
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM"); // it saves the simulator's meetings on the way out
  });
}

async function restart(why) {
  if (restarting) return void (queued = true);
  restarting = true;
  do {
    queued = false;
    await stopGateway();
    if (stopping) break;
    say(`${why}: starting the gateway`);
    gateway = spawn(process.execPath, ["--enable-source-maps", main], { cwd: root, env, stdio: "inherit" });
    const started = gateway;
    started.once("exit", (code, signal) => {
      if (!stoppedOnPurpose.has(started)) say(`the gateway exited (${signal ?? code}); it restarts on the next change`);
    });
  } while (queued);
  restarting = false;
}

const tsc = spawn(
  process.execPath,
  [join(root, "node_modules", "typescript", "bin", "tsc"), "--watch", "--preserveWatchOutput", "-p", join(root, "tsconfig.build.json"), "--outDir", outDir],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
);
let buffered = "";
tsc.stdout.on("data", (chunk) => {
  process.stderr.write(chunk);
  buffered += chunk;
  const lines = buffered.split("\n");
  buffered = lines.pop();
  for (const line of lines) {
    const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
    if (done && done[1] === "0") void restart("compiled");
    else if (done) say("not restarting: fix the errors above");
  }
});

let debounce;
watch(join(root, "schema", "operations"), () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => void restart("schema/operations/ changed"), 200);
});

async function shutdown() {
  if (stopping) return;
  stopping = true;
  tsc.kill("SIGTERM");
  await stopGateway();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
