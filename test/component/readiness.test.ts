import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readiness } from "../../src/server/readiness";
import { MemoryStore } from "../../src/store/memory.store";
import type { Store } from "../../src/store/store";

/** GET /ready served by the real handler in front of a store we control. */
async function ready(store: Store, draining = false) {
  const route = readiness(store, () => draining);
  const server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/ready`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A store whose availability the test sets. */
function storeThat(isAvailable: () => Promise<boolean>): Store {
  const unused = () => Promise.reject(new Error("readiness only asks isAvailable"));
  return { kind: "redis", get: unused, set: unused, setIfAbsent: unused, deleteIfEqual: unused, replaceIfEqual: unused, isAvailable, close: async () => {} };
}

describe("GET /ready", () => {
  test("200 ready when the store is available", async () => {
    expect(await ready(new MemoryStore())).toEqual({ status: 200, body: { status: "ready" } });
  });

  test("503 with a reason when the store is unavailable", async () => {
    expect(await ready(storeThat(async () => false))).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "the redis store is unreachable" },
    });
  });

  test("503 when the store's check throws (it should not, but readiness must not 500)", async () => {
    const answer = await ready(storeThat(() => Promise.reject(new Error("boom"))));
    expect(answer.status).toBe(503);
  });

  test("503 while shutting down, so balancers stop sending", async () => {
    expect(await ready(new MemoryStore(), true)).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "shutting down" },
    });
  });
});
