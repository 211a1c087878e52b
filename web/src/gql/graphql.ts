/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A meeting to book (upstream `POST /cgi-bin/meeting/create`). */
export type CreateMeetingInput = {
  /** Userid of the meeting's administrator (upstream `admin_userid`). Required for a service caller; a signed-in user may leave it out (it is then the user) or name only itself. */
  adminUserId?: string | null | undefined;
  /** Agent id of the authorising app (upstream `agentid`); only old third-party multi-app suites need it. */
  agentId?: number | null | undefined;
  /** Calendar id (upstream `cal_id`), at most 64 bytes; the calendar must belong to this app. Left out of a create: members' default calendars. */
  calId?: string | null | undefined;
  /** Description: at most 500 characters. */
  description?: string | null | undefined;
  /** Userids of the invited members, at most 300 (a corp's own limit may be 100); an update's list replaces the meeting's (for more, use setMeetingInvitees). An invalid or invisible userid makes the upstream refuse the meeting. */
  invitees?: Array<string> | null | undefined;
  /** Location: at most 128 characters. */
  location?: string | null | undefined;
  /** Duration in seconds: 300 to 86399 (at least 5 minutes, less than a day). */
  meetingDuration: number;
  /** Start time; must be later than now. Sent upstream as whole unix seconds. */
  meetingStart: string;
  /** Recurrence and reminders. */
  reminders?: MeetingRemindersInput | null | undefined;
  /** Meeting options; in an update, those left out stay as they are. */
  settings?: MeetingSettingsInput | null | undefined;
  /** Title: not blank, at most 40 bytes counting ASCII as 1 and any other character as 2 (40 ASCII or 20 Chinese characters). */
  title: string;
};

/** Whether members are muted when they join (upstream `enable_enter_mute`, 0 to 2). */
export type EnterMute =
  /** Members join muted once more than six are in the meeting (2). The upstream default. */
  | 'AUTO_ABOVE_SIX'
  /** Members join unmuted (0). */
  | 'OFF'
  /** Members join muted (1). */
  | 'ON';

/** Recurrence and reminders (upstream `reminders`). */
export type MeetingRemindersInput = {
  /** A recurring meeting (upstream `is_repeat` 1/0). Default: false. */
  isRepeat?: boolean | null | undefined;
  /** When to remind members before the start; each value at most once. Default: no reminder. */
  remindBefore?: Array<RemindBefore> | null | undefined;
  /** Repeat every 1 or 2 weeks; only with `repeatType: WEEKLY`. */
  repeatInterval?: number | null | undefined;
  /** How it repeats; only used when `isRepeat` is true. Default: DAILY. */
  repeatType?: RepeatType | null | undefined;
  /** When the repetition ends; must be after `meetingStart`. Left out or too far: the upstream uses its maximum (200 daily/weekly occurrences, 50 fortnightly/monthly). */
  repeatUntil?: string | null | undefined;
};

/** Meeting options (upstream `settings`). Anything left out takes the upstream default. */
export type MeetingSettingsInput = {
  /** Let members join before the host. Default: true. */
  allowEnterBeforeHost?: boolean | null | undefined;
  /** Mute members when they join. Default: AUTO_ABOVE_SIX. */
  enableEnterMute?: EnterMute | null | undefined;
  /** Show a screen watermark. Default: false. */
  enableScreenWatermark?: boolean | null | undefined;
  /** Open a waiting room. Default: false. */
  enableWaitingRoom?: boolean | null | undefined;
  /** Userids of the hosts, at most 10 (upstream `hosts.userid`). Only corps with the advanced meeting feature may name hosts; the creator is filtered out upstream. */
  hosts?: Array<string> | null | undefined;
  /** Entry password: 4 to 6 digits, nothing else. */
  password?: string | null | undefined;
  /** Who is rung when the meeting starts. Default: HOST_ONLY. */
  remindScope?: RemindScope | null | undefined;
  /** Userids rung at the start when `remindScope` is RING_USERS (upstream `ring_users.userid`); they must be participants, so at most 301. */
  ringUsers?: Array<string> | null | undefined;
};

/** Where a meeting is in its life (upstream get_info `status`, 1 to 5). */
export type MeetingStatus =
  /** Cancelled (4). */
  | 'CANCELLED'
  /** Over (3). */
  | 'ENDED'
  /** Its time passed without it being held (5). */
  | 'EXPIRED'
  /** Under way (2). */
  | 'IN_PROGRESS'
  /** Not started yet; it can still be changed or cancelled (1). */
  | 'UPCOMING';

/** When members are reminded, relative to the start (upstream `remind_before`, in seconds). */
export type RemindBefore =
  /** When the meeting starts (0). */
  | 'AT_START'
  /** Fifteen minutes before (900). */
  | 'FIFTEEN_MINUTES'
  /** Five minutes before (300). */
  | 'FIVE_MINUTES'
  /** One day before (86400). */
  | 'ONE_DAY'
  /** One hour before (3600). */
  | 'ONE_HOUR';

/** Who is rung when the meeting starts (upstream `remind_scope`, 1 to 4). */
export type RemindScope =
  /** Every member is rung (3). */
  | 'ALL_MEMBERS'
  /** Only the host is rung (2). The upstream default. */
  | 'HOST_ONLY'
  /** Nobody is rung (1). */
  | 'NO_REMIND'
  /** Only the members listed in `ringUsers` are rung; with no `ringUsers`, nobody is (4). */
  | 'RING_USERS';

/** How a recurring meeting repeats (upstream `repeat_type`). */
export type RepeatType =
  /** Every day; at most 200 occurrences (0). The upstream default. */
  | 'DAILY'
  /** Every month; at most 50 occurrences (2). */
  | 'MONTHLY'
  /** Every week, or every two weeks with `repeatInterval: 2` (1). */
  | 'WEEKLY'
  /** Every working day; at most 200 occurrences (7). */
  | 'WORKDAYS';

export type SignInMutationVariables = Exact<{
  code: string;
}>;


export type SignInMutation = { signInWithWecom: { token: string, userId: string, expiresAt: string } | null };

export type JsApiQueryVariables = Exact<{
  url: string;
}>;


export type JsApiQuery = { jsApiSignatures: { corpId: string, agentId: number | null, corp: { timestamp: number, nonceStr: string, signature: string }, app: { timestamp: number, nonceStr: string, signature: string } | null } };

export type BookMutationVariables = Exact<{
  input: CreateMeetingInput;
  key?: string | null | undefined;
}>;


export type BookMutation = { createMeeting: { id: string, title: string, meetingStart: string, meetingCode: string | null, meetingLink: string | null, status: MeetingStatus } | null };

export type UpcomingQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UpcomingQuery = { meetings: { edges: Array<{ node: { id: string, title: string, meetingStart: string, meetingEnd: string, status: MeetingStatus, meetingCode: string | null, meetingLink: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OneMeetingQueryVariables = Exact<{
  id: string | number;
}>;


export type OneMeetingQuery = { meeting: { id: string, title: string, meetingStart: string, meetingEnd: string, meetingDuration: number, status: MeetingStatus, meetingCode: string | null, meetingLink: string | null, invitees: Array<string>, adminUserId: string } };

export type MoveMutationVariables = Exact<{
  id: string | number;
  start: string;
}>;


export type MoveMutation = { updateMeeting: { id: string, meetingStart: string, meetingEnd: string } | null };

export type ReinviteMutationVariables = Exact<{
  id: string | number;
  invitees: Array<string> | string;
}>;


export type ReinviteMutation = { setMeetingInvitees: { id: string, invitees: Array<string> } | null };

export type CancelMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelMutation = { cancelMeeting: { id: string, status: MeetingStatus } | null };


export const SignInDocument = {"__meta__":{"hash":"sha256:407f4dcb67d5a9e06aeaef6e993596b4c62e9b0f25eee508b20b82bb9662b9c9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signInWithWecom"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const JsApiDocument = {"__meta__":{"hash":"sha256:9a8c78ba9e55b930c90adf3cf0adebf585f530f11f78fa27362b238a741c4ff2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JsApi"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"url"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jsApiSignatures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"url"},"value":{"kind":"Variable","name":{"kind":"Name","value":"url"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"corpId"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"corp"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"nonceStr"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}}]}},{"kind":"Field","name":{"kind":"Name","value":"app"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"nonceStr"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}}]}}]}}]}}]} as unknown as DocumentNode<JsApiQuery, JsApiQueryVariables>;
export const BookDocument = {"__meta__":{"hash":"sha256:d2d6b472c03d7b1f21f0c913abb33b42648fab8277fc9bbb502fee6f4bc43406"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Book"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMeetingInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingCode"}},{"kind":"Field","name":{"kind":"Name","value":"meetingLink"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<BookMutation, BookMutationVariables>;
export const UpcomingDocument = {"__meta__":{"hash":"sha256:f695d65783d34d964288877dcbe0030c5de7e7b802ad2fcd7900f7bc09bc7dd9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Upcoming"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"UPCOMING"},{"kind":"EnumValue","value":"IN_PROGRESS"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"meetingCode"}},{"kind":"Field","name":{"kind":"Name","value":"meetingLink"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<UpcomingQuery, UpcomingQueryVariables>;
export const OneMeetingDocument = {"__meta__":{"hash":"sha256:c1abe2da9fdbf30f613b06efec552abb5cee481f9af13e489fbec8f300afff73"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OneMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"meetingDuration"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"meetingCode"}},{"kind":"Field","name":{"kind":"Name","value":"meetingLink"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}},{"kind":"Field","name":{"kind":"Name","value":"adminUserId"}}]}}]}}]} as unknown as DocumentNode<OneMeetingQuery, OneMeetingQueryVariables>;
export const MoveDocument = {"__meta__":{"hash":"sha256:0d37d96504f85ac86ffa922140d7f8746c94ab7fa623dbe1528815e24ab5ea96"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Move"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"start"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTimeISO"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"meetingStart"},"value":{"kind":"Variable","name":{"kind":"Name","value":"start"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}}]}}]}}]} as unknown as DocumentNode<MoveMutation, MoveMutationVariables>;
export const ReinviteDocument = {"__meta__":{"hash":"sha256:04f244f1dbe49bbff431d05fc1507d8704f4272af7ee57c15c4f12679440df00"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Reinvite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invitees"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setMeetingInvitees"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"invitees"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invitees"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}}]}}]}}]} as unknown as DocumentNode<ReinviteMutation, ReinviteMutationVariables>;
export const CancelDocument = {"__meta__":{"hash":"sha256:45682bf7b613419d3a9bded6d9b0c3a8cc5fab01efed54af977c02c8c48411fa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Cancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CancelMutation, CancelMutationVariables>;