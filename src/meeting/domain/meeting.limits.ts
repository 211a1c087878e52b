/**
 * The upstream's limits (docs/wecom/, CONTRACT §4 and §10): the rules (meeting.rules.ts) check
 * them and the schema's descriptions (meeting/graphql/) state them, both from here.
 */
export const LIMITS = {
  titleBytes: 40,
  minDurationSeconds: 300,
  maxDurationSeconds: 86_399,
  descriptionChars: 500,
  locationChars: 128,
  calIdBytes: 64,
  passwordDigits: { min: 4, max: 6 },
  invitees: 300,
  hosts: 10,
  /** Ring users must be participants, so no more than the invitees (and the admin). */
  ringUsers: 301,
  /** set_invitees, the admin included. */
  setInvitees: 2000,
  listingFirst: 100,
  listingSpanDays: 180,
} as const;

/** A listing's defaults (CONTRACT §10). */
export const LISTING_DEFAULTS = {
  first: 20,
  /** `from` and `to` default to this many days either side of now. */
  spanDays: 30,
} as const;
