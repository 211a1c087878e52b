import * as ww from "@wecom/jssdk";
import { send } from "./gateway";
import { JsApi } from "./operations";

/**
 * Inside the WeCom client the invitees come from the corp's directory (the contact picker);
 * registering needs the gateway's signatures of this page (jsApiSignatures). Elsewhere, typing.
 */
export const insideWeCom = ww.env.isWeCom;

let registered: Promise<void> | undefined;

function register(): Promise<void> {
  registered ??= (async () => {
    const answer = await send(JsApi, { url: location.href });
    const signatures = answer.data?.jsApiSignatures;
    if (!signatures) throw new Error(answer.error?.message ?? "no signatures");
    ww.register({
      corpId: signatures.corpId,
      agentId: signatures.agentId ?? undefined,
      jsApiList: ["selectEnterpriseContact"],
      getConfigSignature: () => signatures.corp,
      getAgentConfigSignature: () => signatures.app ?? signatures.corp,
    });
  })();
  return registered;
}

/** The userids chosen in WeCom's contact picker, starting from those already chosen. */
export async function pickContacts(selected: string[]): Promise<string[]> {
  await register();
  const picked = await ww.selectEnterpriseContact({
    fromDepartmentId: -1,
    mode: ww.SelectEnterpriseContactMode.multi,
    type: [ww.SelectEnterpriseContactType.user],
    selectedUserIds: selected,
  });
  return picked.result.userList.map((user) => user.id);
}
