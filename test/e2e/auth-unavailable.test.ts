// A credential that cannot be checked now (the identity provider's keys unreachable) is not a bad
// credential: HTTP 503 with its own code, AUTH_UNAVAILABLE, so a client retries instead of
// signing its user out (it was UNAUTHENTICATED, which says "your credential is wrong").
import { useGateway } from "../support/fixture";
import { AUDIENCE, ISSUER, signingKey, userToken } from "../support/jwks";
import { eventually, gql } from "../support/helpers";

const { sim, gateway } = useGateway({
  GATEWAY_ALLOW_ANONYMOUS: undefined,
  GATEWAY_JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json", // nothing listens on the discard port
  GATEWAY_JWT_ISSUER: ISSUER,
  GATEWAY_JWT_AUDIENCE: AUDIENCE,
  NODE_ENV: "development", // an http:// JWKS URL is refused in production
  GATEWAY_SANDBOX: "false",
});

test("the identity provider's keys unreachable: 503 AUTH_UNAVAILABLE, nothing sent", async () => {
  const token = await userToken(signingKey("rsa-1", "RS256"), { sub: "lisi" });
  const answer = await gql(gateway, "{ me { kind } }", {}, { authorization: `Bearer ${token}` });
  expect(answer.status).toBe(503);
  expect(answer.body.errors).toEqual([{ message: expect.stringMatching(/cannot check the token now/i), extensions: { code: "AUTH_UNAVAILABLE" } }]);
  expect(sim.requests).toHaveLength(0);
  // The request's log line names the same code (an operator greps for it), not INTERNAL_SERVER_ERROR.
  const id = answer.headers.get("x-request-id");
  const line = await eventually(() => gateway.logs().find((l) => l.msg === "graphql request" && l.requestId === id), "the request's log line");
  expect(line).toMatchObject({ outcome: "AUTH_UNAVAILABLE", status: 503 });
});
