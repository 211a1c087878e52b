import { registerEnumType } from "type-graphql";

/** Who is rung when the meeting starts (upstream `settings.remind_scope`). */
export enum RemindScope {
  NO_REMIND = "NO_REMIND",
  HOST_ONLY = "HOST_ONLY",
  ALL_MEMBERS = "ALL_MEMBERS",
  RING_USERS = "RING_USERS",
}

/** Whether members are muted on entry (upstream `settings.enable_enter_mute`). */
export enum EnterMute {
  OFF = "OFF",
  ON = "ON",
  AUTO_ABOVE_SIX = "AUTO_ABOVE_SIX",
}

/** How a recurring meeting repeats (upstream `reminders.repeat_type`). */
export enum RepeatType {
  DAILY = "DAILY",
  WEEKLY = "WEEKLY",
  MONTHLY = "MONTHLY",
  WORKDAYS = "WORKDAYS",
}

/** When members are reminded before the start (upstream `reminders.remind_before`). */
export enum RemindBefore {
  AT_START = "AT_START",
  FIVE_MINUTES = "FIVE_MINUTES",
  FIFTEEN_MINUTES = "FIFTEEN_MINUTES",
  ONE_HOUR = "ONE_HOUR",
  ONE_DAY = "ONE_DAY",
}

// The numbers the upstream document gives each value; the mapping goes both ways.
export const REMIND_SCOPE_CODE: Record<RemindScope, number> = {
  NO_REMIND: 1, HOST_ONLY: 2, ALL_MEMBERS: 3, RING_USERS: 4,
};
export const ENTER_MUTE_CODE: Record<EnterMute, number> = { OFF: 0, ON: 1, AUTO_ABOVE_SIX: 2 };
export const REPEAT_TYPE_CODE: Record<RepeatType, number> = {
  DAILY: 0, WEEKLY: 1, MONTHLY: 2, WORKDAYS: 7,
};
export const REMIND_BEFORE_SECONDS: Record<RemindBefore, number> = {
  AT_START: 0, FIVE_MINUTES: 300, FIFTEEN_MINUTES: 900, ONE_HOUR: 3600, ONE_DAY: 86400,
};

registerEnumType(RemindScope, {
  name: "RemindScope",
  description: "Who is rung when the meeting starts (upstream `remind_scope`, 1 to 4).",
  valuesConfig: {
    NO_REMIND: { description: "Nobody is rung (1)." },
    HOST_ONLY: { description: "Only the host is rung (2). The upstream default." },
    ALL_MEMBERS: { description: "Every member is rung (3)." },
    RING_USERS: {
      description: "Only the members listed in `ringUsers` are rung (4); with no `ringUsers`, nobody is.",
    },
  },
});
registerEnumType(EnterMute, {
  name: "EnterMute",
  description: "Whether members are muted when they join (upstream `enable_enter_mute`, 0 to 2).",
  valuesConfig: {
    OFF: { description: "Members join unmuted (0)." },
    ON: { description: "Members join muted (1)." },
    AUTO_ABOVE_SIX: {
      description: "Members join muted once more than six are in the meeting (2). The upstream default.",
    },
  },
});
registerEnumType(RepeatType, {
  name: "RepeatType",
  description: "How a recurring meeting repeats (upstream `repeat_type`).",
  valuesConfig: {
    DAILY: { description: "Every day (0). The upstream default; at most 200 occurrences." },
    WEEKLY: { description: "Every week, or every two weeks with `repeatInterval: 2` (1)." },
    MONTHLY: { description: "Every month (2); at most 50 occurrences." },
    WORKDAYS: { description: "Every working day (7); at most 200 occurrences." },
  },
});
registerEnumType(RemindBefore, {
  name: "RemindBefore",
  description: "When members are reminded, relative to the start (upstream `remind_before`, in seconds).",
  valuesConfig: {
    AT_START: { description: "When the meeting starts (0)." },
    FIVE_MINUTES: { description: "Five minutes before (300)." },
    FIFTEEN_MINUTES: { description: "Fifteen minutes before (900)." },
    ONE_HOUR: { description: "One hour before (3600)." },
    ONE_DAY: { description: "One day before (86400)." },
  },
});
