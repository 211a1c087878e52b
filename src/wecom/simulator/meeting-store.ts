/**
 * The meetings the simulator keeps: what create (or a test, through seedMeeting) put in, what
 * update, cancel and set_invitees changed since, and what the clock makes of it (status,
 * occurrences). Nothing here checks a request: the endpoints do, then call these.
 */
import { randomBytes, randomInt } from "node:crypto";
import type {
  CreateMeetingBody,
  MeetingRemindersBody,
  MeetingSettingsBody,
  UpdateMeetingBody,
} from "../wecom.types";
import { isRepeating, occurrenceStarts } from "./occurrences";

/** "this": the simulator's own app (the one whose secret gettoken knows); "other": another app of the corp. */
export type MeetingApp = "this" | "other";

/** 1 not started, 2 in progress, 3 ended, 4 cancelled. */
export type MeetingStatus = 1 | 2 | 3 | 4;

export interface Attendance {
  first_join_time: number;
  last_quit_time: number;
  total_join_count: number;
  cumulative_time: number;
}

/** What the store keeps of a meeting and what tests see of it alike: the create body's fields and more. */
interface MeetingRecord extends Omit<CreateMeetingBody, "invitees" | "settings"> {
  meetingid: string;
  app: MeetingApp;
  /** How it got here: through meeting/create, or seedMeeting(). */
  origin: "create" | "seed";
  /** The invitees' userids, in order, without repeats. */
  invitees: string[];
  /** As sent (no defaults filled in). */
  settings: MeetingSettingsBody;
  meeting_code: string;
  meeting_link: string;
  cancelled: boolean;
  /** ms epoch, by the simulator's clock. */
  created_at: number;
}

/** A kept meeting, as tests inspect it (a copy: changing it changes nothing). */
export interface SimMeeting extends MeetingRecord {
  /** From the clock, or 4 once cancelled. */
  status: MeetingStatus;
  /** Occurrences of a repeating meeting cancelled one by one (their sub_meetingid). */
  deleted_sub_meetingids: string[];
  attendees: Array<{ userid: string } & Attendance>;
}

/** What seedMeeting takes: any kept meeting's fields, unchecked; the rest has defaults. */
export interface SeedMeetingInput {
  meetingid?: string;
  app?: MeetingApp; // default "this"
  admin_userid?: string; // default "zhangsan"
  title?: string; // default "Seeded meeting"
  meeting_start?: number; // default an hour from now
  meeting_duration?: number; // default 3600
  description?: string;
  location?: string;
  agentid?: number;
  cal_id?: string;
  invitees?: string[];
  settings?: MeetingSettingsBody;
  reminders?: MeetingRemindersBody;
  meeting_code?: string;
  meeting_link?: string;
  cancelled?: boolean;
  deleted_sub_meetingids?: string[];
}

export interface Occurrence {
  sub_meetingid: string;
  start: number;
  end: number;
  deleted: boolean;
}

interface Kept extends MeetingRecord {
  deleted: Set<string>;
  attendance: Map<string, Attendance>;
}

/** A handle on a kept meeting for the endpoints; only the store changes it. */
export type KeptMeeting = Readonly<Kept>;

export class MeetingStore {
  private readonly kept = new Map<string, Kept>();
  private readonly codes = new Set<string>();

  /** Keeps what create accepted. `nowMs` is the simulator's clock. */
  create(body: CreateMeetingBody, nowMs: number): KeptMeeting {
    return this.keep({
      meetingid: this.newId(),
      app: "this",
      origin: "create",
      admin_userid: body.admin_userid,
      title: body.title,
      meeting_start: body.meeting_start,
      meeting_duration: body.meeting_duration,
      ...optional(body),
      invitees: unique(body.invitees?.userid ?? []),
      settings: structuredClone(body.settings ?? {}),
      meeting_code: this.newCode(),
      meeting_link: newLink(),
      cancelled: false,
      deleted: new Set(),
      attendance: new Map(),
      created_at: nowMs,
    });
  }

  /** Puts a meeting in as given, bypassing every check. Throws on a meetingid already kept. */
  seed(input: SeedMeetingInput, nowMs: number): KeptMeeting {
    const meetingid = input.meetingid ?? this.newId();
    if (this.kept.has(meetingid)) throw new Error(`seedMeeting: meeting ${meetingid} exists already`);
    return this.keep({
      meetingid,
      app: input.app ?? "this",
      origin: "seed",
      admin_userid: input.admin_userid ?? "zhangsan",
      title: input.title ?? "Seeded meeting",
      meeting_start: input.meeting_start ?? Math.floor(nowMs / 1000) + 3600,
      meeting_duration: input.meeting_duration ?? 3600,
      ...optional(input),
      invitees: unique(input.invitees ?? []),
      settings: structuredClone(input.settings ?? {}),
      meeting_code: input.meeting_code ?? this.newCode(),
      meeting_link: input.meeting_link ?? newLink(),
      cancelled: input.cancelled ?? false,
      deleted: new Set(input.deleted_sub_meetingids ?? []),
      attendance: new Map(),
      created_at: nowMs,
    });
  }

  get(meetingid: string): KeptMeeting | undefined {
    return this.kept.get(meetingid);
  }

  all(): KeptMeeting[] {
    return [...this.kept.values()];
  }

  clear(): void {
    this.kept.clear();
    this.codes.clear();
  }

  /** A meeting of this app created through create since `sinceMs` with the same four fields. */
  recentTwin(body: CreateMeetingBody, sinceMs: number): KeptMeeting | undefined {
    return this.all().find(
      (m) => m.app === "this" && m.origin === "create" && m.created_at > sinceMs
        && m.admin_userid === body.admin_userid && m.title === body.title
        && m.meeting_start === body.meeting_start && m.meeting_duration === body.meeting_duration,
    );
  }

  /**
   * Applies a checked update: invitees given replace the list, settings and reminders fields given
   * replace those fields (a nested list replaces the list), the other fields stay.
   */
  update(meeting: KeptMeeting, body: UpdateMeetingBody): void {
    const m = this.own(meeting);
    const startBefore = m.meeting_start;
    const remindersBefore = JSON.stringify(m.reminders);
    for (const key of ["title", "meeting_start", "meeting_duration", "description", "location", "agentid", "cal_id"] as const) {
      if (body[key] !== undefined) (m as unknown as Record<string, unknown>)[key] = body[key];
    }
    if (body.invitees) m.invitees = unique(body.invitees.userid);
    if (body.settings) m.settings = { ...m.settings, ...structuredClone(body.settings) };
    if (body.reminders) m.reminders = { ...m.reminders, ...structuredClone(body.reminders) };
    // A new schedule has new occurrences: the old ones' cancellations no longer apply.
    if (m.meeting_start !== startBefore || JSON.stringify(m.reminders) !== remindersBefore) m.deleted.clear();
  }

  setInvitees(meeting: KeptMeeting, userids: string[]): void {
    this.own(meeting).invitees = unique(userids);
  }

  cancel(meeting: KeptMeeting): void {
    this.own(meeting).cancelled = true;
  }

  /** Marks one occurrence deleted; the last one left going cancels the whole series. */
  deleteOccurrence(meeting: KeptMeeting, subMeetingid: string): void {
    const m = this.own(meeting);
    m.deleted.add(subMeetingid);
    if (occurrencesOf(m).every((o) => o.deleted)) m.cancelled = true;
  }

  join(meeting: KeptMeeting, userid: string, session: { firstJoin: number; lastQuit: number; seconds: number }): void {
    const m = this.own(meeting);
    const was = m.attendance.get(userid);
    m.attendance.set(userid, {
      first_join_time: was && was.first_join_time > 0 ? Math.min(was.first_join_time, session.firstJoin) : session.firstJoin,
      last_quit_time: session.lastQuit,
      total_join_count: (was?.total_join_count ?? 0) + 1,
      cumulative_time: (was?.cumulative_time ?? 0) + session.seconds,
    });
  }

  /**
   * This app's meetings where the user is the admin, a host or an invitee, by start then id.
   * A meeting not yet started is in when it starts at begin or later; one that has started must
   * also start by `end`.
   */
  listForUser(userid: string, window: { begin: number; end: number; now: number }): KeptMeeting[] {
    return this.all()
      .filter((m) => m.app === "this" && involves(m, userid))
      .filter((m) => m.meeting_start >= window.begin && (m.meeting_start > window.now || m.meeting_start <= window.end))
      .sort(byStartThenId);
  }

  /** A copy for tests. */
  snapshot(meeting: KeptMeeting, nowSeconds: number): SimMeeting {
    const { deleted, attendance, ...rest } = structuredClone(meeting) as Kept;
    return {
      ...rest,
      status: statusOf(meeting, nowSeconds),
      deleted_sub_meetingids: [...deleted],
      attendees: [...attendance].map(([userid, a]) => ({ userid, ...a })),
    };
  }

  private own(meeting: KeptMeeting): Kept {
    const m = this.kept.get(meeting.meetingid);
    if (!m) throw new Error(`meeting ${meeting.meetingid} is not kept`);
    return m;
  }

  private keep(m: Kept): Kept {
    this.kept.set(m.meetingid, m);
    this.codes.add(m.meeting_code);
    return m;
  }

  private newId(): string {
    return randomBytes(21).toString("base64url");
  }

  /** A 9-digit meeting number no kept meeting has. */
  private newCode(): string {
    let code: string;
    do code = String(randomInt(100_000_000, 1_000_000_000));
    while (this.codes.has(code));
    return code;
  }
}

/** Every occurrence of the meeting (one for a one-off meeting), deleted ones included. */
export function occurrencesOf(m: KeptMeeting): Occurrence[] {
  return occurrenceStarts(m.meeting_start, m.reminders).map((start) => ({
    sub_meetingid: String(start),
    start,
    end: start + m.meeting_duration,
    deleted: m.deleted.has(String(start)),
  }));
}

/** Cancelled (4), else from the clock over the occurrences left: one under way (2), one to come (1), else ended (3). */
export function statusOf(m: KeptMeeting, nowSeconds: number): MeetingStatus {
  if (m.cancelled) return 4;
  const left = occurrencesOf(m).filter((o) => !o.deleted);
  if (left.some((o) => o.start <= nowSeconds && nowSeconds < o.end)) return 2;
  if (left.some((o) => o.start > nowSeconds)) return 1;
  return 3;
}

export function meetingType(m: KeptMeeting): 0 | 1 {
  return isRepeating(m.reminders) ? 1 : 0;
}

function involves(m: KeptMeeting, userid: string): boolean {
  return m.admin_userid === userid || m.invitees.includes(userid) || (m.settings.hosts?.userid ?? []).includes(userid);
}

function byStartThenId(a: KeptMeeting, b: KeptMeeting): number {
  return a.meeting_start - b.meeting_start || (a.meetingid < b.meetingid ? -1 : a.meetingid > b.meetingid ? 1 : 0);
}

/** The optional scalar fields and reminders, copied only when present. */
function optional(src: Pick<Partial<CreateMeetingBody>, "description" | "location" | "agentid" | "cal_id" | "reminders">): Partial<Kept> {
  const out: Partial<Kept> = {};
  if (src.description !== undefined) out.description = src.description;
  if (src.location !== undefined) out.location = src.location;
  if (src.agentid !== undefined) out.agentid = src.agentid;
  if (src.cal_id !== undefined) out.cal_id = src.cal_id;
  if (src.reminders !== undefined) out.reminders = structuredClone(src.reminders);
  return out;
}

function unique(userids: readonly string[]): string[] {
  return [...new Set(userids)];
}

function newLink(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let path = "";
  for (let i = 0; i < 12; i++) path += alphabet[randomInt(alphabet.length)];
  return `https://meeting.tencent.com/dm/${path}`;
}
