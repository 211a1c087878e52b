// jest's globalSetup: the end-to-end tests run the gateway from dist/ as production does, so
// dist/ is rebuilt from the sources first (tsc is incremental-free but takes a few seconds).
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

module.exports = function buildFirst() {
  const root = join(__dirname, "..", "..");
  const started = Date.now();
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  process.stdout.write(`\nbuilt dist/ in ${Date.now() - started} ms\n`);
};
