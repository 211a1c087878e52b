import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256" | "PS256" | "EdDSA";
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as PEM text (what an attacker would use as an HS256 secret). */
  publicPem: string;
}

/**
 * A key pair made as PEM and imported again: on Node 20.20, exporting a fresh key as a JWK can
 * hang when a garbage collection runs during the export (STACK.md).
 */
export function signingKey(kid: string, alg: SigningKey["alg"] = "RS256"): SigningKey {
  const pems =
    alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } })
    : alg === "EdDSA" ? generateKeyPairSync("ed25519", { publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } })
    : generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  return { kid, alg, privateKey: createPrivateKey(pems.privateKey), publicKey: createPublicKey(pems.publicKey), publicPem: pems.publicKey };
}

/** An identity provider's JWKS endpoint on loopback, whose published keys a test changes. */
export class JwksServer {
  published: SigningKey[] = [];
  fetches = 0;
  private server!: Server;
  url = "";

  static async start(keys: SigningKey[]): Promise<JwksServer> {
    const jwks = new JwksServer();
    jwks.published = keys;
    jwks.server = createServer((req, res) => {
      jwks.fetches++;
      const body = JSON.stringify({
        keys: jwks.published.map((k) => ({ ...k.publicKey.export({ format: "jwk" }), kid: k.kid, alg: k.alg, use: "sig" })),
      });
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => jwks.server.listen(0, "127.0.0.1", resolve));
    jwks.url = `http://127.0.0.1:${(jwks.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return jwks;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

export const ISSUER = "https://id.example.com";
export const AUDIENCE = "meetings-web";

/** A token signed by `key`, for ISSUER and AUDIENCE, valid 10 minutes, unless `claims` say otherwise. */
export function userToken(key: SigningKey, claims: JWTPayload = {}, options: { noExp?: boolean } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ sub: "zhangsan", iss: ISSUER, aud: AUDIENCE, iat: now, ...(options.noExp ? {} : { exp: now + 600 }), ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" });
  return jwt.sign(key.privateKey);
}

/** The three parts of a compact JWT, to forge with. */
export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
