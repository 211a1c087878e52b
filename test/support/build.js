// jest's globalSetup: the end-to-end tests run the gateway from dist/ as production does, so
// dist/ is rebuilt from the sources first (a few seconds).
const { execFileSync } = require("node:child_process");
const { rmSync } = require("node:fs");
const { join } = require("node:path");

module.exports = function buildFirst() {
  const root = join(__dirname, "..", "..");
  const started = Date.now();
  // From empty, as `npm run build` does: a file removed from src/ must not live on in dist/.
  rmSync(join(root, "dist"), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  process.stdout.write(`\nbuilt dist/ in ${Date.now() - started} ms\n`);
};
