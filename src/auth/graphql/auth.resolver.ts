import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Caller } from "../caller";
import type { SignInService } from "../sign-in.service";
import { CallerInfo, CallerKind, Session } from "./caller.type";

const KIND: Record<Caller["kind"], CallerKind> = { service: CallerKind.SERVICE, user: CallerKind.USER, anonymous: CallerKind.ANONYMOUS };

@Resolver()
export class AuthResolver {
  constructor(private readonly signIns: SignInService) {}

  @Query(() => CallerInfo, { description: "Who is asking: the kind of caller, and a user's userid." })
  me(@Ctx() { caller }: { caller: Caller }): CallerInfo {
    return { kind: KIND[caller.kind], userId: caller.kind === "user" ? caller.userId : null };
  }

  @Mutation(() => Session, {
    nullable: true,
    description:
      "Signs a WeCom user in: exchanges the OAuth `code` WeCom gave the H5 app (web authorization or QR login) for a session token (upstream `auth/getuserinfo`). Needs no credential. Members of the corp only (FORBIDDEN otherwise); an invalid or used code is UNAUTHENTICATED.",
  })
  signInWithWecom(@Arg("code", () => String, { description: "The code from WeCom's OAuth redirect; single use, valid 5 minutes." }) code: string): Promise<Session> {
    return this.signIns.signIn(code);
  }
}
