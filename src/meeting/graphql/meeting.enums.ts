import { registerEnumType } from "type-graphql";

/**
 * The schema's enums. Each is one table (value, upstream number, description) from which the
 * GraphQL registration, both directions of the mapping and the upstream default come.
 */
interface EnumTable<E extends string> {
  /** value → the upstream's number */
  readonly code: Readonly<Record<E, number>>;
  /** the upstream's number → value (undefined for a number the documents do not define) */
  fromCode(code: number | undefined): E | undefined;
  /** What the upstream assumes when the field is left out. */
  readonly upstreamDefault: E | undefined;
}

type Row = readonly [code: number, description: string, upstreamDefault?: "default"];

function defineEnum<E extends string>(
  enumObject: Record<string, E>,
  name: string,
  description: string,
  rows: Readonly<Record<E, Row>>,
): EnumTable<E> {
  const entries = Object.entries(rows) as Array<[E, Row]>;
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      entries.map(([value, [code, text, isDefault]]) => [
        value,
        { description: `${text} (${code}).${isDefault ? " The upstream default." : ""}` },
      ]),
    ) as Record<E, { description: string }>,
  });
  const byCode = new Map(entries.map(([value, [code]]) => [code, value]));
  return {
    code: Object.fromEntries(entries.map(([value, [code]]) => [value, code])) as Record<E, number>,
    fromCode: (code) => (code === undefined ? undefined : byCode.get(code)),
    upstreamDefault: entries.find(([, row]) => row[2] === "default")?.[0],
  };
}

/** Who is rung when the meeting starts (upstream `settings.remind_scope`). */
export enum RemindScope {
  NO_REMIND = "NO_REMIND",
  HOST_ONLY = "HOST_ONLY",
  ALL_MEMBERS = "ALL_MEMBERS",
  RING_USERS = "RING_USERS",
}
export const REMIND_SCOPE = defineEnum(RemindScope, "RemindScope", "Who is rung when the meeting starts (upstream `remind_scope`, 1 to 4).", {
  NO_REMIND: [1, "Nobody is rung"],
  HOST_ONLY: [2, "Only the host is rung", "default"],
  ALL_MEMBERS: [3, "Every member is rung"],
  RING_USERS: [4, "Only the members listed in `ringUsers` are rung; with no `ringUsers`, nobody is"],
});

/** Whether members are muted on entry (upstream `settings.enable_enter_mute`). */
export enum EnterMute {
  OFF = "OFF",
  ON = "ON",
  AUTO_ABOVE_SIX = "AUTO_ABOVE_SIX",
}
export const ENTER_MUTE = defineEnum(EnterMute, "EnterMute", "Whether members are muted when they join (upstream `enable_enter_mute`, 0 to 2).", {
  OFF: [0, "Members join unmuted"],
  ON: [1, "Members join muted"],
  AUTO_ABOVE_SIX: [2, "Members join muted once more than six are in the meeting", "default"],
});

/** How a recurring meeting repeats (upstream `reminders.repeat_type`). */
export enum RepeatType {
  DAILY = "DAILY",
  WEEKLY = "WEEKLY",
  MONTHLY = "MONTHLY",
  WORKDAYS = "WORKDAYS",
}
export const REPEAT_TYPE = defineEnum(RepeatType, "RepeatType", "How a recurring meeting repeats (upstream `repeat_type`).", {
  DAILY: [0, "Every day; at most 200 occurrences", "default"],
  WEEKLY: [1, "Every week, or every two weeks with `repeatInterval: 2`"],
  MONTHLY: [2, "Every month; at most 50 occurrences"],
  WORKDAYS: [7, "Every working day; at most 200 occurrences"],
});

/** When members are reminded before the start (upstream `reminders.remind_before`, seconds). */
export enum RemindBefore {
  AT_START = "AT_START",
  FIVE_MINUTES = "FIVE_MINUTES",
  FIFTEEN_MINUTES = "FIFTEEN_MINUTES",
  ONE_HOUR = "ONE_HOUR",
  ONE_DAY = "ONE_DAY",
}
export const REMIND_BEFORE = defineEnum(RemindBefore, "RemindBefore", "When members are reminded, relative to the start (upstream `remind_before`, in seconds).", {
  AT_START: [0, "When the meeting starts"],
  FIVE_MINUTES: [300, "Five minutes before"],
  FIFTEEN_MINUTES: [900, "Fifteen minutes before"],
  ONE_HOUR: [3600, "One hour before"],
  ONE_DAY: [86400, "One day before"],
});

/** Where a meeting is in its life (upstream get_info `status`). */
export enum MeetingStatus {
  UPCOMING = "UPCOMING",
  IN_PROGRESS = "IN_PROGRESS",
  ENDED = "ENDED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
}
export const MEETING_STATUS = defineEnum(MeetingStatus, "MeetingStatus", "Where a meeting is in its life (upstream get_info `status`, 1 to 5).", {
  UPCOMING: [1, "Not started yet; it can still be changed or cancelled"],
  IN_PROGRESS: [2, "Under way"],
  ENDED: [3, "Over"],
  CANCELLED: [4, "Cancelled"],
  EXPIRED: [5, "Its time passed without it being held"],
});
