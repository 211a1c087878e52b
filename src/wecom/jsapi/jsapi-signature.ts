import { createHash, randomBytes } from "node:crypto";

/** What `ww.register`'s signature callbacks return for one identity (corp or app). */
export interface JsApiSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/** The URL as WeCom signs it: the page's full URL without `#` and what follows. */
export function urlToSign(url: string): string {
  const hash = url.indexOf("#");
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * The JS-SDK signature (jssdk-signature.md): SHA-1, in hex, of
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, with raw values in exactly this order.
 */
export function jsApiSignature(input: { ticket: string; nonceStr: string; timestamp: number; url: string }): string {
  const text = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${urlToSign(input.url)}`;
  return createHash("sha1").update(text).digest("hex");
}

/** A fresh signature of `url` with `ticket`: a random nonce, now as the timestamp. */
export function signJsApi(ticket: string, url: string, now = Date.now()): JsApiSignature {
  const nonceStr = randomBytes(12).toString("base64url");
  const timestamp = Math.floor(now / 1000);
  return { timestamp, nonceStr, signature: jsApiSignature({ ticket, nonceStr, timestamp, url }) };
}
