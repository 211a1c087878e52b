/**
 * `npm run bench:company`: a company on one corp's WeCom budget (CONTRACT §11). Not a test: it
 * prints figures.
 *
 * Two production gateways share one redis-server in front of the stateful simulator. A cell of
 * the company (BENCH_COMPANY_SAMPLE people, each in about 20 meetings shared with 2 to 6 others)
 * runs with time compressed BENCH_COMPANY_SPEEDUP times (the stale bounds, the refresh interval
 * and every rate alike): each person refreshes a list of their meetings once a (simulated) minute
 * (±10 %), opens one of them on one refresh in ten, and 1 % of them a minute create, move or
 * cancel one. Each write through one instance is checked on the other at once (the meeting and
 * the listings it affects, read before the write so they were kept). Twice a minute a meeting is
 * changed in the simulator directly (another app), and a probe reads until the change shows.
 *
 * After a warm-up of one far bound, upstream calls are counted per endpoint, normalised to the
 * refreshes the cell was due (a loaded machine that falls behind does not flatter the figures),
 * and projected to each company size in BENCH_COMPANY_PEOPLE: the cell's structure (meetings per
 * person, people per meeting) does not change with the company's size, so calls scale with it.
 *
 *   BENCH_COMPANY_PEOPLE (2000,10000)  BENCH_COMPANY_SAMPLE (100)  BENCH_COMPANY_SPEEDUP (12: 60 and 900 s bounds → 5 and 75 s)
 *   BENCH_COMPANY_MINUTES (27 simulated, the first 15 warm-up)  BENCH_COMPANY_MODES (off,on)
 *   BENCH_COMPANY_LISTING_SECONDS (unset: listings kept for the near bound, as by default; else
 *   GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS, in simulated seconds)
 *   BENCH_COMPANY_OFF_SAMPLE (30: with the cache off every refresh costs ~21 calls whatever the cell's size,
 *   so a smaller cell keeps the machine from being the bottleneck)
 */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { WecomSimulator } from "../src/wecom/simulator";
import { RedisProcess } from "./redis-process";
import { API_KEY, BENCH_DIR, fmt, intEnv, run, startGateway, table, type Server } from "./support";

const list = (name: string, fallback: string) => (process.env[name]?.trim() || fallback).split(",").map((s) => s.trim()).filter(Boolean);
const config = {
  people: list("BENCH_COMPANY_PEOPLE", "2000,10000").map(Number),
  sample: intEnv("BENCH_COMPANY_SAMPLE", 100),
  speedup: intEnv("BENCH_COMPANY_SPEEDUP", 12),
  minutes: intEnv("BENCH_COMPANY_MINUTES", 27),
  modes: list("BENCH_COMPANY_MODES", "off,on"),
  offSample: intEnv("BENCH_COMPANY_OFF_SAMPLE", 30),
  listingSeconds: process.env.BENCH_COMPANY_LISTING_SECONDS ? intEnv("BENCH_COMPANY_LISTING_SECONDS", NaN) : undefined,
};
const READS = new Set(["meeting/get_user_meetingid", "meeting/get_info", "meeting/get_invitees"]);
const WARMUP_MINUTES = 15; // the far bound: every kind of entry has expired and been read again once
const NEAR_S = 60;
const FAR_S = 900;
const WECOM = { perMinute: 10_000, perHour: 150_000 };
const ENDPOINTS = ["meeting/get_user_meetingid", "meeting/get_info", "meeting/get_invitees", "meeting/create", "meeting/update", "meeting/cancel"];
const HEADERS = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };
const say = (line = "") => process.stdout.write(`${line}\n`);

interface Kept { id: string; admin: string; invitees: string[]; start: number; cancelled: boolean }
interface Outcome {
  mode: string; cell: number; due: number; done: number; calls: Map<string, number[]>; windowMin: number;
  hits: Record<string, [number, number]>; checks: number; stale: number; invisible: Record<"near meeting" | "far meeting" | "listing", number[]>; errors: string[];
}

/** Wall milliseconds for simulated seconds. */
const wall = (simSeconds: number) => (simSeconds * 1000) / config.speedup;

async function gql(gateway: Server, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { ...HEADERS, ...headers }, body: JSON.stringify({ query, variables }) });
  return res.json();
}
const LIST = "query($u: String!, $first: Int) { meetings(userId: $u, first: $first) { edges { node { id title meetingStart status } } } }";
const OPEN = "query($id: ID!) { meeting(id: $id) { title meetingCode meetingLink invitees attendees { userId joined } } }";
const READ = "query($id: ID!) { meeting(id: $id) { title meetingStart status } }";

async function runMode(mode: string): Promise<Outcome> {
  const sim = await WecomSimulator.start();
  sim.advanced = true;
  const redis = await RedisProcess.start(join(BENCH_DIR, `company-redis-${mode}.log`));
  const bounds = mode === "on" ? { near: NEAR_S / config.speedup, far: FAR_S / config.speedup } : { near: 0, far: 0 };
  const env = {
    REDIS_URL: redis.url, WECOM_CORP_ID: sim.corpId, WECOM_CORP_SECRET: sim.corpSecret,
    GATEWAY_CACHE_MAX_STALE_SECONDS: String(bounds.near), GATEWAY_CACHE_MAX_STALE_FAR_SECONDS: String(bounds.far),
    ...(mode === "on" && config.listingSeconds !== undefined ? { GATEWAY_CACHE_MAX_STALE_LISTING_SECONDS: String(Math.round(config.listingSeconds / config.speedup)) } : {}),
  };
  const gateways = [await startGateway(`company-${mode}-a`, sim.url, env), await startGateway(`company-${mode}-b`, sim.url, env)];
  const pick = () => gateways[Math.floor(Math.random() * 2)];
  const other = (g: Server) => (g === gateways[0] ? gateways[1] : gateways[0]);

  // The cell: people, and meetings shared among them (5 % within the hour, the rest over ±14 days).
  const cell = Math.min(mode === "on" ? config.sample : config.offSample, ...config.people);
  const people = Array.from({ length: cell }, (_, i) => `p${i}`);
  const meetings: Kept[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < (people.length * 20) / 5; i++) {
    const [admin, ...invitees] = shuffled(people).slice(0, 3 + Math.floor(Math.random() * 5));
    const start = Math.random() < 0.05 ? now + Math.floor((Math.random() - 0.5) * 7200) : now + Math.floor((Math.random() - 0.5) * 28 * 86400);
    const id = sim.seedMeeting({ admin_userid: admin, invitees, meeting_start: start, title: `Meeting ${i}` });
    meetings.push({ id, admin, invitees, start, cancelled: false });
  }

  const outcome: Outcome = { mode, cell, due: 0, done: 0, calls: new Map(), windowMin: 0, hits: {}, checks: 0, stale: 0, invisible: { "near meeting": [], "far meeting": [], listing: [] }, errors: [] };
  const began = Date.now();
  const endsAt = began + wall(config.minutes * 60);
  const measureFrom = began + wall(WARMUP_MINUTES * 60);
  const measuring = () => Date.now() >= measureFrom;
  const tasks: Array<Promise<void>> = [];
  const inFlight = new Set<Promise<void>>();
  const guard = (work: () => Promise<void>) => {
    const done = work().catch((error: Error) => void outcome.errors.push(error.message));
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
    return done;
  };

  // Everyone refreshes once a minute (±10 %, timed from one refresh's start to the next, as a
  // frontend's timer does), from a random phase; one refresh in ten opens a meeting.
  for (const person of people) {
    tasks.push((async () => {
      let next = Date.now() + Math.random() * wall(60);
      for (;;) {
        await sleep(Math.max(0, next - Date.now()));
        if (Date.now() >= endsAt) return;
        next += wall(60 * (0.9 + Math.random() * 0.2));
        if (measuring()) outcome.done++;
        await guard(async () => {
          const answer = await gql(pick(), LIST, { u: person, first: 20 });
          if (answer.errors) throw new Error(answer.errors[0].message);
          const ids: string[] = answer.data.meetings.edges.map((e: any) => e.node.id);
          if (ids.length > 0 && Math.random() < 0.1) await gql(pick(), OPEN, { id: ids[Math.floor(Math.random() * ids.length)] });
        });
        next = Math.max(next, Date.now()); // fallen behind (a loaded machine): skip, never burst
      }
    })());
  }

  // 1 % of the people a minute write: create (half), move, cancel; each checked on the other instance.
  tasks.push((async () => {
    while (Date.now() < endsAt) {
      for (let i = 0; i < Math.max(1, Math.round(people.length / 100)); i++) void guard(() => write(pick()));
      await sleep(wall(60));
    }
  })());
  async function write(via: Server): Promise<void> {
    const roll = Math.random();
    const upcoming = meetings.filter((m) => !m.cancelled && m.start > Date.now() / 1000 + 7200);
    if (roll < 0.5 || upcoming.length === 0) {
      const [admin, ...invitees] = shuffled(people).slice(0, 3 + Math.floor(Math.random() * 4));
      const start = Math.floor(Date.now() / 1000) + 86400 + Math.floor(Math.random() * 7 * 86400);
      await gql(other(via), LIST, { u: invitees[0], first: 100 }); // kept before the write
      const made = answered(await gql(via, "mutation($i: CreateMeetingInput!) { createMeeting(input: $i) { id } }", { i: { adminUserId: admin, invitees, title: "Made now", meetingStart: new Date(start * 1000).toISOString(), meetingDuration: 1800 } }));
      const id = made.createMeeting.id;
      meetings.push({ id, admin, invitees, start, cancelled: false });
      check(answered(await gql(other(via), LIST, { u: invitees[0], first: 100 })).meetings.edges.some((e: any) => e.node.id === id));
      return;
    }
    const m = upcoming[Math.floor(Math.random() * upcoming.length)];
    const watcher = m.invitees[0] ?? m.admin;
    await Promise.all([gql(other(via), READ, { id: m.id }), gql(other(via), LIST, { u: watcher, first: 100 })]);
    if (roll < 0.8) {
      const start = m.start + 3600;
      answered(await gql(via, "mutation($id: ID!, $at: DateTimeISO!) { updateMeeting(id: $id, input: { meetingStart: $at }) { id } }", { id: m.id, at: new Date(start * 1000).toISOString() }));
      m.start = start;
      check(Date.parse(answered(await gql(other(via), READ, { id: m.id })).meeting.meetingStart) === m.start * 1000);
    } else {
      answered(await gql(via, "mutation($id: ID!) { cancelMeeting(id: $id) { id } }", { id: m.id }));
      m.cancelled = true;
      check(answered(await gql(other(via), READ, { id: m.id })).meeting.status === "CANCELLED");
      const listed = answered(await gql(other(via), LIST, { u: watcher, first: 100 })).meetings.edges.find((e: any) => e.node.id === m.id);
      check(!listed || listed.node.status === "CANCELLED");
    }
  }
  /** The answer's data; an answer with errors is an error of the run, not a stale read. */
  function answered(answer: any): any {
    if (answer.errors || !answer.data) throw new Error(answer.errors?.[0]?.message ?? "no data");
    return answer.data;
  }
  function check(fresh: boolean): void {
    outcome.checks++;
    if (!fresh) outcome.stale++;
  }

  // Twice a minute, a change made elsewhere: a title changed, or a meeting made for someone; probed until it shows.
  tasks.push((async () => {
    await sleep(wall(WARMUP_MINUTES * 60 - 60));
    // Probes started late may outlast the window (a far meeting's change takes up to the far bound): awaited at the end.
    for (let n = 0; Date.now() < endsAt - wall(NEAR_S * 2); n++) {
      const m = meetings[Math.floor(Math.random() * meetings.length)];
      const person = people[Math.floor(Math.random() * people.length)];
      if (n % 2 === 0) {
        await gql(pick(), READ, { id: m.id });
        const title = `Changed elsewhere ${n}`;
        sim.alterMeeting(m.id, { title });
        const near = Math.abs(m.start - Date.now() / 1000) < 3600 + 1800;
        void guard(() => probe(outcome.invisible[near ? "near meeting" : "far meeting"], async () => (await gql(pick(), READ, { id: m.id })).data.meeting.title === title));
      } else {
        await gql(pick(), LIST, { u: person, first: 100 });
        const id = sim.seedMeeting({ admin_userid: person, meeting_start: Math.floor(Date.now() / 1000) + 600, title: `Made elsewhere ${n}` });
        void guard(() => probe(outcome.invisible.listing, async () => (await gql(pick(), LIST, { u: person, first: 100 })).data.meetings.edges.some((e: any) => e.node.id === id)));
      }
      await sleep(wall(30));
    }
  })());
  async function probe(into: number[], shows: () => Promise<boolean>): Promise<void> {
    const since = Date.now();
    while (!(await shows())) {
      if (Date.now() - since > wall(FAR_S * 2)) throw new Error("never showed");
      await sleep(wall(2));
    }
    into.push(((Date.now() - since) * config.speedup) / 1000);
  }

  await Promise.all(tasks);
  const windowEnd = Date.now();
  await Promise.all(inFlight);
  outcome.windowMin = ((windowEnd - measureFrom) * config.speedup) / 60_000;
  outcome.due = people.length * outcome.windowMin;
  for (const endpoint of ENDPOINTS) {
    outcome.calls.set(endpoint, sim.calls(endpoint).filter((r) => r.at >= measureFrom && r.at < windowEnd).map((r) => ((r.at - measureFrom) * config.speedup) / 60_000));
  }
  for (const g of gateways) {
    const text = await (await fetch(`${g.url}/metrics`)).text();
    for (const [, kind, event, value] of text.matchAll(/^gateway_cache_events_total\{kind="(\w+)",event="(hit|miss)"\} (\d+)/gm)) {
      const pair = (outcome.hits[kind] ??= [0, 0]);
      pair[event === "hit" ? 0 : 1] += Number(value);
    }
  }
  await Promise.all(gateways.map((g) => g.stop()));
  await redis.stop();
  await sim.close();
  return outcome;
}

function report(o: Outcome): void {
  const keptUp = o.due > 0 ? o.done / o.due : 1;
  say(`\ncache ${o.mode}: a cell of ${o.cell}; ${fmt(o.windowMin, 1)} simulated minutes measured; ${fmt(o.done)} of ${fmt(o.due)} refreshes due were started (${fmt(keptUp * 100, 1)} %); ${o.errors.length} errors${o.errors.length ? ` (first: ${o.errors[0]})` : ""}`);
  const rows = [["endpoint", ...config.people.flatMap((n) => [`${n}: /min avg`, "peak", "% of 10,000", "/hour", "% of 150,000"])]];
  for (const [endpoint, minutes] of o.calls) {
    const perMinute = Array.from({ length: Math.ceil(o.windowMin) }, () => 0);
    for (const m of minutes) perMinute[Math.min(perMinute.length - 1, Math.floor(m))]++;
    const full = perMinute.slice(0, Math.floor(o.windowMin)); // whole simulated minutes only, for the peak
    // Reads follow the refreshes (scaled to those due); writes come at their own rate.
    const due = READS.has(endpoint) ? keptUp : 1;
    const avg = minutes.length / o.windowMin / due;
    const peak = Math.max(0, ...full) / due;
    rows.push([endpoint, ...config.people.flatMap((n) => {
      const scale = n / o.cell;
      return [fmt(avg * scale), fmt(peak * scale), fmt((peak * scale * 100) / WECOM.perMinute, 1), fmt(avg * scale * 60), fmt((avg * scale * 60 * 100) / WECOM.perHour, 1)];
    })]);
  }
  say(table(rows));
  const rates = Object.entries(o.hits).map(([kind, [hit, miss]]) => `${kind} ${fmt((hit * 100) / Math.max(1, hit + miss), 1)} %`);
  if (rates.length > 0) say(`hit rate: ${rates.join(", ")}`);
  say(`stale reads after writes: ${o.stale} of ${o.checks} checks`);
  const longest = (values: number[]) => (values.length ? `${fmt(Math.max(...values))} s (median ${fmt(values.sort((a, b) => a - b)[values.length >> 1])} s, ${values.length} changes)` : "none measured");
  say(`longest an outside change stayed invisible (simulated seconds): ${Object.entries(o.invisible).map(([kind, values]) => `${kind} ${longest(values)}`).join("; ")}`);
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

run("bench:company", async () => {
  if (60 % config.speedup !== 0 || 900 % config.speedup !== 0) throw new Error("BENCH_COMPANY_SPEEDUP must divide 60 (the bounds are whole seconds)");
  say(`bench:company: a cell of ${Math.min(config.sample, ...config.people)} people (${Math.min(config.offSample, ...config.people)} with the cache off) projected to ${config.people.join(" and ")}; time ${config.speedup}× faster (bounds ${NEAR_S / config.speedup} s and ${FAR_S / config.speedup} s${config.listingSeconds !== undefined ? `, listings ${Math.round(config.listingSeconds / config.speedup)} s` : ""}, a refresh every ${fmt(60 / config.speedup, 1)} s); ${config.minutes} simulated minutes, the first ${WARMUP_MINUTES} warm-up`);
  for (const mode of config.modes) report(await runMode(mode));
  return 0;
});
