import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum CallerKind {
  SERVICE = "SERVICE",
  USER = "USER",
  ANONYMOUS = "ANONYMOUS",
}

registerEnumType(CallerKind, {
  name: "CallerKind",
  description: "What kind of caller a request is (CONTRACT §8).",
  valuesConfig: {
    SERVICE: { description: "A trusted backend with an API key: acts for any user." },
    USER: { description: "A signed-in user (a verified token): acts only as its userid." },
    ANONYMOUS: { description: "No credential, where the gateway runs without auth: acts as a service." },
  },
});

@ObjectType({ simpleResolvers: true, description: "Who is asking." })
export class CallerInfo {
  @Field(() => CallerKind, { description: "The kind of caller." })
  kind!: CallerKind;

  @Field(() => String, { nullable: true, description: "The WeCom userid of a USER caller; null otherwise." })
  userId!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A session of the gateway: send `Authorization: Bearer <token>` with every request." })
export class Session {
  @Field(() => String, { description: "The session token (an HS256 JWT). Keep it like a password." })
  token!: string;

  @Field(() => String, { description: "The WeCom userid signed in." })
  userId!: string;

  @Field(() => Date, { description: "When the token stops working; sign in again then." })
  expiresAt!: Date;
}
