// CONTRACT §13: a rolling restart behind a load balancer loses no request. On SIGTERM the gateway
// keeps serving for GATEWAY_DRAIN_DELAY_MS with /ready 503 (so the balancer stops sending) and
// answers that close their connections (so its keep-alive pool empties), then stops listening.
// (Measured behind nginx by `npm run bench:rolling`.)
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { WecomSimulator } from "../../src/wecom/simulator";
import { eventually, idOf } from "../support/helpers";
import { productionEnv, runGatewayToExit, startGateway } from "../support/gateway";
import { minimalInput } from "../support/inputs";

let sim: WecomSimulator;
beforeAll(async () => {
  sim = await WecomSimulator.start();
});
afterAll(() => sim?.close());

test("SIGTERM with GATEWAY_DRAIN_DELAY_MS: /ready 503 at once, requests still served (closing their connections), then exit 0", async () => {
  const gateway = await startGateway(productionEnv(sim, { GATEWAY_DRAIN_DELAY_MS: "3000" }));
  const ready = () => fetch(`${gateway.url}/ready`).then((r) => r.status);
  expect(await ready()).toBe(200);
  const exited = gateway.stop("SIGTERM");
  await eventually(async () => (await ready()) === 503, "/ready to say 503");

  // Still listening and serving during the delay, telling the balancer not to reuse the connection.
  const answer = await gateway.request(CreateOnlyDocument, { input: minimalInput() });
  expect(idOf(answer)).toBeTruthy();
  expect(answer.headers.get("connection")).toBe("close");

  expect(await exited).toBe(0);
  expect(gateway.logs().find((l) => l.msg === "stopping: finishing in-flight requests")).toMatchObject({ drainDelayMs: 3000 });
});

test("GATEWAY_DRAIN_DELAY_MS must be a whole number of milliseconds", async () => {
  const { code, output } = await runGatewayToExit(productionEnv(sim, { GATEWAY_DRAIN_DELAY_MS: "soon" }));
  expect(code).toBe(1);
  expect(output).toMatch(/GATEWAY_DRAIN_DELAY_MS: must be a whole number/);
});
