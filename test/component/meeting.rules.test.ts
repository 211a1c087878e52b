import { checkCreateMeetingInput, checkUpdateMeetingInput } from "../../src/meeting/domain/meeting.rules";
import type { CreateMeetingInput, MeetingRemindersInput, MeetingSettingsInput } from "../../src/meeting/graphql/meeting.input";
import { EnterMute, RemindBefore, RemindScope, RepeatType } from "../../src/meeting/graphql/meeting.enums";
import type { FieldError as FieldViolation } from "../../src/rules/input-error";
import { hintFor } from "../../src/wecom/wecom.errcodes";

const NOW = new Date("2030-01-01T00:00:00.000Z");
const START = new Date("2030-01-01T01:00:00.000Z");
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** A valid input with only the required fields. */
function base(): CreateMeetingInput {
  return { adminUserId: "zhangsan", title: "Weekly sync", meetingStart: START, meetingDuration: 3600 };
}

type Patch = Partial<Omit<CreateMeetingInput, "settings" | "reminders">> & {
  settings?: Partial<MeetingSettingsInput> | null;
  reminders?: Partial<MeetingRemindersInput> | null;
};

/** The base input (which has no settings or reminders) with `patch` applied. */
function make(patch: Patch): CreateMeetingInput {
  return { ...base(), ...patch } as CreateMeetingInput;
}

const check = (patch: Patch): FieldViolation[] => checkCreateMeetingInput(make(patch), NOW);
const paths = (violations: FieldViolation[]) => violations.map((v) => v.path);

/** n distinct userids. */
const ids = (n: number, prefix = "user") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const a = (n: number) => "a".repeat(n);
const zh = (n: number) => "会".repeat(n); // one code point, 3 UTF-8 bytes, counts 2 in a title
const emoji = (n: number) => "😀".repeat(n); // one code point, two UTF-16 units, 4 UTF-8 bytes

describe("checkCreateMeetingInput: boundaries, one rule at a time", () => {
  // [rule, last value accepted, first value refused, path of the violation, message fragment]
  const cases: Array<[string, Patch, Patch, string, RegExp]> = [
    // title
    ["title: 40 ASCII bytes", { title: a(40) }, { title: a(41) }, "input.title", /at most 40 bytes.*this is 41/],
    ["title: 20 Chinese characters", { title: zh(20) }, { title: zh(20) + "a" }, "input.title", /at most 40 bytes.*this is 41/],
    ["title: mixed, 38 ASCII + 1 Chinese", { title: a(38) + zh(1) }, { title: a(39) + zh(1) }, "input.title", /this is 41/],
    ["title: an emoji counts 2, not 4", { title: emoji(20) }, { title: emoji(20) + "a" }, "input.title", /this is 41/],
    ["title: not blank", { title: "x" }, { title: "" }, "input.title", /must not be blank/],
    ["title: whitespace only is blank", { title: " x " }, { title: " \t\n" }, "input.title", /must not be blank/],
    ["title: ideographic space only is blank", { title: "\u3000x" }, { title: "\u3000\u3000" }, "input.title", /must not be blank/],
    ["title: zero-width spaces only are blank", { title: "\u200bx" }, { title: "\u200b\u200b\u200b" }, "input.title", /must not be blank/],
    ["title: Hangul fillers only are blank", { title: "\u3164가" }, { title: "\u3164\u3164" }, "input.title", /must not be blank/],
    ["title: joiners and bidi marks only are blank", { title: "\u200dx\u200e" }, { title: "\u200d\u200e\u2060\ufeff" }, "input.title", /must not be blank/],
    ["title: no control characters", { title: "a b" }, { title: "a\u0000b" }, "input.title", /control characters/],
    ["title: no line breaks", { title: "a b" }, { title: "a\nb" }, "input.title", /control characters/],
    ["title: valid Unicode only", { title: "😀" }, { title: "a\ud800" }, "input.title", /lone surrogate/],
    ["description: line breaks are fine, NUL is not", { description: "a\nb\tc" }, { description: "a\u0000" }, "input.description", /control characters other than line breaks/],
    ["location: valid Unicode only", { location: "广州" }, { location: "\udc00" }, "input.location", /lone surrogate/],
    ["calId: no control characters", { calId: "cal-1" }, { calId: "cal\u0007" }, "input.calId", /control characters/],
    ["adminUserId: no spaces or invisible characters", { adminUserId: "zhang.san" }, { adminUserId: "zhang\u200bsan" }, "input.adminUserId", /invisible/],
    ["adminUserId: valid Unicode only", { adminUserId: "zhangsan" }, { adminUserId: "\ud800" }, "input.adminUserId", /lone surrogate/],
    ["reminders.repeatUntil: what WeCom holds", { reminders: { repeatUntil: at(START, 1000) } }, { reminders: { repeatUntil: new Date("2106-02-07T06:28:16Z") } }, "input.reminders.repeatUntil", /32-bit/],
    // meetingStart
    ["meetingStart: later than now", { meetingStart: at(NOW, 1000) }, { meetingStart: NOW }, "input.meetingStart", /must be later than now/],
    ["meetingStart: in whole seconds, as WeCom compares", { meetingStart: at(NOW, 1000) }, { meetingStart: at(NOW, 999) }, "input.meetingStart", /later than now.*whole seconds/],
    ["meetingStart: what WeCom's 32-bit seconds hold", { meetingStart: new Date("2106-02-06T06:28:15Z") }, { meetingStart: new Date("2106-02-06T06:28:16Z") }, "input.meetingStart", /at most 2106-02-06T06:28:15Z/],
    ["meetingStart: year 9999 is refused", { meetingStart: START }, { meetingStart: new Date("9999-12-31T00:00:00Z") }, "input.meetingStart", /32-bit unix seconds/],
    ["meetingStart: in the past", { meetingStart: at(NOW, 1000) }, { meetingStart: at(NOW, -1000) }, "input.meetingStart", /later than now/],
    ["meetingStart: a valid date", { meetingStart: START }, { meetingStart: new Date(Number.NaN) }, "input.meetingStart", /valid date-time/],
    // meetingDuration
    ["meetingDuration: at least 300", { meetingDuration: 300 }, { meetingDuration: 299 }, "input.meetingDuration", /at least 300.*this is 299/],
    ["meetingDuration: at most 86399", { meetingDuration: 86399 }, { meetingDuration: 86400 }, "input.meetingDuration", /at most 86399.*this is 86400/],
    ["meetingDuration: whole seconds", { meetingDuration: 301 }, { meetingDuration: 300.5 }, "input.meetingDuration", /whole number/],
    // description, location: characters (code points)
    ["description: 500 characters", { description: zh(500) }, { description: zh(501) }, "input.description", /at most 500 characters; this is 501/],
    ["description: 500 emoji are 500 characters", { description: emoji(500) }, { description: emoji(501) }, "input.description", /this is 501/],
    ["location: 128 characters", { location: a(128) }, { location: a(129) }, "input.location", /at most 128 characters; this is 129/],
    ["location: 128 emoji", { location: emoji(128) }, { location: emoji(129) }, "input.location", /this is 129/],
    // calId: UTF-8 bytes
    ["calId: 64 bytes", { calId: a(64) }, { calId: a(65) }, "input.calId", /at most 64 bytes \(UTF-8\); this is 65/],
    ["calId: 21 Chinese + 1 ASCII = 64 bytes", { calId: zh(21) + "a" }, { calId: zh(21) + "ab" }, "input.calId", /this is 65/],
    // list sizes
    ["invitees: 300 userids", { invitees: ids(300) }, { invitees: ids(301) }, "input.invitees", /at most 300 userids; this lists 301/],
    ["settings.hosts: 10 userids", { settings: { hosts: ids(10) } }, { settings: { hosts: ids(11) } }, "input.settings.hosts", /at most 10 userids; this lists 11/],
    ["settings.ringUsers: 301 userids (participants)", { settings: { ringUsers: ids(301) } }, { settings: { ringUsers: ids(302) } }, "input.settings.ringUsers", /at most 301 userids; this lists 302/],
    // every userid: 1 to 64 bytes
    ["adminUserId: 64 bytes", { adminUserId: a(64) }, { adminUserId: a(65) }, "input.adminUserId", /1 to 64 bytes.*this is 65/],
    ["adminUserId: not empty", { adminUserId: "a" }, { adminUserId: "" }, "input.adminUserId", /1 to 64 bytes.*empty/],
    ["adminUserId: bytes, not characters", { adminUserId: zh(21) + "a" }, { adminUserId: zh(22) }, "input.adminUserId", /this is 66/],
    ["invitees: each userid 64 bytes", { invitees: ["x", a(64)] }, { invitees: ["x", a(65)] }, "input.invitees.1", /1 to 64 bytes.*this is 65/],
    ["invitees: no empty userid", { invitees: ["x", "y"] }, { invitees: ["x", ""] }, "input.invitees.1", /empty/],
    ["settings.hosts: each userid 64 bytes", { settings: { hosts: [a(64)] } }, { settings: { hosts: [a(65)] } }, "input.settings.hosts.0", /this is 65/],
    ["settings.ringUsers: each userid 64 bytes", { settings: { ringUsers: ["x", "y", a(64)] } }, { settings: { ringUsers: ["x", "y", a(65)] } }, "input.settings.ringUsers.2", /this is 65/],
    // every userid list: no duplicates; the later occurrence is reported
    ["invitees: no duplicates", { invitees: ["lisi", "wangwu"] }, { invitees: ["lisi", "wangwu", "lisi"] }, "input.invitees.2", /"lisi" appears twice \(first at index 0\)/],
    ["settings.hosts: no duplicates", { settings: { hosts: ["lisi", "wangwu"] } }, { settings: { hosts: ["lisi", "lisi"] } }, "input.settings.hosts.1", /"lisi" appears twice/],
    ["settings.ringUsers: no duplicates", { settings: { ringUsers: ["a", "b"] } }, { settings: { ringUsers: ["b", "a", "b"] } }, "input.settings.ringUsers.2", /"b" appears twice \(first at index 0\)/],
    ["userids are compared exactly", { invitees: ["lisi", "Lisi", "lisi_"] }, { invitees: ["lisi", "Lisi", "lisi"] }, "input.invitees.2", /appears twice/],
    // settings.password
    ["settings.password: 4 digits", { settings: { password: "0000" } }, { settings: { password: "123" } }, "input.settings.password", /4 to 6 digits/],
    ["settings.password: 6 digits", { settings: { password: "123456" } }, { settings: { password: "1234567" } }, "input.settings.password", /4 to 6 digits/],
    ["settings.password: digits only", { settings: { password: "1234" } }, { settings: { password: "12a4" } }, "input.settings.password", /nothing else/],
    ["settings.password: ASCII digits only", { settings: { password: "1234" } }, { settings: { password: "１２３４" } }, "input.settings.password", /4 to 6 digits/],
    ["settings.password: no trailing newline", { settings: { password: "1234" } }, { settings: { password: "1234\n" } }, "input.settings.password", /4 to 6 digits/],
    ["settings.password: empty is not left out", { settings: { password: null } }, { settings: { password: "" } }, "input.settings.password", /4 to 6 digits/],
    // reminders.repeatUntil: after meetingStart, in the whole seconds sent upstream
    ["reminders.repeatUntil: after meetingStart", { reminders: { repeatUntil: at(START, 1000) } }, { reminders: { repeatUntil: START } }, "input.reminders.repeatUntil", /must be after meetingStart/],
    ["reminders.repeatUntil: whole seconds", { reminders: { repeatUntil: at(START, 1000) } }, { reminders: { repeatUntil: at(START, 999) } }, "input.reminders.repeatUntil", /after meetingStart \(2030-01-01T01:00:00Z\); this is 2030-01-01T01:00:00Z/],
    ["reminders.repeatUntil: a valid date", { reminders: { repeatUntil: at(START, 86_400_000) } }, { reminders: { repeatUntil: new Date("nope") } }, "input.reminders.repeatUntil", /valid date-time/],
    // reminders.repeatInterval
    ["reminders.repeatInterval: 2 with WEEKLY", { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 2 } }, { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 3 } }, "input.reminders.repeatInterval", /must be 1 \(every week\) or 2 \(every two weeks\); this is 3/],
    ["reminders.repeatInterval: 1 with WEEKLY", { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 1 } }, { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 0 } }, "input.reminders.repeatInterval", /this is 0/],
    ["reminders.repeatInterval: only with WEEKLY", { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 1 } }, { reminders: { repeatType: RepeatType.MONTHLY, repeatInterval: 1 } }, "input.reminders.repeatInterval", /only allowed with repeatType WEEKLY; repeatType is MONTHLY/],
    ["reminders.repeatInterval: not without repeatType", { reminders: { repeatType: RepeatType.WEEKLY, repeatInterval: 1 } }, { reminders: { repeatInterval: 1 } }, "input.reminders.repeatInterval", /only allowed with repeatType WEEKLY; repeatType is not set/],
    // reminders.remindBefore
    ["reminders.remindBefore: no value twice", { reminders: { remindBefore: [RemindBefore.AT_START, RemindBefore.FIFTEEN_MINUTES] } }, { reminders: { remindBefore: [RemindBefore.AT_START, RemindBefore.FIFTEEN_MINUTES, RemindBefore.AT_START] } }, "input.reminders.remindBefore.2", /AT_START appears twice \(first at index 0\)/],
  ];

  test.each(cases)("%s", (_rule, accepted, refused, path, message) => {
    expect(check(accepted)).toEqual([]);
    const violations = check(refused);
    expect(paths(violations)).toEqual([path]);
    expect(violations[0].message).toMatch(message);
  });
});

describe("checkCreateMeetingInput: what has no rule", () => {
  test.each<[string, Patch]>([
    ["agentId: any value", { agentId: -5 }],
    ["invitees: an empty list", { invitees: [] }],
    ["remindBefore: all five values once", { reminders: { remindBefore: Object.values(RemindBefore) } }],
    ["repeatUntil without isRepeat", { reminders: { repeatUntil: at(START, 3_600_000) } }],
    ["description and location: empty", { description: "", location: "" }],
  ])("%s", (_name, patch) => {
    expect(check(patch)).toEqual([]);
  });

  test("null is left out: no rule applies to any optional field", () => {
    const input = make({
      description: null, location: null, agentId: null, invitees: null, calId: null,
      settings: {
        password: null, enableWaitingRoom: null, allowEnterBeforeHost: null, remindScope: null,
        enableEnterMute: null, enableScreenWatermark: null, hosts: null, ringUsers: null,
      },
      reminders: { isRepeat: null, repeatType: null, repeatUntil: null, repeatInterval: null, remindBefore: null },
    });
    expect(checkCreateMeetingInput(input, NOW)).toEqual([]);
    expect(check({ settings: null, reminders: null })).toEqual([]);
    expect(check({ settings: undefined, reminders: undefined })).toEqual([]);
  });

  test("required fields missing from a plain object are named", () => {
    const violations = checkCreateMeetingInput({} as CreateMeetingInput, NOW);
    expect(violations).toEqual([
      { path: "input.adminUserId", message: "is required", code: "REQUIRED" },
      { path: "input.title", message: "is required", code: "REQUIRED" },
      { path: "input.meetingStart", message: "is required", code: "REQUIRED" },
      { path: "input.meetingDuration", message: "is required", code: "REQUIRED" },
    ]);
  });
});

describe("checkCreateMeetingInput: several faults at once", () => {
  test("every violation is listed, in field order", () => {
    const violations = check({
      adminUserId: a(65),
      title: "   ",
      meetingStart: at(NOW, -60_000),
      meetingDuration: 120,
      description: a(501),
      location: a(129),
      invitees: ["lisi", "", "lisi"],
      calId: a(65),
      settings: { password: "12ab", hosts: [...ids(11), "user0"], ringUsers: ["x", "x"] },
      reminders: {
        repeatType: RepeatType.DAILY,
        repeatUntil: at(NOW, -120_000),
        repeatInterval: 5,
        remindBefore: [RemindBefore.ONE_DAY, RemindBefore.ONE_DAY],
      },
    });
    expect(paths(violations)).toEqual([
      "input.adminUserId",
      "input.title",
      "input.meetingStart",
      "input.meetingDuration",
      "input.description",
      "input.location",
      "input.invitees.1",
      "input.invitees.2",
      "input.calId",
      "input.settings.password",
      "input.settings.hosts", // 12: only the first 10 are examined further
      "input.settings.ringUsers.1",
      "input.reminders.repeatUntil",
      "input.reminders.repeatInterval", // not WEEKLY (one reason per value: the first)
      "input.reminders.remindBefore.1",
    ]);
    for (const v of violations) expect(v.message.length).toBeGreaterThan(5);
  });

  test("a userid that appears three times: each later occurrence says so", () => {
    expect(check({ invitees: ["a", "b", "a", "a"] })).toEqual([
      { path: "input.invitees.2", message: '"a" appears 3 times (first at index 0); list each userid once', code: "DUPLICATE" },
      { path: "input.invitees.3", message: '"a" appears 3 times (first at index 0); list each userid once', code: "DUPLICATE" },
    ]);
  });

  test("an invalid meetingStart is reported once; repeatUntil is not compared with it", () => {
    const violations = check({ meetingStart: new Date(Number.NaN), reminders: { repeatUntil: at(NOW, 1000) } });
    expect(paths(violations)).toEqual(["input.meetingStart"]);
  });

  test("the password is not repeated in its message", () => {
    const [violation] = check({ settings: { password: "secret-9876" } });
    expect(violation.message).not.toContain("secret-9876");
  });
});

describe("checkCreateMeetingInput: a fully valid maximal input", () => {
  test("every field at its limit gives []", () => {
    const input = make({
      adminUserId: a(64),
      title: a(20) + zh(10), // 20 + 20 = 40 bytes
      meetingStart: at(NOW, 1000),
      meetingDuration: 86399,
      description: zh(250) + emoji(250),
      location: emoji(128),
      agentId: 1000014,
      invitees: ids(300, a(61)), // "aaa…0" to "aaa…299": the longest is 64 bytes
      calId: zh(21) + "a",
      settings: {
        password: "123456",
        enableWaitingRoom: true,
        allowEnterBeforeHost: false,
        remindScope: RemindScope.RING_USERS,
        enableEnterMute: EnterMute.AUTO_ABOVE_SIX,
        enableScreenWatermark: true,
        hosts: ids(10, zh(21)), // 63 + 1 = 64 bytes
        ringUsers: ids(301),
      },
      reminders: {
        isRepeat: true,
        repeatType: RepeatType.WEEKLY,
        repeatUntil: at(NOW, 2000),
        repeatInterval: 2,
        remindBefore: Object.values(RemindBefore),
      },
    });
    expect(checkCreateMeetingInput(input, NOW)).toEqual([]);
  });

  test("a plain object with Date values works like the input class", () => {
    const plain = JSON.parse(JSON.stringify(base()));
    plain.meetingStart = new Date(plain.meetingStart);
    expect(checkCreateMeetingInput(plain, NOW)).toEqual([]);
  });
});

describe("a refusal stays small whatever the input", () => {
  test("255,000 copies of one invitee: the size, three duplicates and a count", () => {
    const violations = check({ invitees: Array(255_000).fill("lisi") });
    expect(violations).toEqual([
      { path: "input.invitees", message: "must list at most 300 userids; this lists 255000 (only the first 300 were checked further)", code: "TOO_MANY", limit: 300 },
      { path: "input.invitees.1", message: '"lisi" appears 300 times (first at index 0); list each userid once', code: "DUPLICATE" },
      { path: "input.invitees.2", message: '"lisi" appears 300 times (first at index 0); list each userid once', code: "DUPLICATE" },
      { path: "input.invitees", message: "…and 297 more problems here, not listed", code: "NOT_LISTED", count: 297 },
    ]);
  });

  test("a long value is quoted cut short", () => {
    const long = "x".repeat(60);
    const [, dup] = check({ invitees: ["a", "a"] });
    expect(dup).toBeUndefined();
    const [violation] = check({ settings: { hosts: [long.slice(0, 50), long.slice(0, 50)] } });
    expect(violation.message.length).toBeLessThan(120);
  });

  test("at most 30 problems in all, then counts", () => {
    const violations = check({
      invitees: Array.from({ length: 300 }, () => ""),
      settings: { hosts: Array(10).fill(""), ringUsers: Array(301).fill("") },
      title: "",
    });
    expect(violations.length).toBeLessThanOrEqual(34);
    expect(violations.filter((v) => v.message.startsWith("…and")).length).toBeGreaterThan(0);
  });
});

describe("checkUpdateMeetingInput", () => {
  test("nothing to change is refused", () => {
    expect(checkUpdateMeetingInput({}, NOW)).toEqual([{ path: "input", message: "must change at least one field", code: "NOTHING_TO_CHANGE" }]);
    expect(checkUpdateMeetingInput({ title: null }, NOW)).toHaveLength(1);
  });

  test("each field given follows the create rules, with the same paths", () => {
    const violations = checkUpdateMeetingInput({ title: "\u200b", meetingDuration: 299, invitees: ["a", "a"] }, NOW);
    expect(paths(violations)).toEqual(["input.title", "input.meetingDuration", "input.invitees.1"]);
  });

  test("repeatInterval without repeatType: the meeting's own may be weekly", () => {
    expect(checkUpdateMeetingInput({ reminders: { repeatInterval: 2 } }, NOW)).toEqual([]);
    expect(paths(checkUpdateMeetingInput({ reminders: { repeatInterval: 2, repeatType: RepeatType.DAILY } }, NOW))).toEqual(["input.reminders.repeatInterval"]);
  });

  test("an empty string clears a text field and passes", () => {
    expect(checkUpdateMeetingInput({ description: "", location: "" }, NOW)).toEqual([]);
  });
});

describe("hintFor", () => {
  test.each<[number, RegExp]>([
    [400302, /already created/],
    [400301, /being created.*5 minutes/],
    [400021, /not a valid member or is not visible/],
    [400020, /too many invitees/i],
    [40014, /access token/],
    [42001, /access token/],
    [45009, /rate limited/i],
    [-1, /busy/],
    [40001, /secret/],
    [40013, /corp id/],
    [60020, /trusted IP/],
    [48002, /may not call/],
    [301002, /permission/],
  ])("%i has a hint", (errcode, hint) => {
    expect(hintFor(errcode)).toMatch(hint);
  });

  test.each([0, 12345, 40003])("%i has none", (errcode) => {
    expect(hintFor(errcode)).toBeUndefined();
  });
});
