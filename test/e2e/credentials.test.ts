import { CreateOnlyDocument } from "../../schema/generated/graphql";
import { useGateway } from "../support/fixture";
import { minimalInput } from "../support/inputs";

// Upstream bans an IP for an hour after repeated secret errors: a refused secret must be
// remembered, not retried on every request.
const WRONG_SECRET = "not-the-secret-0123456789";

const { sim, gateway } = useGateway({ WECOM_CORP_SECRET: WRONG_SECRET });

test("fifty creates in a row with a wrong corp secret cause at most two gettoken calls", async () => {
  const answers = [];
  for (let i = 0; i < 50; i++) answers.push(await gateway.request(CreateOnlyDocument, { input: minimalInput() }));

  expect(sim.tokenRequests).toBeGreaterThanOrEqual(1);
  expect(sim.tokenRequests).toBeLessThanOrEqual(2);
  expect(sim.createRequests).toHaveLength(0);
  for (const { body } of answers) {
    expect(body.data?.createMeeting ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: "WECOM_ERROR",
      errcode: 40001,
      errmsg: expect.any(String),
      hint: expect.stringMatching(/secret/i),
    });
  }
});

test("twenty concurrent creates with a wrong secret share the remembered refusal", async () => {
  const before = sim.tokenRequests;
  await Promise.all(Array.from({ length: 20 }, () => gateway.request(CreateOnlyDocument, { input: minimalInput() })));
  expect(sim.tokenRequests - before).toBe(0);
});

test("the refusal is logged once, clearly, without the secret", () => {
  const refusals = gateway.logs().filter((line) => /refused the corp credentials/.test(line.msg));
  expect(refusals).toHaveLength(1);
  expect(refusals[0].msg).toMatch(/WECOM_CORP_SECRET/);
  expect(gateway.output.join("\n")).not.toContain(WRONG_SECRET);
});
