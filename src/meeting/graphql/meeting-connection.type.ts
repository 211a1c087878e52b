import { Field, ObjectType } from "type-graphql";
import { Meeting } from "./meeting.type";

@ObjectType({ simpleResolvers: true, description: "Where a page of a listing stands (Relay)." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether a next page may follow (ask with `after: endCursor`). A listing can end with an empty page after one that said true." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Always false: listings are read forwards only." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge, or null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor to pass as `after` for the next page, or null when there is none." })
  endCursor!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "One meeting of a listing." })
export class MeetingEdge {
  @Field(() => String, { description: "Opaque cursor of this edge." })
  cursor!: string;

  @Field(() => Meeting, { description: "The meeting; its fields are read from the upstream only when asked for." })
  node!: Meeting;
}

@ObjectType({ simpleResolvers: true, description: "A page of a user's meetings (Relay connection over the upstream `get_user_meetingid`)." })
export class MeetingConnection {
  @Field(() => [MeetingEdge], { description: "The meetings of this page." })
  edges!: MeetingEdge[];

  @Field(() => PageInfo, { description: "Whether more follow, and the cursor to ask for them." })
  pageInfo!: PageInfo;
}
