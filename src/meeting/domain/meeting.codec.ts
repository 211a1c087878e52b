import { z } from "zod";
import { ENTER_MUTE, MEETING_STATUS, REMIND_BEFORE, REMIND_SCOPE, REPEAT_TYPE } from "./meeting.enums";
import type { KnownMeeting, MeetingDetails, MeetingSnapshot } from "./meeting.model";

// The meeting written to a store (idempotency records, the shared cache) and read back. JSON
// turns a Date into an ISO string; each schema below names every Date field, so reading back makes
// each a Date again, and a record that is not what this version writes is refused, loudly.
// The checks at the bottom keep these schemas and meeting.model.ts the same: a field added to
// one and not the other does not compile.

const date = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (value) => value.toISOString(),
});

const settings = z.object({
  password: z.string().nullable(),
  enableWaitingRoom: z.boolean(),
  allowEnterBeforeHost: z.boolean(),
  remindScope: z.enum(REMIND_SCOPE.values),
  enableEnterMute: z.enum(ENTER_MUTE.values),
  enableScreenWatermark: z.boolean(),
  hosts: z.array(z.string()),
  ringUsers: z.array(z.string()),
});

const reminders = z.object({
  isRepeat: z.boolean(),
  repeatType: z.enum(REPEAT_TYPE.values),
  repeatUntil: date.nullable(),
  repeatInterval: z.number().nullable(),
  remindBefore: z.array(z.enum(REMIND_BEFORE.values)),
});

const details = z.object({
  title: z.string(),
  adminUserId: z.string(),
  meetingStart: date,
  meetingDuration: z.number(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  calId: z.string().nullable(),
  settings,
  reminders: reminders.nullable(),
  status: z.enum(MEETING_STATUS.values),
  meetingCode: z.string().nullable(),
  meetingLink: z.string().nullable(),
  attendees: z.array(
    z.object({
      userId: z.string(),
      joined: z.boolean(),
      firstJoinAt: date.nullable(),
      lastLeaveAt: date.nullable(),
      timeInMeetingSeconds: z.number(),
    }),
  ),
  occurrences: z.array(z.object({ id: z.string(), start: date, end: date, cancelled: z.boolean() })),
  fetchedAt: date,
});

const known = details
  .pick({ title: true, adminUserId: true, meetingStart: true, meetingDuration: true, description: true, location: true, calId: true, settings: true, reminders: true, status: true })
  .partial()
  .extend({ invitees: z.array(z.string()).optional(), excessUsers: z.array(z.string()).optional(), fetchedAt: date.optional() });

const snapshot = z.object({ id: z.string(), known });

/** A stored record that is not a meeting as this version writes it. */
export class MalformedMeetingRecordError extends Error {
  constructor(what: string, cause: z.ZodError) {
    super(`a stored ${what} is malformed: ${z.prettifyError(cause).replace(/\n/g, "; ")}`);
    this.name = "MalformedMeetingRecordError";
  }
}

/** A meeting snapshot as JSON stores it. */
export type StoredMeetingSnapshot = z.input<typeof snapshot>;
/** A meeting's get_info details as JSON stores them. */
export type StoredMeetingDetails = z.input<typeof details>;

export const encodeMeetingSnapshot = (value: MeetingSnapshot): StoredMeetingSnapshot => snapshot.encode(value);
export const decodeMeetingSnapshot = (stored: unknown): MeetingSnapshot => decode(snapshot, stored, "meeting snapshot");
export const encodeMeetingDetails = (value: MeetingDetails): StoredMeetingDetails => details.encode(value);
export const decodeMeetingDetails = (stored: unknown): MeetingDetails => decode(details, stored, "meeting's details");

function decode<T>(schema: z.ZodType<T>, stored: unknown, what: string): T {
  const result = schema.safeParse(stored);
  if (!result.success) throw new MalformedMeetingRecordError(what, result.error);
  return result.data;
}

// ---- the schemas are the model: checked at compile time -------------------------------------

// Every field made required, so that an optional field in one and not the other is told apart.
type Full<T> = T extends Date ? T : T extends readonly (infer E)[] ? Full<E>[] : T extends object ? { [K in keyof T]-?: Full<T[K]> } : T;
type Same<A, B> = [Full<A>] extends [Full<B>] ? ([Full<B>] extends [Full<A>] ? true : false) : false;
const sameDetails: Same<z.output<typeof details>, MeetingDetails> = true;
const sameKnown: Same<z.output<typeof known>, KnownMeeting> = true;
const sameSnapshot: Same<z.output<typeof snapshot>, MeetingSnapshot> = true;
void [sameDetails, sameKnown, sameSnapshot];
