/**
 * The meeting's enumerations, each one table (value → upstream number, description, whether the
 * upstream assumes it when the field is left out), from which both directions of the mapping, the
 * upstream default and the GraphQL registration (meeting/graphql/meeting.enums.ts) come.
 */

type Row = readonly [code: number, description: string, upstreamDefault?: "default"];

export interface CodeTable<E extends string> {
  /** The values by name (`RepeatType.WEEKLY === "WEEKLY"`), as a TypeScript string enum would be. */
  readonly values: { readonly [K in E]: K };
  /** Each value's upstream number and description. */
  readonly rows: Readonly<Record<E, Row>>;
  /** value → the upstream's number */
  readonly code: Readonly<Record<E, number>>;
  /** the upstream's number → value (undefined for a number the documents do not define) */
  fromCode(code: number | undefined): E | undefined;
  /** What the upstream assumes when the field is left out. */
  readonly upstreamDefault: E | undefined;
}

function codeTable<E extends string>(rows: Readonly<Record<E, Row>>): CodeTable<E> {
  const entries = Object.entries(rows) as Array<[E, Row]>;
  const byCode = new Map(entries.map(([value, [code]]) => [code, value]));
  return {
    values: Object.fromEntries(entries.map(([value]) => [value, value])) as { [K in E]: K },
    rows,
    code: Object.fromEntries(entries.map(([value, [code]]) => [value, code])) as Record<E, number>,
    fromCode: (code) => (code === undefined ? undefined : byCode.get(code)),
    upstreamDefault: entries.find(([, row]) => row[2] === "default")?.[0],
  };
}

/** A table's value type. */
type ValueOf<T extends CodeTable<string>> = keyof T["values"];

/** Who is rung when the meeting starts (upstream `settings.remind_scope`). */
export const REMIND_SCOPE = codeTable({
  NO_REMIND: [1, "Nobody is rung"],
  HOST_ONLY: [2, "Only the host is rung", "default"],
  ALL_MEMBERS: [3, "Every member is rung"],
  RING_USERS: [4, "Only the members listed in `ringUsers` are rung; with no `ringUsers`, nobody is"],
});
export const RemindScope = REMIND_SCOPE.values;
export type RemindScope = ValueOf<typeof REMIND_SCOPE>;

/** Whether members are muted on entry (upstream `settings.enable_enter_mute`). */
export const ENTER_MUTE = codeTable({
  OFF: [0, "Members join unmuted"],
  ON: [1, "Members join muted"],
  AUTO_ABOVE_SIX: [2, "Members join muted once more than six are in the meeting", "default"],
});
export const EnterMute = ENTER_MUTE.values;
export type EnterMute = ValueOf<typeof ENTER_MUTE>;

/** How a recurring meeting repeats (upstream `reminders.repeat_type`). */
export const REPEAT_TYPE = codeTable({
  DAILY: [0, "Every day; at most 200 occurrences", "default"],
  WEEKLY: [1, "Every week, or every two weeks with `repeatInterval: 2`"],
  MONTHLY: [2, "Every month; at most 50 occurrences"],
  WORKDAYS: [7, "Every working day; at most 200 occurrences"],
});
export const RepeatType = REPEAT_TYPE.values;
export type RepeatType = ValueOf<typeof REPEAT_TYPE>;

/** When members are reminded before the start (upstream `reminders.remind_before`, seconds). */
export const REMIND_BEFORE = codeTable({
  AT_START: [0, "When the meeting starts"],
  FIVE_MINUTES: [300, "Five minutes before"],
  FIFTEEN_MINUTES: [900, "Fifteen minutes before"],
  ONE_HOUR: [3600, "One hour before"],
  ONE_DAY: [86400, "One day before"],
});
export const RemindBefore = REMIND_BEFORE.values;
export type RemindBefore = ValueOf<typeof REMIND_BEFORE>;

/** Where a meeting is in its life (upstream get_info `status`). */
export const MEETING_STATUS = codeTable({
  UPCOMING: [1, "Not started yet; it can still be changed or cancelled"],
  IN_PROGRESS: [2, "Under way"],
  ENDED: [3, "Over"],
  CANCELLED: [4, "Cancelled"],
  EXPIRED: [5, "Its time passed without it being held"],
});
export const MeetingStatus = MEETING_STATUS.values;
export type MeetingStatus = ValueOf<typeof MEETING_STATUS>;
