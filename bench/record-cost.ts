/**
 * How much heap one idempotency record costs in the memory store, for `npm run bench:soak`.
 *
 * Run as `node --expose-gc dist/bench/record-cost.js <records>`: it builds the gateway's own
 * pieces (MemoryStore, IdempotencyGuard scoped by the bench corp, the input mapping) with the
 * bench's createMeeting input, keys `<records>` creates through the guard exactly as the gateway
 * does for a request with a fresh idempotencyKey (claim a pending record, then write the done
 * record with the meeting), and measures the heap used before and after, each time after full
 * garbage collections. Prints one JSON line:
 *   {"records":…, "bytesPerRecord":…, "storeKeyChars":…, "recordChars":…, "heapLimitMb":…}
 * No network, no GraphQL: only what stays in memory per keyed request.
 */
import { getHeapStatistics } from "node:v8";
import { IdempotencyGuard } from "../src/meeting/meeting.idempotency";
import { idempotencyStoreKey } from "../src/meeting/meeting.idempotency-key";
import { fingerprintOf, serialiseRecord } from "../src/meeting/meeting.idempotency-record";
import type { CreateMeetingInput } from "../src/meeting/meeting.input";
import { toCreateMeetingBody, toMeeting } from "../src/meeting/meeting.mapping";
import { MemoryStore } from "../src/store/memory.store";
import { BENCH_CORP_ID, BENCH_MEETING_ID } from "./fast-upstream";
import { requestBody } from "./support";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsedAfterGc(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  if (!gc) throw new Error("run with node --expose-gc");
  const records = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(records) || records < 1) throw new Error(`records must be a whole number ≥ 1; got ${process.argv[2]}`);

  // The input as the resolver gets it: the bench's variables, its times as Dates.
  const { variables } = JSON.parse(requestBody());
  const input = {
    ...variables.input,
    meetingStart: new Date(variables.input.meetingStart),
    reminders: { ...variables.input.reminders, repeatUntil: new Date(variables.input.reminders.repeatUntil) },
  } as CreateMeetingInput;
  const body = toCreateMeetingBody(input);
  const create = async () => toMeeting(input, { errcode: 0, errmsg: "ok", meetingid: BENCH_MEETING_ID });

  const store = new MemoryStore();
  const guard = new IdempotencyGuard(store, { scope: BENCH_CORP_ID });
  const run = `cost-${process.pid}`;
  // Warm the code paths (and keep these records: they are part of the baseline).
  for (let i = 0; i < 2_000; i++) await guard.run(`${run}-warm-${i}`, body, create);

  const before = heapUsedAfterGc();
  for (let i = 0; i < records; i++) await guard.run(`${run}-${i}`, body, create);
  const after = heapUsedAfterGc();

  const storeKey = idempotencyStoreKey(`${run}-0`, BENCH_CORP_ID);
  const record = serialiseRecord({ state: "done", fingerprint: fingerprintOf(body), meeting: await create() });
  const stored = await store.get(storeKey);
  process.stdout.write(
    `${JSON.stringify({
      records,
      bytesPerRecord: (after - before) / records,
      storeKeyChars: storeKey.length,
      recordChars: stored?.length ?? record.length,
      heapLimitMb: getHeapStatistics().heap_size_limit / 1024 / 1024,
    })}\n`,
  );
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`record-cost failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
