/**
 * The WeCom simulator's public API (see simulator.ts). Files here each do one job:
 *
 * - simulator.ts     the HTTP server: routing, per-endpoint switches, counters, the public API
 * - switches.ts      one endpoint's switches (delay, hang, queued errcodes, drops, HTTP errors, quota)
 * - tokens.ts        access tokens: issue, check, revoke, expire
 * - oauth.ts         sign-in: codes, auth/getuserinfo and the authorize page
 * - jsapi-tickets.ts the JS-SDK tickets (corp and app) and their hourly bound
 * - meeting-api.ts   the meeting endpoints: each one's checks and effect on the kept meetings
 * - body-rules.ts    the checks of create's and update's bodies
 * - shape.ts         every body's first check: an object, no nulls, known fields of their JSON type
 * - meeting-store.ts the kept meetings, their status and occurrences
 * - meeting-info.ts  a kept meeting as get_info answers it
 * - occurrences.ts   the occurrences of a repeating meeting
 * - cursors.ts       opaque, tamper-evident page cursors
 * - errors.ts        errcodes' wording and the Refusal the checks throw
 *
 * It imports nothing from the gateway but the wire types (../wecom.types.ts).
 */
export { WecomSimulator, ENDPOINT_NAMES } from "./simulator";
export type { EndpointName, ReceivedRequest, SimulatorOptions } from "./simulator";
export type { EndpointSwitches } from "./switches";
export type { Attendance, MeetingApp, MeetingStatus, SeedMeetingInput, SimMeeting } from "./meeting-store";
export type { OAuthScope } from "./oauth";
export type { TicketKind } from "./jsapi-tickets";
