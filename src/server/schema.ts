import { printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";
import { AuthResolver } from "../auth/graphql/auth.resolver";
import { JsApiResolver } from "../auth/graphql/jsapi.resolver";
import { MeetingResolver } from "../meeting/graphql/meeting.resolver";
import { StatusResolver } from "./status.resolver";

/** Every resolver of the schema, in one list. */
export const RESOLVERS = [MeetingResolver, AuthResolver, JsApiResolver, StatusResolver] as const;

type ResolverClass = (typeof RESOLVERS)[number];

/**
 * The executable schema, its resolvers built by the composition root. A resolver missing from
 * `instances` stops the start, rather than failing on its first request.
 */
export async function buildGatewaySchema(instances: readonly object[]): Promise<GraphQLSchema> {
  const missing = RESOLVERS.filter((cls) => !instances.some((instance) => instance instanceof cls));
  if (missing.length > 0) throw new Error(`no instance given for ${missing.map((cls) => cls.name).join(", ")}`);
  return build({ get: (cls: ResolverClass) => instances.find((instance) => instance instanceof cls)! });
}

/** The schema as SDL, as committed in schema/schema.graphql (no resolver is ever called). */
export async function printGatewaySchema(): Promise<string> {
  const schema = await build({ get: () => { throw new Error("the printed schema executes nothing"); } });
  return `${printSchema(schema)}\n`;
}

async function build(container: ContainerType): Promise<GraphQLSchema> {
  // validate: false: the input rules live in meeting.rules.ts, not in class-validator.
  const schema = await buildSchema({ resolvers: RESOLVERS, container, validate: false });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = "Reads: meetings, and who is asking.";
  schema.getMutationType()!.description = "Changes: meetings to create, change or cancel on WeCom.";
  return schema;
}
