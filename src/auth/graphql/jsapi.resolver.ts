import { Arg, Query, Resolver } from "type-graphql";
import type { JsApiSigning } from "../jsapi-signatures.service";
import { JsApiSignatures } from "./jsapi.type";

@Resolver()
export class JsApiResolver {
  constructor(private readonly signing: JsApiSigning) {}

  @Query(() => JsApiSignatures, {
    description:
      "JS-SDK signatures of a page for `ww.register` (the contact picker, …). The URL must be http(s), of an origin in GATEWAY_JSAPI_ORIGINS; `#…` is not signed. The tickets are cached and shared; past WeCom's 100 ticket fetches an hour: RATE_LIMITED.",
  })
  jsApiSignatures(@Arg("url", () => String, { description: "The page's full URL (`location.href`)." }) url: string): Promise<JsApiSignatures> {
    return this.signing.sign(url);
  }
}
