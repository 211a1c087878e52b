// What one request may cost: the WeCom calls it can cause (priced with its variables before it
// runs, counted as they are sent) and the size of its errors.
import { useGateway } from "../support/fixture";
import { productionEnv, startGateway } from "../support/gateway";
import { gql } from "../support/helpers";

const { sim, gateway } = useGateway();

/** n upcoming meetings of `admin`, an hour apart, each with `invitees` invitees; their ids. */
function seed(n: number, admin: string, invitees = 0): string[] {
  const first = Math.floor(Date.now() / 1000) + 3600;
  return Array.from({ length: n }, (_, i) =>
    sim.seedMeeting({ admin_userid: admin, meeting_start: first + i * 3600, title: `m${i}`, invitees: Array.from({ length: invitees }, (_, j) => `guest${j}`) }),
  );
}

/** `count` aliases of one field, a0 … */
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ");

describe("priced before it runs, with its variables and the schema's defaults", () => {
  beforeEach(() => {
    sim.advanced = true; // get_invitees works: each invitees field would read it
  });

  test("30 listings of invitees with first: $n (n = 100) are refused as the literal first: 100 is: HTTP 400, nothing sent", async () => {
    seed(3, "u1", 5);
    const byVariable = await gql(
      gateway,
      `query($n: Int) { ${aliases(30, 'meetings(userId: "u1", first: $n) { edges { node { invitees } } }')} }`,
      { n: 100 },
    );
    const byLiteral = await gql(gateway, `{ ${aliases(30, 'meetings(userId: "u1", first: 100) { edges { node { invitees } } }')} }`);
    for (const answer of [byVariable, byLiteral]) {
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toEqual([
        {
          message: expect.stringMatching(/up to 3090 WeCom calls; one request may make at most 500/),
          extensions: { code: "TOO_MANY_UPSTREAM_CALLS", limit: 500, estimate: 3090 },
        },
      ]);
    }
    expect(sim.requests).toHaveLength(0);
  });

  test("a variable's default and the schema's default (first: 20) are priced too", async () => {
    seed(3, "u1");
    const defaulted = [
      `{ ${aliases(30, 'meetings(userId: "u1") { edges { node { title } } }')} }`,
      `query($n: Int = 100) { ${aliases(30, 'meetings(userId: "u1", first: $n) { edges { node { title } } }')} }`,
    ];
    for (const query of defaulted) {
      const answer = await gql(gateway, query);
      expect({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code: "TOO_MANY_UPSTREAM_CALLS" });
    }
    expect(sim.requests).toHaveLength(0);
  });

  test("GATEWAY_MAX_COST prices first: $n as it prices first: 100 (graphql-armor's rule read only the literal)", async () => {
    const fields = "id title adminUserId meetingStart meetingDuration meetingEnd description location calId status meetingCode meetingLink excessUsers invitees";
    const byVariable = await gql(gateway, `query($n: Int) { meetings(userId: "u1", first: $n) { edges { node { ${fields} } } } }`, { n: 100 });
    const byLiteral = await gql(gateway, `{ meetings(userId: "u1", first: 100) { edges { node { ${fields} } } } }`);
    for (const answer of [byVariable, byLiteral]) {
      expect({ status: answer.status, message: answer.body.errors?.[0]?.message }).toEqual({ status: 400, message: "Query Cost limit of 5000 exceeded, found 5675." });
    }
    expect(sim.requests).toHaveLength(0);
  });

  test("a full page of 100 with details and invitees (203 calls at most) is answered", async () => {
    seed(100, "u1", 2);
    const answer = await gql(gateway, 'query($n: Int) { meetings(userId: "u1", first: $n) { edges { node { title status invitees } } } }', { n: 100 });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.meetings.edges).toHaveLength(100);
    expect(answer.body.data.meetings.edges[0].node.invitees).toEqual(["guest0", "guest1"]);
  });
});

test("the cap holds as calls are made: invitee pages past GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST are not sent, and say why", async () => {
  const strict = await startGateway(productionEnv(sim, { GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST: "20" }));
  try {
    sim.advanced = true;
    sim.inviteesPageSize = 1;
    seed(3, "u1", 10); // 1 list call, then 10 get_invitees pages per meeting: 31 calls; priced 3 + 3 before it runs
    const answer = await gql(strict, 'query($n: Int) { meetings(userId: "u1", first: $n) { edges { node { id invitees } } } }', { n: 3 });
    const meetingCalls = sim.requests.filter((r) => r.path.startsWith("/cgi-bin/meeting/"));
    expect(meetingCalls).toHaveLength(20);
    // invitees is non-null: the error reaches the root and nothing is answered, so the status says why.
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    for (const error of answer.body.errors!) {
      expect(error.extensions).toEqual({ code: "TOO_MANY_UPSTREAM_CALLS", limit: 20 });
      expect(error.message).toMatch(/made the 20 WeCom calls one request may make; nothing was sent to meeting\/get_invitees/);
    }
    // The next request has a cap of its own.
    sim.inviteesPageSize = 100;
    const next = await gql(strict, 'query($n: Int) { meetings(userId: "u1", first: $n) { edges { node { invitees } } } }', { n: 3 });
    expect(next.body.errors).toBeUndefined();
  } finally {
    await strict.stop();
  }
});

test("an answer lists at most 30 errors, then TOO_MANY_ERRORS with how many more there were", async () => {
  seed(40, "u2");
  // Every get_info fails: each of the 5 nullable detail fields of the 40 meetings answers an error of its own.
  sim.endpoint("meeting/get_info").failNext(...Array.from({ length: 40 }, () => ({ errcode: 40058, errmsg: "invalid param" })));
  const answer = await gql(
    gateway,
    'query($n: Int) { meetings(userId: "u2", first: $n) { edges { node { id description location calId meetingCode meetingLink } } } }',
    { n: 40 },
  );
  expect(answer.status).toBe(200);
  expect(answer.body.data.meetings.edges).toHaveLength(40);
  expect(answer.body.data.meetings.edges[39].node).toEqual(expect.objectContaining({ id: expect.any(String), description: null }));
  const errors = answer.body.errors!;
  expect(errors).toHaveLength(31);
  expect(errors.slice(0, 30).every((e: { extensions?: Record<string, unknown> }) => e.extensions?.code === "WECOM_ERROR")).toBe(true);
  expect(errors[30]).toEqual({
    message: "…and 170 more errors, not listed: an answer lists at most 30.",
    extensions: { code: "TOO_MANY_ERRORS", omitted: 170 },
  });
  expect(JSON.stringify(answer.body).length).toBeLessThan(30_000);
});
