import { createHash } from "node:crypto";
import { useInstancesSharingRedis } from "../support/fixture";
import { codeOf, gql } from "../support/helpers";

// Two instances behind one Redis: one corp ticket and one app ticket for both (WeCom allows
// 100 fetches an hour per app, so each instance fetching its own would not scale).

const ORIGIN = "https://meetings.example.com";
const { sim, a, b } = useInstancesSharingRedis({ WECOM_AGENT_ID: "1000002", GATEWAY_JSAPI_ORIGINS: ORIGIN });

const SIGNATURES = `query($url: String!) { jsApiSignatures(url: $url) { corp { timestamp nonceStr signature } app { timestamp nonceStr signature } } }`;

test("40 pages on two instances at once: each ticket fetched once, and both instances sign with it", async () => {
  const url = `${ORIGIN}/meetings`;
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => gql(i % 2 ? a : b, SIGNATURES, { url })));

  expect(answers.map(codeOf)).toEqual(Array(40).fill(undefined));
  expect(sim.calls("get_jsapi_ticket")).toHaveLength(1);
  expect(sim.calls("ticket/get")).toHaveLength(1);
  for (const { body } of answers) {
    for (const [kind, s] of [["corp", body.data.jsApiSignatures.corp], ["app", body.data.jsApiSignatures.app]] as const) {
      const text = `jsapi_ticket=${sim.ticketsIssued(kind)[0]}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${url}`;
      expect(s.signature).toBe(createHash("sha1").update(text).digest("hex"));
    }
  }
});
