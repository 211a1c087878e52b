import type { CreateMeetingInput } from "../../schema/generated/graphql";

/** A start time a day from now, on a whole second. */
export function tomorrow(offsetSeconds = 0): Date {
  const at = new Date(Date.now() + 86_400_000 + offsetSeconds * 1000);
  at.setUTCMilliseconds(0);
  return at;
}

export const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** The four required fields only. */
export function minimalInput(overrides: Partial<CreateMeetingInput> = {}): CreateMeetingInput {
  return {
    adminUserId: "zhangsan",
    title: "Weekly sync",
    meetingStart: tomorrow().toISOString(),
    meetingDuration: 3600,
    ...overrides,
  };
}

/**
 * Every field of the upstream document's example (create-meeting.md), with times moved to the
 * future and repeat_type WEEKLY (the document's example pairs repeat_interval with daily, which
 * its own Reminders table says is ignored; CONTRACT.md §4 refuses it).
 */
export function fullInput(start = tomorrow()) {
  const until = new Date(start.getTime() + 30 * 86_400_000);
  const input: CreateMeetingInput = {
    adminUserId: "zhangsan",
    title: "新建会议",
    meetingStart: start.toISOString(),
    meetingDuration: 3600,
    description: "新建会议描述",
    location: "广州媒体港",
    agentId: 1000014,
    invitees: ["lisi", "wangwu"],
    settings: {
      remindScope: "NO_REMIND",
      password: "1234",
      enableWaitingRoom: false,
      allowEnterBeforeHost: true,
      enableEnterMute: "ON",
      enableScreenWatermark: false,
      hosts: ["lisi", "wangwu"],
      ringUsers: ["zhangsan", "lis"],
    },
    calId: "wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA",
    reminders: {
      isRepeat: true,
      repeatType: "WEEKLY",
      repeatUntil: until.toISOString(),
      repeatInterval: 1,
      remindBefore: ["AT_START", "FIFTEEN_MINUTES"],
    },
  };
  const body = {
    admin_userid: "zhangsan",
    title: "新建会议",
    meeting_start: unix(start),
    meeting_duration: 3600,
    description: "新建会议描述",
    location: "广州媒体港",
    agentid: 1000014,
    invitees: { userid: ["lisi", "wangwu"] },
    settings: {
      remind_scope: 1,
      password: "1234",
      enable_waiting_room: false,
      allow_enter_before_host: true,
      enable_enter_mute: 1,
      enable_screen_watermark: false,
      hosts: { userid: ["lisi", "wangwu"] },
      ring_users: { userid: ["zhangsan", "lis"] },
    },
    cal_id: "wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA",
    reminders: {
      is_repeat: 1,
      repeat_type: 1,
      repeat_until: unix(until),
      repeat_interval: 1,
      remind_before: [0, 900],
    },
  };
  return { input, body };
}
