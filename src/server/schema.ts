import { printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";
import { MeetingResolver } from "../meeting/meeting.resolver";
import { StatusResolver } from "./status.resolver";

export const RESOLVERS = [MeetingResolver, StatusResolver] as const;

/** The executable schema; `instances` supplies resolvers built with their services. */
export async function buildGatewaySchema(instances: object[] = []): Promise<GraphQLSchema> {
  const container: ContainerType = {
    get: (someClass: new (...args: never[]) => object) =>
      instances.find((instance) => instance instanceof someClass) ?? new someClass(),
  };
  // validate: false — the input rules live in meeting.rules.ts, not in class-validator.
  const schema = await buildSchema({ resolvers: RESOLVERS, container, validate: false });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = "Reads. The gateway's work is in Mutation.";
  schema.getMutationType()!.description = "Meetings to create on WeCom.";
  return schema;
}

/** The schema as SDL, as committed in schema/schema.graphql. */
export async function printGatewaySchema(): Promise<string> {
  return `${printSchema(await buildGatewaySchema())}\n`;
}
