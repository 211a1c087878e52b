// Exactly once, even when Redis forgets (CONTRACT §6): two instances, one real redis-server that
// is restarted empty or frozen, and WeCom's own duplicate check.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { ANONYMOUS } from "../../src/auth/caller";
import { parseRecord } from "../../src/meeting/idempotency/idempotency.record";
import { IdempotencyStoreKeys } from "../../src/meeting/idempotency/idempotency.store-keys";
import { codeOf, eventually, extensionsOf, gql, idOf } from "../support/helpers";
import { useInstancesSharingRedis } from "../support/fixture";
import type { GatewayProcess } from "../support/gateway";
import { minimalInput, tomorrow } from "../support/inputs";

const CREATE = "mutation($input: CreateMeetingInput!, $key: String) { createMeeting(input: $input, idempotencyKey: $key) { id title } }";
const { sim, redis, a, b } = useInstancesSharingRedis({ WECOM_TIMEOUT_MS: "600" });

const create = (via: GatewayProcess, input: Record<string, unknown>, key?: string) => gql(via, CREATE, { input, key });
const titled = (title: string) => sim.meetings().filter((m) => m.title === title);
let n = 0;
const unique = () => minimalInput({ title: `exactly-once ${++n} ${randomUUID().slice(0, 8)}`, meetingStart: tomorrow(n * 60).toISOString() });

test("start-up says the connected Redis keeps nothing across a restart", () => {
  expect(a.logs().some((l) => l.level === 40 && /no persistence/.test(l.msg))).toBe(true);
});

describe("WeCom's own duplicate check (400301) is a second guard", () => {
  beforeEach(() => {
    sim.duplicateCheck = true;
  });

  test("an identical meeting made outside the gateway's knowledge is taken as this key's (the lookup cannot tell them apart)", async () => {
    const input = unique();
    // Made through WeCom directly, as a call whose answer was lost would have.
    const token = (await (await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${sim.corpId}&corpsecret=${sim.corpSecret}`)).json()).access_token;
    const made = await (await fetch(`${sim.url}/cgi-bin/meeting/create?access_token=${token}`, {
      method: "POST",
      body: JSON.stringify({ admin_userid: input.adminUserId, title: input.title, meeting_start: Math.floor(Date.parse(input.meetingStart as string) / 1000), meeting_duration: input.meetingDuration }),
    })).json();
    const answer = await create(a, input, randomUUID());
    expect(idOf(answer)).toBe(made.meetingid);
    expect(titled(input.title as string)).toHaveLength(1);
  });

  test("an identical meeting another key made is not taken: WECOM_ERROR 400301 with its hint, and the key stays free", async () => {
    const input = unique();
    const theirs = await create(a, input, randomUUID());
    const mineKey = randomUUID();
    const mine = await create(b, input, mineKey);
    expect(extensionsOf(mine)).toMatchObject({ code: "WECOM_ERROR", errcode: 400301, hint: expect.stringMatching(/5 minutes/) });
    expect(idOf(mine)).toBeUndefined();
    expect(titled(input.title as string).map((m) => m.meetingid)).toEqual([idOf(theirs)]);
    sim.duplicateCheck = false;
    expect(idOf(await create(b, input, mineKey))).not.toBe(idOf(theirs)); // free: a second meeting, as asked
  });

  test("an unkeyed create answered 400301 does not take the identical meeting a key made: WECOM_ERROR", async () => {
    const input = unique();
    const keyed = await create(a, input, randomUUID());
    const unkeyed = await create(b, input);
    expect(codeOf(unkeyed)).toBe("WECOM_ERROR");
    expect(titled(input.title as string).map((m) => m.meetingid)).toEqual([idOf(keyed)]);
  });
});

test("Redis restarted empty: a retry of a key whose record was lost gets the same meeting, never a second one", async () => {
  const input = unique();
  const key = randomUUID();
  const first = await create(a, input, key);
  expect(idOf(first)).toEqual(expect.any(String));

  await redis.stop();
  await redis.start(); // empty: --save '' --appendonly no
  await eventually(async () => (await fetch(`${b.url}/ready`)).status === 200, "b to reconnect");

  const retried = await create(b, input, key);
  expect(idOf(retried)).toBe(idOf(first));
  expect(titled(input.title as string)).toHaveLength(1);
  expect(sim.createRequests).toHaveLength(1);
  // Both instances know the store forgot, and say so.
  await eventually(() => [a, b].every((g) => g.logs().some((l) => /lost its data|found the shared store emptied/.test(l.msg))), "both to say the store forgot");

  // A new key after the forget is looked up first, finds nothing, and creates once.
  const fresh = unique();
  const made = await create(a, fresh, randomUUID());
  expect(idOf(made)).toEqual(expect.any(String));
  expect(titled(fresh.title as string)).toHaveLength(1);
});

test("an outcome written while Redis was frozen is kept and written once it answers again", async () => {
  const input = unique();
  const key = randomUUID();
  sim.endpoint("meeting/create").delayMs = 400; // within WECOM_TIMEOUT_MS
  const answer = create(a, input, key);
  await eventually(() => sim.createRequests.length === 1, "the create to arrive");
  redis.pause(); // the done record cannot be written
  const first = await answer;
  expect(first.body.errors).toBeUndefined();
  expect(idOf(first)).toEqual(expect.any(String)); // the meeting is answered anyway
  redis.resume();

  const client = new Redis(redis.url, { lazyConnect: true });
  await client.connect();
  try {
    const recordKey = new IdempotencyStoreKeys(sim.corpId).of(ANONYMOUS, key).record;
    const record = await eventually(async () => {
      const stored = parseRecord((await client.get(recordKey)) ?? "");
      return stored?.state === "done" && stored;
    }, "the kept record to be written", 8_000);
    // The record written late holds the meeting that was answered, not a stale or empty one.
    expect(record.meeting).toMatchObject({ id: idOf(first), known: { title: input.title, meetingDuration: input.meetingDuration } });
  } finally {
    client.disconnect();
  }
  expect(idOf(await create(b, input, key))).toBe(idOf(first));
  expect(sim.createRequests).toHaveLength(1);
}, 20_000);
