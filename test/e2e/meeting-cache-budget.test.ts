// Budgets count the calls actually made (CONTRACT §9, §11): a listing served from what is kept
// costs nothing, and one whose detail reads the caller's budget cannot cover is refused before
// any is sent, never half-way.
import { useGateway } from "../support/fixture";
import { extensionsOf, gql } from "../support/helpers";
import { tomorrow, unix } from "../support/inputs";

const BUDGET = 30;
const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_API_KEYS: "budget-test-key-0123456789",
  GATEWAY_SESSION_SECRET: "meeting-cache-budget-secret-0123456789",
  GATEWAY_USER_RATE_PER_MINUTE: String(BUDGET),
});

async function signedIn(userid: string): Promise<Record<string, string>> {
  const answer = await gql(gateway, "mutation($code: String!) { signInWithWecom(code: $code) { token } }", { code: sim.oauthCode(userid) });
  return { authorization: `Bearer ${answer.body.data.signInWithWecom.token}` };
}
const seed = (userid: string, n: number) => {
  for (let i = 0; i < n; i++) sim.seedMeeting({ admin_userid: userid, title: `Meeting ${i}`, meeting_start: unix(tomorrow(i * 600)) });
};
const TITLES = "query($first: Int) { meetings(first: $first) { edges { node { title } } } }";

test("a user who lists 20 meetings six times in a minute gets the whole list every time, for 21 upstream calls", async () => {
  seed("budget-lister", 20);
  const as = await signedIn("budget-lister");
  for (let i = 0; i < 6; i++) {
    const answer = await gql(gateway, TITLES, { first: 20 }, as);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.meetings.edges).toHaveLength(20);
  }
  expect(sim.calls("meeting/get_user_meetingid")).toHaveLength(1);
  expect(sim.calls("meeting/get_info")).toHaveLength(20);
});

test("a listing whose detail reads the budget cannot cover is refused before any is sent", async () => {
  seed("budget-greedy", 40);
  const as = await signedIn("budget-greedy");
  const refused = await gql(gateway, TITLES, { first: 40 }, as);
  expect(extensionsOf(refused)).toMatchObject({ code: "RATE_LIMITED", scope: "USER" });
  expect(refused.body.data).toBeNull();
  expect(sim.calls("meeting/get_info")).toHaveLength(0);
  // What fits is answered whole.
  const fits = await gql(gateway, TITLES, { first: 20 }, as);
  expect(fits.body.errors).toBeUndefined();
  expect(fits.body.data.meetings.edges).toHaveLength(20);
});
