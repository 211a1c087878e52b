import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";

/**
 * body-parser's `verify`: a body must be UTF-8 (RFC 8259), and valid. Decoding would otherwise
 * replace each bad byte with U+FFFD, and the result would be stored (a meeting titled "a��b").
 * Other charsets are refused (415): their decoders replace bad units the same way.
 */
export function requireUtf8(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding !== "utf-8") throw Object.assign(new Error("not UTF-8"), { status: 415, type: "encoding.invalid" });
  if (!isUtf8(body)) throw Object.assign(new Error("invalid UTF-8"), { status: 400, type: "encoding.invalid" });
}

/** Whether `name` (lower case) came more than once: node's `req.headers` keeps only one of some, `rawHeaders` has all. */
export function duplicateHeader(req: IncomingMessage, name: string): boolean {
  const raw = req.rawHeaders;
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === name.length && raw[i].toLowerCase() === name && ++seen > 1) return true;
  }
  return false;
}
