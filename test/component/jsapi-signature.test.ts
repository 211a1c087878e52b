import { jsApiSignature, signJsApi, urlToSign } from "../../src/wecom/jsapi/jsapi-signature";

// The worked example of WeCom's document (shared/seed/jssdk-signature.md).
const EXAMPLE = {
  nonceStr: "Wm3WZYTPz0wzccnW",
  ticket: "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
  timestamp: 1414587457,
  url: "http://mp.weixin.qq.com?params=value",
};

test("the document's worked example signs to its signature", () => {
  expect(jsApiSignature(EXAMPLE)).toBe("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
});

test("what follows # is not signed: the page's URL with a fragment signs as without it", () => {
  expect(urlToSign("http://mp.weixin.qq.com?params=value#/meetings/42")).toBe(EXAMPLE.url);
  expect(jsApiSignature({ ...EXAMPLE, url: `${EXAMPLE.url}#/meetings/42` })).toBe("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
});

test("a fresh signature: now in unix seconds, a new nonce each time, signed with both", () => {
  const one = signJsApi(EXAMPLE.ticket, EXAMPLE.url, 1414587457_900);
  const two = signJsApi(EXAMPLE.ticket, EXAMPLE.url, 1414587457_900);
  expect(one.timestamp).toBe(1414587457);
  expect(one.nonceStr).not.toBe(two.nonceStr);
  expect(one.signature).toBe(jsApiSignature({ ...EXAMPLE, nonceStr: one.nonceStr }));
});
