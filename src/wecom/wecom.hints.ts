/**
 * Short English hints for the upstream errcodes a meeting caller meets most, to go next to the
 * upstream's own `errmsg` (which is Chinese or terse). Sources: the WeCom global error-code list
 * (https://developer.work.weixin.qq.com/document/path/90313) and the meeting API's codes.
 */
const HINTS: ReadonlyMap<number, string> = new Map([
  // The meeting API
  [400302, "An identical meeting was already created; look it up rather than creating it again."],
  [400301, "An identical meeting is being created; try again in 5 minutes."],
  [400021, "An invitee is not a valid member or is not visible to the app; check the userids and the app's visible range."],
  [400020, "Too many invitees for this corp (at most 300, and possibly 100 for the corp); invite fewer."],
  [400221, "The meeting has started or ended, and only a meeting that has not started can be changed."],
  [400224, "The meeting has started or ended, and only a meeting that has not started can be cancelled."],
  [400222, "The new start is not later than now; choose a time in the future."],
  [400226, "This needs WeCom's advanced meeting features (会议高级功能), which the corp has not bought."],
  [730007, "This needs the professional edition of WeCom meetings for the corp."],
  [730009, "The meeting's admin must stay in the invitee list."],
  [730003, "No such occurrence of this meeting; read Meeting.occurrences for their ids."],
  [400027, "Too many hosts: at most 10."],
  // Tokens: the gateway already fetched a fresh token and retried once
  [40014, "WeCom refused the access token even after one refresh; retry later, and check that the app's secret was not reset."],
  [42001, "WeCom reported the access token expired even after one refresh; retry later."],
  // Limits and availability
  [45009, "Rate limited by WeCom; slow down and retry later."],
  [-1, "WeCom is busy; retry in a moment."],
  // Credentials and permissions (configuration of the gateway or of the app in the WeCom admin console)
  [40001, "Invalid corp secret: check WECOM_CORP_SECRET (the secret of the app allowed to call the meeting API)."],
  [40013, "Invalid corp id: check WECOM_CORP_ID."],
  [60020, "The gateway's IP address is not in the app's trusted IP list; add it in the WeCom admin console."],
  [48002, "This app may not call this API (the meeting API, or the advanced meeting features); allow it in the WeCom admin console (协作-会议-API)."],
  [45033, "Too many concurrent calls to this WeCom API for the corp; the gateway paused it for a moment: retry shortly."],
  [301002, "The access token's app has no permission over the app named (check agentId, or use that app's secret)."],
]);

/** A short hint for an upstream errcode, or undefined when there is none. */
export function hintFor(errcode: number): string | undefined {
  return HINTS.get(errcode);
}
