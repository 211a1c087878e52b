import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { printGatewaySchema } from "../../src/server/schema";

const root = join(__dirname, "..", "..");

test("schema/schema.graphql is what the resolver classes emit (run `npm run schema:emit`)", async () => {
  const committed = readFileSync(join(root, "schema", "schema.graphql"), "utf8");
  expect(committed).toBe(await printGatewaySchema());
});

test("the committed typed documents are current (run `npm run codegen`)", () => {
  // --check exits non-zero, naming the files, when generating would change anything.
  const codegen = join(root, "node_modules", ".bin", "graphql-codegen");
  expect(() => execFileSync(codegen, ["--config", "codegen.yml", "--check"], { cwd: root, stdio: "pipe" })).not.toThrow();
});

test("every type, field, argument and enum value carries a description", () => {
  const sdl = readFileSync(join(root, "schema", "schema.graphql"), "utf8");
  const lines = sdl.split("\n");
  const undocumented = lines.filter((line, i) => {
    const declares = /^(type|input|enum) \w+|^\s+\w+(\(|:)|^\s+[A-Z_]+$/.test(line) && !/^\s+\)/.test(line);
    return declares && !/"""\s*$/.test(lines[i - 1] ?? "");
  });
  expect(undocumented).toEqual([]);
});
