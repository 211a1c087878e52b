import type { AccessTokens } from "./access-tokens";
import { TOKEN_REJECTED_ERRCODES, UpstreamTimeoutError, WecomApiError } from "./wecom.errors";
import type { WecomHttp } from "./wecom.http";
import type { CreateMeetingBody, CreateMeetingResult } from "./wecom.types";

/** The meeting API of WeCom, as the gateway uses it. */
export class WecomClient {
  constructor(
    private readonly http: WecomHttp,
    private readonly tokens: AccessTokens,
  ) {}

  /**
   * `POST /cgi-bin/meeting/create`. A refused token (40014, 42001) means nothing was created,
   * so that one case is retried, once, with a fresh token; nothing else is.
   */
  async createMeeting(body: CreateMeetingBody): Promise<CreateMeetingResult & { meetingid: string }> {
    let token = await this.tokens.get();
    let result = await this.http.post<CreateMeetingResult>("meeting/create", token, body);
    if (TOKEN_REJECTED_ERRCODES.has(result.errcode)) {
      await this.tokens.invalidate(token);
      token = await this.tokens.get();
      result = await this.http.post<CreateMeetingResult>("meeting/create", token, body);
    }
    if (result.errcode !== 0) throw new WecomApiError(result.errcode, result.errmsg ?? "", "meeting/create");
    // "ok" without an id: something was created or not, we cannot tell which.
    if (!result.meetingid) throw new UpstreamTimeoutError("meeting/create", "answered ok without a meetingid");
    return result as CreateMeetingResult & { meetingid: string };
  }
}
