/**
 * The input rules of CONTRACT §4 (from the upstream documents), checked before anything goes
 * upstream. These tables are the one place they live: one line a field, in the order of the
 * fields of the input. The machinery is in rules.ts.
 *
 * Every rule that fails is reported (not only the first), with the path of the offending value
 * relative to the argument (`input.settings.password`, `input.invitees.2`) and a message that
 * names the limit. A field left out (undefined or null) is not checked, except that a required
 * field left out is reported as such.
 */
import { RepeatType } from "./meeting.enums";
import type { CreateMeetingFields, MeetingFields, UpdateMeetingFields } from "./meeting.fields";
import { LIMITS } from "./meeting.limits";
import {
  atLeast,
  atMost,
  checkAll,
  digits,
  isoSeconds,
  isValidDate,
  laterThanNow,
  LATEST_START_SECONDS,
  maxChars,
  maxTitleBytes,
  maxUtf8Bytes,
  multiLineText,
  oneOf,
  opaqueId,
  rulesFor,
  singleLineText,
  unixSeconds,
  upstreamTime,
  userId,
  visible,
  wholeNumber,
  type Check,
  type Rule,
} from "../../rules/rules";
import { problem, type FieldError, type Problem } from "../../rules/input-error";

const title = [visible, singleLineText, maxTitleBytes(LIMITS.titleBytes)];
const duration = [
  wholeNumber,
  atLeast(LIMITS.minDurationSeconds, "seconds (5 minutes)"),
  atMost(LIMITS.maxDurationSeconds, "seconds (less than a day)"),
];

/** The lines create and update share, in field order; `partial`: an update, where any field may be absent. */
function sharedRules<I extends MeetingFields>(partial: boolean): Rule<I>[] {
  const r = rulesFor<I>("input");
  return [
    r.optional("description", (i) => i.description, multiLineText, maxChars(LIMITS.descriptionChars)),
    r.optional("location", (i) => i.location, singleLineText, maxChars(LIMITS.locationChars)),
    // agentId: the upstream documents give no rule.
    r.list("invitees", (i) => i.invitees, { max: LIMITS.invitees, noun: "userid", each: [userId] }),
    r.optional("calId", (i) => i.calId, singleLineText, maxUtf8Bytes(LIMITS.calIdBytes)),
    r.optional("settings.password", (i) => i.settings?.password, digits(LIMITS.passwordDigits.min, LIMITS.passwordDigits.max)),
    r.list("settings.hosts", (i) => i.settings?.hosts, { max: LIMITS.hosts, noun: "userid", each: [userId] }),
    r.list("settings.ringUsers", (i) => i.settings?.ringUsers, { max: LIMITS.ringUsers, noun: "userid", each: [userId] }),
    r.optional("reminders.repeatUntil", (i) => i.reminders?.repeatUntil, upstreamTime(), afterMeetingStart),
    r.optional(
      "reminders.repeatInterval",
      (i) => i.reminders?.repeatInterval,
      onlyWithWeekly(partial),
      oneOf({ 1: "every week", 2: "every two weeks" }),
    ),
    r.list("reminders.remindBefore", (i) => i.reminders?.remindBefore, { max: 5, noun: "value", show: String }),
  ];
}

const create = rulesFor<CreateMeetingFields>("input");
const CREATE_RULES: readonly Rule<CreateMeetingFields>[] = [
  create.required("adminUserId", (i) => i.adminUserId, userId),
  create.required("title", (i) => i.title, ...title),
  create.required("meetingStart", (i) => i.meetingStart, upstreamTime(LATEST_START_SECONDS), laterThanNow),
  create.required("meetingDuration", (i) => i.meetingDuration, ...duration),
  ...sharedRules<CreateMeetingFields>(false),
];

const update = rulesFor<UpdateMeetingFields>("input");
const UPDATE_RULES: readonly Rule<UpdateMeetingFields>[] = [
  (ctx, out) => {
    if (!changesSomething(ctx.input)) out.add("input", "input", problem("NOTHING_TO_CHANGE", "must change at least one field"));
  },
  update.optional("title", (i) => i.title, ...title),
  update.optional("meetingStart", (i) => i.meetingStart, upstreamTime(LATEST_START_SECONDS), laterThanNow),
  update.optional("meetingDuration", (i) => i.meetingDuration, ...duration),
  ...sharedRules<UpdateMeetingFields>(true),
];

/** Every violation of §4 in a create input; [] when it is valid. */
export function checkCreateMeetingInput(input: CreateMeetingFields, now: Date): FieldError[] {
  return checkAll(CREATE_RULES, input, now);
}

/** Every violation of §4 in what an update gives (§10: the same rules for each field given). */
export function checkUpdateMeetingInput(input: UpdateMeetingFields, now: Date): FieldError[] {
  return checkAll(UPDATE_RULES, input, now);
}

// ---- the other arguments ------------------------------------------------------------------

const arg = rulesFor<Record<string, unknown>>("");

/** The list `setMeetingInvitees` sends, the admin already added (§10: at most 2000 with the admin). */
export const INVITEES_RULES: readonly Rule<{ invitees: string[] }>[] = [
  rulesFor<{ invitees: string[] }>("").list("invitees", (i) => i.invitees, {
    max: LIMITS.setInvitees,
    noun: "userid",
    each: [userId],
  }),
];

const ID_RULES = {
  id: opaqueId(128),
  occurrenceId: opaqueId(64),
  code: opaqueId(512),
  userId,
} as const;

/** Checks plain arguments by name: `{ id }`, `{ occurrenceId }`, `{ code }`, `{ userId }`. */
export function checkArguments(args: Partial<Record<keyof typeof ID_RULES, string | null>>, now = new Date()): FieldError[] {
  const rules = Object.keys(args).map((name) =>
    arg.optional(name, (a) => a[name] as string | undefined, ID_RULES[name as keyof typeof ID_RULES] as Check<string>),
  );
  return checkAll(rules, args, now);
}

/** The listing's arguments (§10): `first` 1 to 100, valid times, a span of at most 180 days. */
export function checkListing(
  args: { userId?: string | null; from: Date; to: Date; first: number; spanGiven: "from" | "to" | "both" | "none" },
  now = new Date(),
): FieldError[] {
  const l = rulesFor<typeof args>("");
  const span: Check<Date, typeof args> = (to, { input }) => {
    if (!isValidDate(to) || !isValidDate(input.from)) return undefined; // reported on its own
    if (to.getTime() < input.from.getTime()) return problem("WRONG_ORDER", "`to` must not be before `from`");
    const days = (to.getTime() - input.from.getTime()) / 86_400_000;
    return days > LIMITS.listingSpanDays
      ? problem("TOO_LONG", `\`from\` to \`to\` must span at most ${LIMITS.listingSpanDays} days (the upstream's longest); this spans ${Math.ceil(days)}`, LIMITS.listingSpanDays)
      : undefined;
  };
  return checkAll(
    [
      // A user caller's own userid is filled in before: only a service caller can leave it out.
      (ctx, out) => {
        if (ctx.input.userId == null) out.add("userId", "userId", problem("REQUIRED", "is required for a service caller (whose meetings to list)"));
      },
      l.optional("userId", (a) => a.userId, userId),
      l.required("from", (a) => a.from, upstreamTime()),
      l.required("to", (a) => a.to, upstreamTime()),
      (ctx, out) => {
        // A span too long is named on the argument that was given (`to` when both or neither were).
        const found = span(ctx.input.to, ctx);
        const path = ctx.input.spanGiven === "from" ? "from" : "to";
        if (found) out.add(path, path, found);
      },
      l.required("first", (a) => a.first, wholeNumber, atLeast(1, "meetings"), atMost(LIMITS.listingFirst, "meetings")),
    ],
    args,
    now,
  );
}

// ---- cross-field checks ---------------------------------------------------------------------

/**
 * Both times go upstream as whole unix seconds, so that is what is compared: a repeatUntil in the
 * same second as meetingStart would reach the upstream equal to it.
 */
function afterMeetingStart(value: Date, { input }: { input: MeetingFields }): Problem | undefined {
  const start = input.meetingStart;
  if (!isValidDate(value) || !isValidDate(start)) return undefined; // reported elsewhere, or an update without a start
  return unixSeconds(value) > unixSeconds(start)
    ? undefined
    : problem("WRONG_ORDER", `must be after meetingStart (${isoSeconds(start)}); this is ${isoSeconds(value)} (whole seconds, as sent upstream)`);
}

function onlyWithWeekly(partial: boolean): Check<number, MeetingFields> {
  return (_value, { input }) => {
    const repeatType = input.reminders?.repeatType;
    if (repeatType === RepeatType.WEEKLY) return undefined;
    if (partial && (repeatType === undefined || repeatType === null)) return undefined; // the meeting's own may be weekly
    return problem("NOT_APPLICABLE", `only allowed with repeatType ${RepeatType.WEEKLY}; repeatType is ${repeatType ?? "not set (DAILY by default)"}`);
  };
}

/**
 * Whether an update names anything to change: a value that is not null, where a group
 * (`settings`, `reminders`) counts only when it names one itself. An empty list is a change (it
 * clears the list); `{ settings: {} }` is not, and nothing is sent for it.
 */
function changesSomething(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "object" || value instanceof Date || Array.isArray(value)) return true;
  return Object.values(value).some(changesSomething);
}
