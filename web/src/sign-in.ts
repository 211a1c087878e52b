import { send, GATEWAY_URL } from "./gateway";
import { SignIn } from "./operations";
import { session } from "./session";

const STATE_KEY = "wecom-meetings.oauth-state";

/** The page WeCom sends the user back to: this page, without the code and state of a past visit. */
function returnUrl(): string {
  const url = new URL(location.href);
  url.searchParams.delete("code");
  url.searchParams.delete("state");
  url.hash = "";
  return url.href;
}

/**
 * Sends the user to WeCom's OAuth page (with `?corp=<corp id>` on the page), or in development to
 * a stand-in that signs in as the userid typed: the embedded simulator's `/simulator/sign-in`, or
 * the page `?signin=<url>` names (a simulator's authorize page). A random `state` goes along and
 * must come back unchanged (a forged redirect carries another).
 */
export function startSignIn(devUserId?: string): void {
  const state = crypto.randomUUID();
  sessionStorage.setItem(STATE_KEY, state);
  const target = new URL(signInPage() ?? "https://open.weixin.qq.com/connect/oauth2/authorize");
  const corp = new URLSearchParams(location.search).get("corp");
  if (corp) target.searchParams.set("appid", corp);
  if (devUserId !== undefined) target.searchParams.set("userid", devUserId);
  target.searchParams.set("redirect_uri", returnUrl());
  target.searchParams.set("response_type", "code");
  target.searchParams.set("scope", "snsapi_base");
  target.searchParams.set("state", state);
  if (!signInPage()) target.hash = "wechat_redirect";
  location.assign(target.href);
}

/** A development stand-in for WeCom's page; undefined for WeCom itself (a page with `?corp=` only). */
export function signInPage(): string | undefined {
  const params = new URLSearchParams(location.search);
  return params.get("signin") ?? (params.get("corp") ? undefined : `${GATEWAY_URL}/simulator/sign-in`);
}

/** On the way back from WeCom: checks `state`, exchanges the code. Undefined when this is no such visit. */
export async function finishSignIn(): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (!code) return undefined;
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  history.replaceState(null, "", returnUrl()); // the code is single use: not in the history
  if (!expected || params.get("state") !== expected) return "The sign-in did not come from this page; please sign in again.";
  const answer = await send(SignIn, { code }, "mutation");
  const signedIn = answer.data?.signInWithWecom;
  if (!signedIn) return answer.error?.graphQLErrors[0]?.message ?? "Sign-in failed; please try again.";
  session.save(signedIn);
  return "";
}
