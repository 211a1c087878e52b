import { ForbiddenError } from "../../auth/auth.errors";
import { actingUser, type Caller } from "../../auth/caller";
import type { MeetingSources } from "./meeting.model";

// The per-user rules of CONTRACT §8. A service (or anonymous) caller acts for any user; a user
// caller only as itself. Each check runs before anything that changes something is sent.

/** The admin a create is for: a user caller's own userid, whether it names it or not. */
export function adminForCreate(caller: Caller, adminUserId: string | null | undefined): string | null | undefined {
  const user = actingUser(caller);
  if (user === undefined) return adminUserId;
  if (adminUserId != null && adminUserId !== user) {
    throw new ForbiddenError("A signed-in user creates meetings only as itself: leave adminUserId out, or give your own userid.");
  }
  return user;
}

/** The user a listing is for: a user caller lists only its own meetings. */
export function userForListing(caller: Caller, userId: string | null | undefined): string | null | undefined {
  const user = actingUser(caller);
  if (user === undefined) return userId;
  if (userId != null && userId !== user) throw new ForbiddenError("A signed-in user lists only its own meetings: leave userId out.");
  return user;
}

/** A user reads a meeting only as its admin, one of its hosts or one of its invitees. */
export async function assertMayRead(caller: Caller, id: string, sources: MeetingSources): Promise<void> {
  const user = actingUser(caller);
  if (user === undefined) return;
  const details = await sources.details(id);
  if (details.adminUserId === user || details.settings.hosts.includes(user)) return;
  if (details.attendees.some((a) => a.userId === user)) return;
  if ((await sources.invitees(id)).includes(user)) return;
  throw new ForbiddenError("You may read only meetings you administer, host or are invited to.");
}

/** A user updates, cancels or changes the invitees of a meeting only as its admin. */
export async function assertAdministers(caller: Caller, id: string, sources: MeetingSources): Promise<void> {
  const user = actingUser(caller);
  if (user === undefined) return;
  if ((await sources.details(id)).adminUserId !== user) {
    throw new ForbiddenError("Only the meeting's admin may change or cancel it.");
  }
}
