import { createHash } from "node:crypto";
import type { CreateMeetingBody } from "../../wecom/wecom.types";
import { decodeMeetingSnapshot } from "../domain/meeting.codec";
import type { MeetingSnapshot } from "../domain/meeting.model";

/**
 * What the store holds for one idempotency key (JSON, where idempotency.store-keys.ts says).
 * Every record carries the fingerprint of the upstream body it was made for, so a reuse of
 * the key with another input is recognised in any state.
 *
 * - pending: a call claimed the key and is creating. `owner` makes the exact string unique, so
 *   only its owner can replace or delete it (compare-and-set, compare-and-delete); it is renewed
 *   just before the create is sent; `until` is when the call must have finished: a record still
 *   pending after that has lost its owner (a crash), and its outcome is looked up like an
 *   unknown one, counting the apply window from `until`.
 * - done: the meeting exists; later calls get it back.
 * - unknown: the create was sent, at the latest at `sentAt`, and no answer came; WeCom is asked (the lookup).
 */
export type IdempotencyRecord =
  | { state: "pending"; fingerprint: string; owner: string; until: number }
  | { state: "done"; fingerprint: string; meeting: Stored<MeetingSnapshot> }
  | { state: "unknown"; fingerprint: string; sentAt: number };

/** A value after a JSON round trip: Dates become ISO strings. */
type Stored<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Stored<T[K]> } : T;

/** The fingerprint of an input: the SHA-256 of its upstream body (the body is built in a fixed field order). */
export function fingerprintOf(body: CreateMeetingBody): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

/** A record as written: a done record holds the Meeting itself (JSON turns its Dates into strings). */
export type RecordToWrite =
  | Exclude<IdempotencyRecord, { state: "done" }>
  | { state: "done"; fingerprint: string; meeting: MeetingSnapshot };

export function serialiseRecord(record: RecordToWrite): string {
  return JSON.stringify(record);
}

/** The record, or undefined when the text is not one this version wrote. */
export function parseRecord(text: string): IdempotencyRecord | undefined {
  try {
    const record = JSON.parse(text) as IdempotencyRecord;
    const known = ["pending", "done", "unknown"].includes(record?.state) && typeof record.fingerprint === "string";
    return known ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The stored meeting as the service answers it: its times are Dates again (throws on a malformed one). */
export function reviveMeeting(stored: Stored<MeetingSnapshot>): MeetingSnapshot {
  return decodeMeetingSnapshot(stored);
}
