import { Query, Resolver } from "type-graphql";

/** GraphQL requires a query root; this one lets a client check that it reaches the gateway. */
@Resolver()
export class StatusResolver {
  @Query(() => Boolean, { description: "Always true: the gateway's GraphQL endpoint answers." })
  ping(): boolean {
    return true;
  }
}
