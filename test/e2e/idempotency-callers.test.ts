// Whose an idempotency key is, and who pays for finding out what a create made (CONTRACT §6,
// §8, §9): two instances sharing a real redis-server (budgets are counted there), a service
// caller and users signed in with WeCom.
import { randomUUID } from "node:crypto";
import { LOOKUP_MAX_DETAILS } from "../../src/meeting/idempotency/meeting-lookup";
import { codeOf, extensionsOf, gql, idOf } from "../support/helpers";
import { useInstancesSharingRedis } from "../support/fixture";
import type { GatewayProcess } from "../support/gateway";
import { minimalInput, unix } from "../support/inputs";

const SERVICE_KEY = "idempotency-callers-service-key-0123";
const USER_BUDGET = 60;
const { sim, a, b } = useInstancesSharingRedis({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: SERVICE_KEY,
  GATEWAY_SESSION_SECRET: "idempotency-callers-session-secret-0123456789",
  GATEWAY_UPSTREAM_RATE_PER_MINUTE: "400",
  GATEWAY_USER_RATE_PER_MINUTE: String(USER_BUDGET),
});
const service = { authorization: `Bearer ${SERVICE_KEY}` };

const CREATE = "mutation($input: CreateMeetingInput!, $key: String) { createMeeting(input: $input, idempotencyKey: $key) { id } }";
const create = (via: GatewayProcess, input: Record<string, unknown>, key: string | undefined, headers: Record<string, string>) =>
  gql(via, CREATE, { input, key }, headers);

const sessions = new Map<string, Record<string, string>>();
/** The Authorization header of `userid`, signed in as a WeCom H5 app does (once per file: sessions outlive the simulator's reset). */
async function as(userid: string): Promise<Record<string, string>> {
  if (!sessions.has(userid)) {
    const answer = await gql(a, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
    sessions.set(userid, { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` });
  }
  return sessions.get(userid)!;
}

/** The meeting calls WeCom received so far, by endpoint. */
const received = () => ({
  create: sim.calls("meeting/create").length,
  list: sim.calls("meeting/get_user_meetingid").length,
  info: sim.calls("meeting/get_info").length,
});
const since = (before: ReturnType<typeof received>) => {
  const now = received();
  return { create: now.create - before.create, list: now.list - before.list, info: now.info - before.info };
};

/** `userid` invited to `count` other meetings, all starting after `start`: what a lookup from that start lists. */
function invite(userid: string, count: number, start: string): void {
  for (let i = 1; i <= count; i++) sim.seedMeeting({ admin_userid: "zhangsan", invitees: [userid], title: `Invited ${i}`, meeting_start: unix(new Date(start)) + 60 * i });
}

/** Bob reads his own meeting: what a user spending the corp's get_info budget would break. */
async function bobReadsHisMeeting(): Promise<void> {
  const id = sim.seedMeeting({ admin_userid: "bob", title: "Bob's" });
  const read = await gql(b, "query($id: ID!) { meeting(id: $id) { title } }", { id }, await as("bob"));
  expect(read.body.errors).toBeUndefined();
  expect(read.body.data.meeting.title).toBe("Bob's");
}

describe("lookups are bounded and paid by the user whose request needs them", () => {
  beforeEach(() => {
    sim.duplicateCheck = true;
  });

  test("a user repeating one unkeyed create: each repeat is WECOM_ERROR 400301 after one create and no lookup; another user still reads", async () => {
    const input = minimalInput({ adminUserId: undefined, title: `unkeyed ${randomUUID().slice(0, 8)}` });
    invite("alice", 990, input.meetingStart);
    const alice = await as("alice");
    expect(idOf(await create(a, input, undefined, alice))).toEqual(expect.any(String));

    const before = received();
    const repeats = [];
    for (let i = 0; i < 6; i++) repeats.push(await create(i % 2 ? a : b, input, undefined, alice));

    for (const repeat of repeats) {
      expect(extensionsOf(repeat)).toMatchObject({ code: "WECOM_ERROR", errcode: 400301, hint: expect.stringMatching(/5 minutes/) });
    }
    expect(since(before)).toEqual({ create: 6, list: 0, info: 0 });
    await bobReadsHisMeeting();
  });

  test("a user's fresh keys meeting 400301: each lookup reads a bounded number of meetings, from that user's budget, and the corp's stays for others", async () => {
    const input = minimalInput({ adminUserId: undefined, title: `keyed ${randomUUID().slice(0, 8)}` });
    invite("carol", 990, input.meetingStart);
    const carol = await as("carol");
    const start = received();
    expect(idOf(await create(a, input, randomUUID(), carol))).toEqual(expect.any(String));

    const before = received();
    const first = await create(b, input, randomUUID(), carol);
    // The identical meeting is the first key's; the others are too many to read: WeCom's answer stands.
    expect(extensionsOf(first)).toMatchObject({ code: "WECOM_ERROR", errcode: 400301 });
    expect(since(before)).toEqual({ create: 1, list: 1, info: LOOKUP_MAX_DETAILS });

    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await create(i % 2 ? a : b, input, randomUUID(), carol));
    // Everything Carol's requests sent came out of her own budget; then she is refused, not the corp.
    const sent = since(start);
    expect(sent.create + sent.list + sent.info).toBeLessThanOrEqual(USER_BUDGET);
    expect(extensionsOf(answers[answers.length - 1])).toMatchObject({ code: "RATE_LIMITED", scope: "USER" });
    await bobReadsHisMeeting();
  });
});

describe("each caller's keys are its own, whatever the key's text", () => {
  test("a service key spelling a user's namespace neither gets that user's meeting nor blocks its key", async () => {
    const alice = await as("alice");
    const input = minimalInput({ adminUserId: "alice", title: `namespaces ${randomUUID().slice(0, 8)}` });
    const hers = await create(a, { ...input, adminUserId: undefined }, "k1", alice);
    expect(idOf(hers)).toEqual(expect.any(String));

    const services = await create(b, input, "user:alice\u0000k1", service);
    expect(idOf(services)).toEqual(expect.any(String));
    expect(idOf(services)).not.toBe(idOf(hers));
    expect(sim.calls("meeting/create")).toHaveLength(2);

    // A service pre-claiming what was Alice's k2 under the old namespacing: Alice's k2 is still hers.
    expect(idOf(await create(b, { ...input, title: "claimed first" }, "user:alice\u0000k2", service))).toEqual(expect.any(String));
    const alicesK2 = await create(a, { ...input, adminUserId: undefined }, "k2", alice);
    expect(codeOf(alicesK2)).toBeUndefined();
    expect(idOf(alicesK2)).toEqual(expect.any(String));
    expect(sim.calls("meeting/create")).toHaveLength(4);
  });
});
