/**
 * The "gateway, user token" target's set-up: an identity provider's JWKS on loopback (in the
 * bench's own process) and a user token it signs, so the gateway verifies JWTs with jose and
 * counts the user's quota on every request, as a signed-in frontend would make it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";

export const ISSUER = "https://id.bench.example";
export const AUDIENCE = "meetings-bench";

/** Serves a JWKS with one RS256 key; returns its URL and a token for user "zhangsan" valid for an hour. */
export async function identityProvider(): Promise<{ jwksUrl: string; token: string; close(): void }> {
  // PEM first, then imported: exporting a fresh key as a JWK can hang on Node 20.20 (STACK.md).
  const pems = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const jwk = { ...createPublicKey(pems.publicKey).export({ format: "jwk" }), kid: "bench-1", alg: "RS256", use: "sig" };
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const token = await new SignJWT({ sub: "zhangsan" })
    .setProtectedHeader({ alg: "RS256", kid: "bench-1" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(createPrivateKey(pems.privateKey));
  return { jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, token, close: () => server.close() };
}
