// CONTRACT §13 on a Redis Cluster of three primaries (`redis-cli --cluster create`): every shared
// thing works with its keys spread over the shards, nothing fails with CROSSSLOT, and a cluster
// that cannot serve is named by /ready.
import { randomUUID } from "node:crypto";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { WecomSimulator } from "../../src/wecom/simulator";
import { codeOf, eventually, gql, idOf } from "../support/helpers";
import { productionEnv, runGatewayToExit, startGateway, type GatewayProcess } from "../support/gateway";
import { minimalInput, tomorrow } from "../support/inputs";
import { RedisCluster, RedisServer } from "../support/redis";

let sim: WecomSimulator;
let cluster: RedisCluster;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  [sim, cluster] = await Promise.all([WecomSimulator.start(), RedisCluster.create()]);
  // A budget of 6 calls a minute per endpoint, shared by both instances (the reads test uses it).
  const env = productionEnv(sim, { ...cluster.env, GATEWAY_UPSTREAM_RATE_PER_MINUTE: "6" });
  [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([sim?.close(), cluster?.stop()]);
});

const START = tomorrow().toISOString(); // one input per title, whenever each call is made
const create = (via: GatewayProcess, title: string, idempotencyKey?: string) =>
  via.request(CreateOnlyDocument, { input: minimalInput({ title, meetingStart: START }), idempotencyKey });
const noCrossSlot = (via: GatewayProcess) => via.output.filter((line) => /CROSSSLOT/.test(line));

test("keyed creates on a Cluster: four concurrent calls on two instances make one meeting; another key another", async () => {
  const key = randomUUID();
  const answers = await Promise.all([a, b, a, b].map((via) => create(via, "cluster once", key)));
  expect(new Set(answers.map((x) => idOf(x))).size).toBe(1);
  expect(idOf(answers[0])).toBeTruthy();
  expect(idOf(await create(b, "cluster twice", randomUUID()))).not.toBe(idOf(answers[0]));
  expect(sim.calls("meeting/create")).toHaveLength(2);
  expect((await fetch(`${a.url}/ready`)).status).toBe(200);
});

test("one access token for both instances through the Cluster", async () => {
  expect(sim.tokenRequests).toBe(1);
});

test("quotas and the meeting cache work through the Cluster: 10 meetings read with a budget of 6 a minute, then the 6 read again on the other instance for free", async () => {
  const ids = Array.from({ length: 10 }, () => sim.seedMeeting({}));
  const read = (gateway: GatewayProcess, id: string) => gql(gateway, "query($id: ID!) { meeting(id: $id) { status } }", { id });
  const answers = await Promise.all(ids.map((id, i) => read(i % 2 ? a : b, id)));
  expect(sim.calls("meeting/get_info")).toHaveLength(6);
  expect(answers.filter((x) => codeOf(x) === "RATE_LIMITED")).toHaveLength(4);
  // Kept in the Cluster by whichever instance read it: the other serves it without a call or a quota point.
  const served = ids.filter((_, i) => codeOf(answers[i]!) === undefined);
  const again = await Promise.all(served.map((id, i) => read(ids.indexOf(id) % 2 ? b : a, id)));
  expect(again.map((x) => x.body.data?.meeting?.status)).toEqual(Array(6).fill("UPCOMING"));
  expect(sim.calls("meeting/get_info")).toHaveLength(6);
  expect([...noCrossSlot(a), ...noCrossSlot(b)]).toEqual([]);
});

test("two topologies at once: the gateway refuses to start, naming both variables", async () => {
  const { code, output } = await runGatewayToExit(productionEnv(sim, { ...cluster.env, REDIS_URL: "redis://127.0.0.1:6379" }));
  expect(code).not.toBe(0);
  expect(output).toMatch(/REDIS_URL, REDIS_CLUSTER_NODES: set only one Redis topology/);
});

test("a cluster that is down: the gateway starts, /ready says 503 naming REDIS_CLUSTER_NODES, keyed creates are STORE_UNAVAILABLE", async () => {
  const nowhere = await RedisServer.create({ running: false });
  const down = await startGateway(productionEnv(sim, { REDIS_CLUSTER_NODES: `127.0.0.1:${nowhere.port}` }));
  try {
    const ready = await eventually(async () => {
      const response = await fetch(`${down.url}/ready`);
      const body = await response.json();
      return response.status === 503 && /REDIS_CLUSTER_NODES/.test(body.reason) && body;
    }, "a 503 naming the variable");
    expect(ready.status).toBe("unavailable");
    expect(codeOf(await create(down, "no cluster", randomUUID()))).toBe("STORE_UNAVAILABLE");
  } finally {
    await down.stop();
  }
});

test("a shard lost: /ready says 503 on both instances, naming REDIS_CLUSTER_NODES", async () => {
  await cluster.nodes[2].stop();
  for (const via of [a, b]) {
    await eventually(async () => {
      const response = await fetch(`${via.url}/ready`);
      return response.status === 503 && /REDIS_CLUSTER_NODES/.test((await response.json()).reason);
    }, "a 503 naming the variable", 10_000);
  }
});
