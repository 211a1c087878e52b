import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Mutation, Query, Resolver } from "type-graphql";
import { LIMITS } from "../domain/meeting.limits";
import type { MeetingPage } from "../domain/meeting.listing";
import type { MeetingService } from "../domain/meeting.service";
import { CancelMeetingArgs, CreateMeetingArgs, MeetingArgs, MeetingsArgs, SetMeetingInviteesArgs, UpdateMeetingArgs } from "./meeting.args";
import { MeetingConnection, type MeetingEdge } from "./meeting-connection.type";
import type { MeetingContext } from "./meeting.context";
import { listingWants } from "./meeting-selection";
import type { MeetingSnapshot } from "../domain/meeting.model";
import { Meeting } from "./meeting.type";

// Mutations are nullable: when one field of an operation fails, the others' meetings still
// reach the client (a created meeting is never hidden behind `data: null`).

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(private readonly service: MeetingService) {}

  @Query(() => Meeting, { description: "One meeting (upstream `get_info`). NOT_FOUND for an id the upstream does not know or that another app made." })
  async meeting(@Args(() => MeetingArgs) { id }: MeetingArgs, @Ctx() ctx: MeetingContext): Promise<Meeting> {
    return node(await this.service.read(ctx.caller, id, ctx.meetingLoaders), ctx);
  }

  @Query(() => MeetingConnection, { description: "A user's meetings, a page at a time (upstream `get_user_meetingid`); details are read only for what is asked." })
  async meetings(@Args(() => MeetingsArgs) args: MeetingsArgs, @Ctx() ctx: MeetingContext, @Info() info: GraphQLResolveInfo): Promise<MeetingConnection> {
    return connection(await this.service.list(ctx.caller, args, ctx.meetingLoaders, listingWants(info)), ctx);
  }

  @Mutation(() => Meeting, {
    nullable: true,
    description:
      "Books a WeCom meeting. The input is checked against the upstream rules first: every violation is reported at once (BAD_USER_INPUT, `extensions.fields`) and nothing is sent. Upstream refusals are WECOM_ERROR with `errcode` and `errmsg`.",
  })
  async createMeeting(@Args(() => CreateMeetingArgs) { input, idempotencyKey }: CreateMeetingArgs, @Ctx() ctx: MeetingContext): Promise<Meeting> {
    return node(await this.service.create(ctx.caller, input, idempotencyKey), ctx);
  }

  @Mutation(() => Meeting, {
    nullable: true,
    description: "Changes a meeting that has not started (upstream `meeting/update`); sends only what the input names.",
  })
  async updateMeeting(@Args(() => UpdateMeetingArgs) { id, input }: UpdateMeetingArgs, @Ctx() ctx: MeetingContext): Promise<Meeting> {
    return node(await this.service.update(ctx.caller, id, input, ctx.meetingLoaders), ctx);
  }

  @Mutation(() => Meeting, {
    nullable: true,
    description: "Cancels a meeting that has not started, or one occurrence of a repeating one (upstream `meeting/cancel`). Cancelling a cancelled meeting answers it with status CANCELLED.",
  })
  async cancelMeeting(@Args(() => CancelMeetingArgs) { id, occurrenceId }: CancelMeetingArgs, @Ctx() ctx: MeetingContext): Promise<Meeting> {
    return node(await this.service.cancel(ctx.caller, id, occurrenceId, ctx.meetingLoaders), ctx);
  }

  @Mutation(() => Meeting, {
    nullable: true,
    description: `Replaces the invitee list, up to ${LIMITS.setInvitees} with the admin, who is added when left out (upstream \`meeting/set_invitees\`; needs WeCom's advanced meeting features).`,
  })
  async setMeetingInvitees(@Args(() => SetMeetingInviteesArgs) { id, invitees }: SetMeetingInviteesArgs, @Ctx() ctx: MeetingContext): Promise<Meeting> {
    return node(await this.service.setInvitees(ctx.caller, id, invitees, ctx.meetingLoaders), ctx);
  }
}

function node({ id, known }: MeetingSnapshot, ctx: MeetingContext): Meeting {
  return new Meeting(id, known, ctx.meetingLoaders);
}

function connection(page: MeetingPage, ctx: MeetingContext): MeetingConnection {
  // Cursors are signed, so they are made only when asked for.
  const edges = page.ids.map(
    (id, i): MeetingEdge => ({
      node: new Meeting(id, {}, ctx.meetingLoaders),
      get cursor() {
        return page.cursorAfter(i);
      },
    }),
  );
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      get startCursor() {
        return edges.length > 0 ? edges[0].cursor : null;
      },
      get endCursor() {
        if (edges.length > 0) return edges[edges.length - 1].cursor;
        return page.hasNextPage ? page.cursorAfter(-1) : null;
      },
    },
  };
}
