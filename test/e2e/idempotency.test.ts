import { randomUUID } from "node:crypto";
import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { applyWindowMs } from "../../src/meeting/idempotency/idempotency.guard";
import { LOOKUP_MAX_DETAILS } from "../../src/meeting/idempotency/meeting-lookup";
import { useGateway } from "../support/fixture";
import { fullInput, minimalInput, unix } from "../support/inputs";
import { codeOf, idOf } from "../support/helpers";

// CONTRACT.md §6 on one instance with the in-memory store (no REDIS_URL).

const TIMEOUT_MS = 600;
/** How long after sending WeCom may still apply it. */
const APPLY_WINDOW_S = applyWindowMs(TIMEOUT_MS) / 1000;

const { sim, gateway } = useGateway({ WECOM_TIMEOUT_MS: String(TIMEOUT_MS) });
beforeAll(async () => {
  await create(minimalInput()); // a cached token: the counts below are creates only
});

function create(input = minimalInput(), idempotencyKey?: string | null) {
  return gateway.request(CreateOnlyDocument, { input, idempotencyKey });
}
const newKey = () => randomUUID();
// Each test builds its input once: minimalInput() moves with the clock, and a retry must send
// the same input to be the same request.

describe("a repeated key", () => {
  test("eight concurrent creates with one key make one upstream create and all get the same meeting", async () => {
    sim.createDelayMs = 300; // all eight arrive while the first is in flight
    const key = newKey();
    const input = minimalInput();

    const answers = await Promise.all(Array.from({ length: 8 }, () => create(input, key)));

    expect(answers.map(codeOf)).toEqual(Array(8).fill(undefined));
    expect(sim.createRequests).toHaveLength(1);
    const ids = new Set(answers.map((answer) => idOf(answer)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeTruthy();
  });

  test("a later call with the same key and input returns the stored meeting, every field equal, without calling upstream", async () => {
    const key = newKey();
    const { input } = fullInput(); // times in meetingStart, meetingEnd and reminders.repeatUntil
    const first = await create(input, key);
    expect(first.body.errors).toBeUndefined();

    const again = await create(input, key);

    expect(again.body).toEqual(first.body);
    expect(sim.createRequests).toHaveLength(1);
  });

  test("the same key with a different input is IDEMPOTENCY_KEY_REUSED and nothing is sent", async () => {
    const key = newKey();
    const input = minimalInput({ title: "First" });
    await create(input, key);
    const before = sim.requests.length;

    const answer = await create({ ...input, title: "Second" }, key);

    expect(codeOf(answer)).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(answer.body.data?.createMeeting ?? null).toBeNull();
    expect(sim.requests.length).toBe(before);
  });

  test("a different input while the first is still in flight is IDEMPOTENCY_KEY_REUSED at once", async () => {
    sim.createDelayMs = 300;
    const key = newKey();
    const input = minimalInput({ title: "First" });
    const first = create(input, key);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const second = await create({ ...input, title: "Second" }, key);

    expect(codeOf(second)).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(Date.now() - started).toBeLessThan(200); // did not wait for the first
    expect(idOf(await first)).toBeTruthy();
    expect(sim.createRequests).toHaveLength(1);
  });

  test("different keys with the same input make different meetings", async () => {
    const input = minimalInput();
    const a = await create(input, newKey());
    const b = await create(input, newKey());
    expect(idOf(a)).toBeTruthy();
    expect(idOf(b)).toBeTruthy();
    expect(idOf(a)).not.toBe(idOf(b));
    expect(sim.createRequests).toHaveLength(2);
  });

  test("creates without a key are not deduplicated", async () => {
    const input = minimalInput();
    const [a, b] = await Promise.all([create(input), create(input)]);
    expect(idOf(a)).not.toBe(idOf(b));
    expect(sim.createRequests).toHaveLength(2);
  });
});

describe("a first call that fails", () => {
  test("an upstream refusal (WECOM_ERROR) frees the key: a retry with it creates", async () => {
    const key = newKey();
    const input = minimalInput();
    sim.failNextCreates({ errcode: 400021, errmsg: "invalid userid" });

    const failed = await create(input, key);
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({ code: "WECOM_ERROR", errcode: 400021 });

    const retried = await create(input, key);
    expect(idOf(retried)).toBeTruthy();
    expect(sim.createRequests).toHaveLength(2);

    // ...and from then on the key is consumed.
    expect(idOf(await create(input, key))).toBe(idOf(retried));
    expect(sim.createRequests).toHaveLength(2);
  });

  test("callers sharing a first call that fails before the upstream accepted get its error; the key stays free", async () => {
    const key = newKey();
    const input = minimalInput();
    sim.createDelayMs = 300;
    sim.failNextCreates({ errcode: 400021, errmsg: "invalid userid" });

    const answers = await Promise.all(Array.from({ length: 3 }, () => create(input, key)));

    expect(answers.map(codeOf)).toEqual(["WECOM_ERROR", "WECOM_ERROR", "WECOM_ERROR"]);
    expect(sim.createRequests).toHaveLength(1);
    expect(idOf(await create(input, key))).toBeTruthy();
  });

  test("a create WeCom applied but answered too late: the gateway finds it and answers its id; retries get the same", async () => {
    const key = newKey();
    const input = minimalInput();
    sim.hangCreates = true; // applied on arrival, the answer held
    const first = await create(input, key);
    expect(codeOf(first)).toBeUndefined();
    expect(sim.createRequests).toHaveLength(1);
    expect(sim.meeting(idOf(first)!)?.title).toBe(input.title);
    expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(1); // the lookup

    sim.hangCreates = false;
    const retried = await create(input, key);
    expect(idOf(retried)).toBe(idOf(first));
    expect(sim.createRequests).toHaveLength(1);
    // A different input with that key is still a reuse.
    expect(codeOf(await create({ ...input, title: "Other" }, key))).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  test("a late answer for an admin with more upcoming meetings than a lookup reads: it reads at most its share, then OUTCOME_UNKNOWN without a retry time", async () => {
    const key = newKey();
    const input = minimalInput();
    // Listed before the meeting made (same start, smaller ids), none of them it.
    for (let i = 0; i < LOOKUP_MAX_DETAILS + 10; i++) {
      sim.seedMeeting({ meetingid: `0${String(i).padStart(3, "0")}`, title: `Other ${i}`, meeting_start: unix(new Date(input.meetingStart)) });
    }
    sim.hangCreates = true;
    expect(codeOf(await create(input, key))).toBe("UPSTREAM_TIMEOUT");
    sim.hangCreates = false;
    const retried = await create(input, key);
    expect(codeOf(retried)).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
    expect(retried.body.errors![0].extensions).not.toHaveProperty("retryAfterSeconds");
    expect(retried.body.errors![0].message).toMatch(/more meetings from that start on than a lookup reads.*Check the meeting list/);
    expect(sim.calls("meeting/get_info")).toHaveLength(2 * LOOKUP_MAX_DETAILS); // two lookups, each bounded
    expect(sim.createRequests).toHaveLength(1);
  });

  test("a create sent and not applied (a proxy's 502): UPSTREAM_TIMEOUT, then OUTCOME_UNKNOWN with when to ask, then the key is free", async () => {
    const key = newKey();
    const input = minimalInput();
    sim.endpoint("meeting/create").failNextHttp(502, { applied: false });
    const first = await create(input, key);
    expect(codeOf(first)).toBe("UPSTREAM_TIMEOUT");
    expect(first.body.errors![0].extensions).toMatchObject({ httpStatus: 502 });
    expect(first.body.errors![0].message).toMatch(/answered HTTP 502, not a WeCom result.*retry only with the same idempotencyKey/);

    const early = await create(input, key);
    expect(codeOf(early)).toBe("IDEMPOTENCY_OUTCOME_UNKNOWN");
    const wait = early.body.errors![0].extensions!.retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(Math.ceil(APPLY_WINDOW_S));
    expect(early.body.errors![0].message).toMatch(new RegExp(`in ${wait} s`));
    expect(sim.createRequests).toHaveLength(1);

    await new Promise((r) => setTimeout(r, wait * 1000 + 200));
    const later = await create(input, key);
    expect(idOf(later)).toEqual(expect.any(String)); // not created the first time: created now, once
    expect(sim.createRequests).toHaveLength(2);
    expect(sim.meetings().filter((m) => m.title === input.title)).toHaveLength(1);
    expect(idOf(await create(input, key))).toBe(idOf(later));
  }, 20_000);
});

describe("the key itself", () => {
  test("an empty or blank key is BAD_USER_INPUT on idempotencyKey, nothing sent", async () => {
    for (const key of ["", "   "]) {
      const answer = await create(minimalInput(), key);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        fields: [{ path: "idempotencyKey", message: expect.stringMatching(/empty/) }],
      });
    }
    expect(sim.requests).toHaveLength(0);
  });

  test("a key longer than 200 characters is BAD_USER_INPUT, reported with the input's own violations", async () => {
    const answer = await create(minimalInput({ title: " " }), "k".repeat(201));
    expect(answer.body.errors?.[0]?.extensions?.fields).toEqual([
      { path: "input.title", message: expect.any(String), code: "REQUIRED" },
      { path: "idempotencyKey", message: "must be at most 200 characters; this is 201", code: "TOO_LONG", limit: 200 },
    ]);
    expect(sim.requests).toHaveLength(0);
  });

  test("a key of 200 characters of any kind (unicode, JSON, store syntax) works and is deduplicated", async () => {
    const key = `idem:* "{}" \n 会议 🎉 ${randomUUID()}`.padEnd(200, "x");
    expect(key).toHaveLength(200);
    const input = minimalInput();
    const first = await create(input, key);
    const again = await create(input, key);
    expect(idOf(first)).toBeTruthy();
    expect(idOf(again)).toBe(idOf(first));
    expect(sim.createRequests).toHaveLength(1);
  });
});
