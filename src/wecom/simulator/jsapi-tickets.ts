/**
 * JS-SDK tickets (jssdk-signature.md): `get_jsapi_ticket` (the corp's) and
 * `ticket/get?type=agent_config` (the app's). Each fetch hands out a fresh ticket (tests can tell
 * them apart and recompute a signature), and, as WeCom does, refuses fetches past 100 an hour
 * per kind with 45009.
 */
import { randomBytes } from "node:crypto";
import type { JsApiTicketResult } from "../wecom.types";
import { wecomError } from "./errors";

export type TicketKind = "corp" | "app";

/** WeCom's bound on fetches of one app's tickets within an hour. */
export const TICKET_FETCHES_PER_HOUR = 100;
const HOUR_MS = 3_600_000;

export class JsApiTicketIssuer {
  /** expires_in of issued tickets (0: a test that wants every request to fetch). */
  ttlSeconds = 7200;
  private issued: Record<TicketKind, Array<{ ticket: string; at: number }>> = { corp: [], app: [] };

  constructor(private readonly clock: () => number) {}

  issue(kind: TicketKind): JsApiTicketResult {
    const now = this.clock();
    const lastHour = this.issued[kind].filter((t) => t.at > now - HOUR_MS);
    if (lastHour.length >= TICKET_FETCHES_PER_HOUR) return wecomError(45009);
    // Base64url, as WeCom's tickets look; at most 512 bytes.
    const ticket = randomBytes(64).toString("base64url");
    this.issued[kind].push({ ticket, at: now });
    return { errcode: 0, errmsg: "ok", ticket, expires_in: this.ttlSeconds };
  }

  /** The tickets handed out, oldest first. */
  tickets(kind: TicketKind): string[] {
    return this.issued[kind].map((t) => t.ticket);
  }

  reset(): void {
    this.ttlSeconds = 7200;
    this.issued = { corp: [], app: [] };
  }
}
