import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "One signature for `ww.register`: pass all three as they are." })
export class JsApiSignature {
  @Field(() => Int, { description: "The unix seconds that were signed." })
  timestamp!: number;

  @Field(() => String, { description: "The random string that was signed." })
  nonceStr!: string;

  @Field(() => String, { description: "SHA-1 (hex) of the ticket, nonce, timestamp and the URL without `#…`." })
  signature!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "What a WeCom H5 page needs for `ww.register` (JS-SDK): the corp's signature and, with an agent id, the app's.",
})
export class JsApiSignatures {
  @Field(() => String, { description: "The corp id (`corpId` of ww.register)." })
  corpId!: string;

  @Field(() => Int, { nullable: true, description: "The app's agent id (WECOM_AGENT_ID); null when the gateway has none." })
  agentId!: number | null;

  @Field(() => JsApiSignature, { description: "For `getConfigSignature`: signed with the corp's jsapi_ticket." })
  corp!: JsApiSignature;

  @Field(() => JsApiSignature, {
    nullable: true,
    description: "For `getAgentConfigSignature`: signed with the app's ticket (agent_config); null without WECOM_AGENT_ID.",
  })
  app!: JsApiSignature | null;
}
