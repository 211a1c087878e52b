/**
 * The peer: what an Apollo user would write in an afternoon for the same two operations.
 * Apollo Server 5 `startStandaloneServer`, SDL-first with the gateway's own schema/schema.graphql
 * (read from the working directory), a RESTDataSource for WeCom (token from gettoken cached in
 * memory until it expires, access_token in the query string), the API key checked in `context`.
 * No input rules, no idempotency, no logs, no limits, no metrics: that is the comparison.
 *
 * Until the schema has `meeting(id: ID!)`, the peer adds it (status, meetingCode from get_info).
 * Env: UPSTREAM_URL, API_KEY, WECOM_CORP_ID, WECOM_CORP_SECRET, PORT (0), HOST (127.0.0.1).
 * Prints {"msg":"peer listening","url":…}.
 */
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { RESTDataSource, type AugmentedRequest } from "@apollo/datasource-rest";
import { buildSchema, GraphQLError } from "graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { MEETING_STATUS, toCreateBody, toMeeting } from "../mapping";

const READ_PATH = `
  enum MeetingStatus { UPCOMING IN_PROGRESS ENDED CANCELLED EXPIRED }
  extend type Meeting { status: MeetingStatus! meetingCode: String }
  extend type Query { meeting(id: ID!): Meeting }
`;
const schemaFile = readFileSync("schema/schema.graphql", "utf8");
const hasReadPath = Boolean(buildSchema(schemaFile).getQueryType()?.getFields().meeting);
const typeDefs = hasReadPath ? schemaFile : `${schemaFile}\n${READ_PATH}`;

type WecomResult = { errcode: number; errmsg: string } & Record<string, any>;

/** One access token for every request, until shortly before it expires. */
let token: { value: string; expiresAt: number } | undefined;
let tokenRequest: Promise<string> | undefined;

class WecomAPI extends RESTDataSource {
  override baseURL = `${process.env.UPSTREAM_URL}/`;

  override async willSendRequest(path: string, request: AugmentedRequest): Promise<void> {
    if (path !== "cgi-bin/gettoken") request.params.set("access_token", await this.accessToken());
  }

  private accessToken(): Promise<string> {
    if (token && Date.now() < token.expiresAt) return Promise.resolve(token.value);
    tokenRequest ??= this.get<WecomResult>("cgi-bin/gettoken", {
      params: { corpid: process.env.WECOM_CORP_ID, corpsecret: process.env.WECOM_CORP_SECRET },
    })
      .then((result) => {
        checked(result);
        token = { value: result.access_token, expiresAt: Date.now() + (result.expires_in - 300) * 1000 };
        return token.value;
      })
      .finally(() => (tokenRequest = undefined));
    return tokenRequest;
  }

  async createMeeting(body: object): Promise<WecomResult & { meetingid: string }> {
    return checked(await this.post<WecomResult>("cgi-bin/meeting/create", { body })) as WecomResult & { meetingid: string };
  }

  async getMeetingInfo(meetingid: string): Promise<WecomResult> {
    return checked(await this.post<WecomResult>("cgi-bin/meeting/get_info", { body: { meetingid } }));
  }
}

function checked(result: WecomResult): WecomResult {
  if (result.errcode !== 0) {
    throw new GraphQLError(`WeCom error ${result.errcode}: ${result.errmsg}`, {
      extensions: { code: "WECOM_ERROR", errcode: result.errcode },
    });
  }
  return result;
}

type Context = { dataSources: { wecom: WecomAPI } };

const resolvers = {
  DateTimeISO: DateTimeISOResolver,
  Query: {
    ping: () => true,
    meeting: async (_: unknown, { id }: { id: string }, { dataSources }: Context) => {
      const info = await dataSources.wecom.getMeetingInfo(id);
      return { id, status: MEETING_STATUS[info.status], meetingCode: info.meeting_code ?? null };
    },
  },
  Mutation: {
    createMeeting: async (_: unknown, { input }: { input: Record<string, any> }, { dataSources }: Context) =>
      toMeeting(input, await dataSources.wecom.createMeeting(toCreateBody(input))),
  },
};

const server = new ApolloServer<Context>({ typeDefs, resolvers });

startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? "127.0.0.1" },
  context: async ({ req }) => {
    if (req.headers.authorization !== `Bearer ${process.env.API_KEY}`) {
      throw new GraphQLError("Missing or invalid API key", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
    }
    return { dataSources: { wecom: new WecomAPI({ cache: server.cache }) } };
  },
}).then(({ url }) => {
  process.stdout.write(`${JSON.stringify({ msg: "peer listening", url: url.replace(/\/$/, "") })}\n`);
});
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
