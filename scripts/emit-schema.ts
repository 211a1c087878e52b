// Writes schema/schema.graphql from the resolver classes (`npm run schema:emit`).
// test/schema.test.ts fails when the committed file and the code disagree.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printGatewaySchema } from "../src/server/schema";

printGatewaySchema().then((sdl) => {
  const target = join(__dirname, "..", "..", "schema", "schema.graphql");
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
});
