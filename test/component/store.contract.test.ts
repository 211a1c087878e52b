import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { MemoryStore } from "../../src/store/memory.store";
import { RedisStore } from "../../src/store/redis.store";
import { StoreUnavailableError, type Store } from "../../src/store/store";
import { RedisServer } from "../support/redis";

// One contract, two stores: every case below runs against MemoryStore and RedisStore alike.
// The Redis server has a password, so every Redis case also proves the URL's password is used.

const PASSWORD = "s3cret-redis-pw";

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: Array<Record<string, any>> = [];
  const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.create({ password: PASSWORD });
});
afterAll(async () => {
  await redis?.stop();
});

const stores: Array<[string, () => Store]> = [
  ["MemoryStore", () => new MemoryStore()],
  ["RedisStore", () => new RedisStore(redis.url, capturingLogger().log)],
];

describe.each(stores)("%s", (_name, open) => {
  let store: Store;
  // A fresh key per use: the cases never see each other's data.
  const key = () => `contract:${randomUUID()}`;

  beforeEach(async () => {
    store = open();
    if (store instanceof RedisStore) await store.firstConnection();
  });
  afterEach(async () => {
    await store.close();
  });

  test("get of a key never set is null", async () => {
    expect(await store.get(key())).toBeNull();
  });

  test("set then get returns the value; a second set replaces it", async () => {
    const k = key();
    await store.set(k, "one", 10_000);
    expect(await store.get(k)).toBe("one");
    await store.set(k, "two", 10_000);
    expect(await store.get(k)).toBe("two");
  });

  test("values and keys of any text survive unchanged", async () => {
    const k = `${key()}:会议 with spaces\n"quotes"`;
    const value = JSON.stringify({ title: "新建会议 🎉", nested: { a: [1, null, "x"] } });
    await store.set(k, value, 10_000);
    expect(await store.get(k)).toBe(value);
  });

  test("a value is gone once its time to live has passed", async () => {
    const k = key();
    await store.set(k, "short", 80);
    expect(await store.get(k)).toBe("short");
    await sleep(150);
    expect(await store.get(k)).toBeNull();
  });

  test("a fractional time to live is accepted", async () => {
    const k = key();
    await store.set(k, "v", 1000.5);
    expect(await store.get(k)).toBe("v");
  });

  test("setIfAbsent writes only the first time, and again after expiry", async () => {
    const k = key();
    expect(await store.setIfAbsent(k, "first", 100)).toBe(true);
    expect(await store.setIfAbsent(k, "second", 100)).toBe(false);
    expect(await store.get(k)).toBe("first");
    await sleep(150);
    expect(await store.setIfAbsent(k, "third", 10_000)).toBe(true);
    expect(await store.get(k)).toBe("third");
  });

  test("concurrent setIfAbsent calls: exactly one wins", async () => {
    const k = key();
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent(k, `v${i}`, 10_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.get(k)).toBe(`v${wins.indexOf(true)}`);
  });

  test("deleteIfEqual deletes only while the key holds the expected value", async () => {
    const k = key();
    await store.set(k, "mine", 10_000);
    expect(await store.deleteIfEqual(k, "theirs")).toBe(false);
    expect(await store.get(k)).toBe("mine");
    expect(await store.deleteIfEqual(k, "mine")).toBe(true);
    expect(await store.get(k)).toBeNull();
    expect(await store.deleteIfEqual(k, "mine")).toBe(false);
    expect(await store.deleteIfEqual(key(), "anything")).toBe(false);
  });

  test("replaceIfEqual replaces only while the key holds the expected value, with the new time to live", async () => {
    const k = key();
    await store.set(k, "old", 60_000);
    expect(await store.replaceIfEqual(k, "other", "new", 60_000)).toBe(false);
    expect(await store.get(k)).toBe("old");
    expect(await store.replaceIfEqual(k, "old", "new", 100)).toBe(true);
    expect(await store.get(k)).toBe("new");
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.get(k)).toBeNull();
    expect(await store.replaceIfEqual(key(), "anything", "new", 60_000)).toBe(false);
  });

  test("isAvailable is true while the store can serve", async () => {
    expect(await store.isAvailable()).toBe(true);
  });
});

describe("RedisStore when Redis goes away", () => {
  test("every operation fails fast with StoreUnavailableError, isAvailable is false, and all recovers after a restart", async () => {
    const { log, lines } = capturingLogger();
    const store = new RedisStore(redis.url, log);
    try {
      expect(await store.firstConnection()).toBe(true);
      await store.set("outage:k", "before", 60_000);

      await redis.stop();
      await waitFor(async () => !(await store.isAvailable()));

      for (const operation of [
        () => store.get("outage:k"),
        () => store.set("outage:k", "v", 1000),
        () => store.setIfAbsent("outage:k2", "v", 1000),
        () => store.deleteIfEqual("outage:k", "v"),
      ]) {
        const started = Date.now();
        await expect(operation()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(100);
      }
      const started = Date.now();
      expect(await store.isAvailable()).toBe(false);
      expect(Date.now() - started).toBeLessThan(100);

      // Same port, same store object: it reconnects by itself.
      await redis.start();
      await waitFor(() => store.isAvailable(), 5_000);
      expect(await store.get("outage:k")).toBeNull(); // a fresh server, nothing persisted
      expect(await store.setIfAbsent("outage:k", "after", 1000)).toBe(true);
      expect(await store.deleteIfEqual("outage:k", "after")).toBe(true); // the script is loaded again

      // One line when it went down and one when it came back, not one per reconnection attempt.
      const messages = lines.map((l) => l.msg as string);
      expect(messages.filter((m) => m.startsWith("Redis is unreachable"))).toHaveLength(1);
      expect(messages.filter((m) => m === "Redis is reachable again")).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain(PASSWORD);
      expect(lines.find((l) => l.msg === "connected to Redis")?.redis).toContain(":***@");
    } finally {
      await redis.start();
      await store.close();
    }
  });

  test("a store opened while Redis is down starts at once, refuses fast, and serves once Redis is up", async () => {
    const later = await RedisServer.create({ running: false });
    const { log, lines } = capturingLogger();
    const store = new RedisStore(later.url, log);
    try {
      const started = Date.now();
      expect(await store.firstConnection()).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await store.isAvailable()).toBe(false);
      await expect(store.get("k")).rejects.toBeInstanceOf(StoreUnavailableError);

      await later.start();
      await waitFor(() => store.isAvailable(), 5_000);
      await store.set("k", "v", 1000);
      expect(await store.get("k")).toBe("v");
      expect(lines.map((l) => l.msg).filter((m) => m.startsWith("Redis is unreachable"))).toHaveLength(1);
    } finally {
      await store.close();
      await later.stop();
    }
  });

  test("close() ends reconnection attempts: no timers keep the process alive", async () => {
    const nowhere = await RedisServer.create({ running: false });
    const store = new RedisStore(nowhere.url, capturingLogger().log);
    await store.firstConnection();
    await store.close();
    await expect(store.get("k")).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.isAvailable()).toBe(false);
  });
});

async function waitFor(condition: () => Promise<boolean>, withinMs = 2_000): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`condition not met within ${withinMs} ms`);
    await sleep(25);
  }
}

describe("MemoryStore's bound", () => {
  test("past maxEntries the oldest entries go first, with one warning; recent ones stay", async () => {
    const warnings: number[] = [];
    const store = new MemoryStore({ maxEntries: 3, onFull: (max) => warnings.push(max) });
    for (const k of ["a", "b", "c", "d", "e"]) await store.set(k, k, 60_000);
    expect(await Promise.all(["a", "b", "c", "d", "e"].map((k) => store.get(k)))).toEqual([null, null, "c", "d", "e"]);
    expect(warnings).toEqual([3]);
    await store.set("e", "E", 60_000); // replacing a key evicts nothing
    expect(await store.get("c")).toBe("c");
    await store.close();
  });
});
