import { ANONYMOUS, SERVICE, type Caller } from "../../src/auth/caller";
import { RepeatType } from "../../src/meeting/graphql/meeting.enums";
import { knownFromCreate, toCreateMeetingBody } from "../../src/meeting/domain/meeting.mapping";
import type { CreateMeetingInput } from "../../src/meeting/graphql/meeting.input";
import type { MeetingSnapshot as Meeting } from "../../src/meeting/domain/meeting.model";
import { IdempotencyKeyReusedError, IdempotencyOutcomeUnknownError } from "../../src/meeting/idempotency/idempotency.errors";
import { IdempotencyGuard } from "../../src/meeting/idempotency/idempotency.guard";
import { IdempotencyStoreKeys } from "../../src/meeting/idempotency/idempotency.store-keys";
import { parseRecord } from "../../src/meeting/idempotency/idempotency.record";
import { MemoryStore } from "../../src/store/memory.store";
import { StoreUnavailableError, type Store } from "../../src/store/store";
import { WECOM } from "../../src/wecom/wecom.endpoints";
import { UpstreamMaybeAppliedError, UpstreamUnavailableError } from "../../src/wecom/wecom.errors";

// The guard on its own, with the in-memory store: what the end-to-end tests cannot see (the
// Meeting's Dates) or cannot provoke (a lost owner, a store failing half-way).

const start = new Date(Date.now() + 86_400_000);
start.setUTCMilliseconds(0);
const input = {
  adminUserId: "zhangsan",
  title: "Weekly sync",
  meetingStart: start,
  meetingDuration: 3600,
  reminders: { isRepeat: true, repeatType: RepeatType.WEEKLY, repeatUntil: new Date(start.getTime() + 7 * 86_400_000) },
} as CreateMeetingInput & { adminUserId: string };
const body = toCreateMeetingBody(input);
const otherBody = toCreateMeetingBody({ ...input, title: "Other" });

/** A WeCom that shows no meeting: the guard's lookups find nothing. */
const noLookup = { find: async () => ({ matches: [] as string[], complete: true }) };
const req = (b: typeof body, create: () => Promise<Meeting>) => ({
  body: b,
  create,
  found: (id: string): Meeting => ({ id, known: knownFromCreate(input, { errcode: 0, errmsg: "ok" }) }),
});

let created = 0;
const createOk = async (): Promise<Meeting> => ({ id: `m${++created}`, known: knownFromCreate(input, { errcode: 0, errmsg: "ok" }) });
const failWith = (error: Error) => async (): Promise<Meeting> => {
  created++;
  throw error;
};
const codeOf = (error: unknown) =>
  error instanceof IdempotencyOutcomeUnknownError ? "IDEMPOTENCY_OUTCOME_UNKNOWN"
  : error instanceof IdempotencyKeyReusedError ? "IDEMPOTENCY_KEY_REUSED"
  : error;

/** Where a service caller's key's record lives, with no corp scope (as the guards below). */
const recordOf = (key: string) => new IdempotencyStoreKeys().of(SERVICE, key).record;

let store: MemoryStore;
beforeEach(() => {
  store = new MemoryStore();
  created = 0;
});
afterEach(() => store.close());

test("a repeat gets the stored Meeting with its times as Dates, equal to the first answer", async () => {
  const guard = new IdempotencyGuard(store, noLookup, undefined);
  const first = await guard.run(SERVICE, "k", req(body, createOk));
  const again = await new IdempotencyGuard(store, noLookup, undefined).run(SERVICE, "k", req(body, createOk)); // another instance, same store

  expect(created).toBe(1);
  expect(again.known.meetingStart).toBeInstanceOf(Date);
  expect(again.known.reminders?.repeatUntil).toBeInstanceOf(Date);
  expect(again).toEqual(first);
});

test("the record is stored under idem:<sha256 of the key>, for 24 hours, and holds no client key", async () => {
  const set = jest.spyOn(store, "set");
  await new IdempotencyGuard(store, noLookup, undefined).run(SERVICE, "client key", req(body, createOk));
  const [storeKey, text, ttl] = set.mock.calls[0];
  expect(storeKey).toMatch(/^idem:[0-9a-f]{64}$/);
  expect(storeKey).toBe(recordOf("client key"));
  expect(ttl).toBe(24 * 60 * 60 * 1000);
  expect(parseRecord(text)).toMatchObject({ state: "done", meeting: { id: "m1" } });
  expect(text).not.toContain("client key");
});

test("a store that cannot be reached refuses the keyed create before anything is created", async () => {
  const down = unreachableStore();
  const error = await new IdempotencyGuard(down, noLookup, undefined).run(SERVICE, "k", req(body, createOk)).catch((e) => e);
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect(created).toBe(0);
});

test("errors before the upstream accepted free the key; a timeout or an unexpected error keeps it, outcome unknown", async () => {
  const guard = new IdempotencyGuard(store, noLookup, undefined);
  await expect(guard.run(SERVICE, "free", req(body, failWith(new UpstreamUnavailableError(WECOM.getToken, "ECONNREFUSED"))))).rejects.toThrow();
  expect(await store.get(recordOf("free"))).toBeNull();

  for (const [key, error] of [
    ["timeout", new UpstreamMaybeAppliedError(WECOM.createMeeting, "timed out")],
    ["bug", new TypeError("something unexpected")],
  ] as const) {
    await expect(guard.run(SERVICE, key, req(body, failWith(error)))).rejects.toBe(error);
    expect(parseRecord((await store.get(recordOf(key)))!)?.state).toBe("unknown");
    expect(codeOf(await guard.run(SERVICE, key, req(body, createOk)).catch((e) => e))).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
    expect(codeOf(await guard.run(SERVICE, key, req(otherBody, createOk)).catch((e) => e))).toBe("IDEMPOTENCY_KEY_REUSED");
  }
  expect(created).toBe(3);
});

test("a record left pending by an owner that vanished answers IDEMPOTENCY_OUTCOME_UNKNOWN once its time is up", async () => {
  const crashed = new IdempotencyGuard(store, noLookup, undefined, { firstCallLimitMs: 150 });
  const claimedAt = Date.now();
  void crashed.run(SERVICE, "k", req(body, () => new Promise<Meeting>(() => {}))).catch(() => {}); // never settles
  await new Promise((r) => setTimeout(r, 20));

  const other = new IdempotencyGuard(store, noLookup, undefined); // another instance
  const error = await other.run(SERVICE, "k", req(body, createOk)).catch((e) => e);
  expect(codeOf(error)).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
  expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(150); // it waited for the owner first
  expect(Date.now() - claimedAt).toBeLessThan(600);
  expect(created).toBe(0);
});

test("a store that fails when the outcome is written: the meeting is still returned, and the key is not reused", async () => {
  const flaky = new MemoryStore();
  const guard = new IdempotencyGuard(flaky, noLookup, undefined, { firstCallLimitMs: 50 });
  jest.spyOn(flaky, "set").mockRejectedValueOnce(new StoreUnavailableError());

  const meeting = await guard.run(SERVICE, "k", req(body, createOk));
  expect(meeting.id).toBe("m1");
  await new Promise((r) => setTimeout(r, 60));
  expect(codeOf(await guard.run(SERVICE, "k", req(body, createOk)).catch((e) => e))).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
  expect(created).toBe(1);
  await flaky.close();
});

test("an unreadable record is taken as 'maybe created', never as free", async () => {
  await store.set(recordOf("k"), "not json", 60_000);
  expect(codeOf(await new IdempotencyGuard(store, noLookup, undefined).run(SERVICE, "k", req(body, createOk)).catch((e) => e))).toBe(
    "IDEMPOTENCY_OUTCOME_UNKNOWN",
  );
  expect(created).toBe(0);
});

function unreachableStore(): Store {
  const fail = async () => {
    throw new StoreUnavailableError();
  };
  return { kind: "redis", get: fail, set: fail, setIfAbsent: fail, deleteIfEqual: fail, replaceIfEqual: fail, isAvailable: async () => false, close: async () => {} };
}

test("keys are scoped: the same client key under two corps is two records", () => {
  const under = (corp: string) => new IdempotencyStoreKeys(corp).of(SERVICE, "k").record;
  expect(under("ww-corp-a")).not.toBe(under("ww-corp-b"));
  expect(under("ww-corp-a")).toMatch(/^idem:ww-corp-a:[0-9a-f]{64}$/);
});

test("each kind of caller, and each user, has keys of its own: no key text reaches another's", () => {
  const keys = new IdempotencyStoreKeys("ww-corp-a");
  const alice: Caller = { kind: "user", userId: "alice" };
  const records = [
    keys.of(alice, "k1"),
    keys.of(SERVICE, "k1"),
    keys.of(ANONYMOUS, "k1"),
    keys.of(SERVICE, "user:alice\u0000k1"),
    keys.of(SERVICE, '"user","alice","k1"'),
    keys.of({ kind: "user", userId: "alice\u0000k1" }, ""),
  ].map((k) => k.record);
  expect(new Set(records).size).toBe(records.length);
});
