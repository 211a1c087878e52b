import type { WecomSimulator } from "../wecom/simulator";
import { refuse, sendJson, type Route } from "./http-server";

/**
 * `GET /simulator/sign-in?userid=zhangsan[&redirect_uri=…&state=…]`, served only with the
 * embedded simulator: what WeCom's OAuth page gives a WeCom H5 app, a single-use code for that
 * user (valid 5 minutes), as JSON or, with `redirect_uri`, as the redirect WeCom would make.
 */
export function simulatorSignIn(simulator: WecomSimulator): Route {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway");
    const userid = url.searchParams.get("userid");
    if (!userid) return refuse(res, 400, "BAD_REQUEST", "Name the user: /simulator/sign-in?userid=zhangsan");
    const code = simulator.oauthCode(userid);
    const redirect = url.searchParams.get("redirect_uri");
    if (!redirect) return sendJson(res, 200, { code, userid, expiresInSeconds: 300 });
    let target: URL;
    try {
      target = new URL(redirect);
    } catch {
      return refuse(res, 400, "BAD_REQUEST", "redirect_uri must be an absolute URL");
    }
    target.searchParams.set("code", code);
    target.searchParams.set("state", url.searchParams.get("state") ?? "");
    res.writeHead(302, { location: target.toString() }).end();
  };
}
