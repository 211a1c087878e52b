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

/** What to change in a meeting (upstream `POST /cgi-bin/meeting/update`): only the fields given are sent; null is the same as left out; "" clears a text field. At least one field that changes something (`{ settings: {} }` does not). The same rules as for a create apply to each field given. */
export type UpdateMeetingInput = {
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
  /** New duration in seconds: 300 to 86399 (at least 5 minutes, less than a day). Given alone, the meeting keeps its start. */
  meetingDuration?: number | null | undefined;
  /** New start; must be later than now. Given alone, the meeting keeps its duration. */
  meetingStart?: string | null | undefined;
  /** Recurrence and reminders. */
  reminders?: MeetingRemindersInput | null | undefined;
  /** Meeting options; in an update, those left out stay as they are. */
  settings?: MeetingSettingsInput | null | undefined;
  /** Title: not blank, at most 40 bytes counting ASCII as 1 and any other character as 2 (40 ASCII or 20 Chinese characters). */
  title?: string | null | undefined;
};

export type CancelMeetingMutationVariables = Exact<{
  id: string | number;
  occurrenceId?: string | number | null | undefined;
}>;


export type CancelMeetingMutation = { cancelMeeting: { id: string, status: MeetingStatus } | null };

export type CreateMeetingMutationVariables = Exact<{
  input: CreateMeetingInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateMeetingMutation = { createMeeting: { id: string, title: string, adminUserId: string, meetingStart: string, meetingDuration: number, meetingEnd: string, status: MeetingStatus, meetingCode: string | null, meetingLink: string | null, invitees: Array<string>, excessUsers: Array<string>, settings: { password: string | null, remindScope: RemindScope, enableEnterMute: EnterMute, hosts: Array<string> }, reminders: { isRepeat: boolean, repeatType: RepeatType, repeatInterval: number | null, remindBefore: Array<RemindBefore> } | null } | null };

export type MeetingQueryVariables = Exact<{
  id: string | number;
}>;


export type MeetingQuery = { meeting: { id: string, title: string, status: MeetingStatus, meetingStart: string, meetingEnd: string, meetingCode: string | null, meetingLink: string | null, adminUserId: string, invitees: Array<string>, settings: { hosts: Array<string> }, attendees: Array<{ userId: string, joined: boolean, timeInMeetingSeconds: number }>, occurrences: Array<{ id: string, start: string, cancelled: boolean }> } };

export type MeetingsQueryVariables = Exact<{
  userId?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MeetingsQuery = { meetings: { edges: Array<{ cursor: string, node: { id: string, title: string, meetingStart: string, status: MeetingStatus } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SetMeetingInviteesMutationVariables = Exact<{
  id: string | number;
  invitees: Array<string> | string;
}>;


export type SetMeetingInviteesMutation = { setMeetingInvitees: { id: string, invitees: Array<string> } | null };

export type UpdateMeetingMutationVariables = Exact<{
  id: string | number;
  changes: UpdateMeetingInput;
}>;


export type UpdateMeetingMutation = { updateMeeting: { id: string, title: string, meetingStart: string, meetingEnd: string, excessUsers: Array<string> } | null };

export type CreateOnlyMutationVariables = Exact<{
  input: CreateMeetingInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateOnlyMutation = { createMeeting: { id: string, title: string, adminUserId: string, meetingStart: string, meetingDuration: number, meetingEnd: string, description: string | null, location: string | null, invitees: Array<string>, calId: string | null, excessUsers: Array<string>, settings: { password: string | null, enableWaitingRoom: boolean, allowEnterBeforeHost: boolean, remindScope: RemindScope, enableEnterMute: EnterMute, enableScreenWatermark: boolean, hosts: Array<string>, ringUsers: Array<string> }, reminders: { isRepeat: boolean, repeatType: RepeatType, repeatUntil: string | null, repeatInterval: number | null, remindBefore: Array<RemindBefore> } | null } | null };


export const CancelMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"occurrenceId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"occurrenceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"occurrenceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CancelMeetingMutation, CancelMeetingMutationVariables>;
export const CreateMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMeetingInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"adminUserId"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingDuration"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"meetingCode"}},{"kind":"Field","name":{"kind":"Name","value":"meetingLink"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"password"}},{"kind":"Field","name":{"kind":"Name","value":"remindScope"}},{"kind":"Field","name":{"kind":"Name","value":"enableEnterMute"}},{"kind":"Field","name":{"kind":"Name","value":"hosts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"remindBefore"}}]}},{"kind":"Field","name":{"kind":"Name","value":"excessUsers"}}]}}]}}]} as unknown as DocumentNode<CreateMeetingMutation, CreateMeetingMutationVariables>;
export const MeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Meeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"meetingCode"}},{"kind":"Field","name":{"kind":"Name","value":"meetingLink"}},{"kind":"Field","name":{"kind":"Name","value":"adminUserId"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hosts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"joined"}},{"kind":"Field","name":{"kind":"Name","value":"timeInMeetingSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"occurrences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}}]}}]}}]}}]} as unknown as DocumentNode<MeetingQuery, MeetingQueryVariables>;
export const MeetingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Meetings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MeetingsQuery, MeetingsQueryVariables>;
export const SetMeetingInviteesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetMeetingInvitees"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invitees"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setMeetingInvitees"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"invitees"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invitees"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}}]}}]}}]} as unknown as DocumentNode<SetMeetingInviteesMutation, SetMeetingInviteesMutationVariables>;
export const UpdateMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"changes"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateMeetingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"changes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"excessUsers"}}]}}]}}]} as unknown as DocumentNode<UpdateMeetingMutation, UpdateMeetingMutationVariables>;
export const CreateOnlyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateOnly"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMeetingInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"adminUserId"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStart"}},{"kind":"Field","name":{"kind":"Name","value":"meetingDuration"}},{"kind":"Field","name":{"kind":"Name","value":"meetingEnd"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"invitees"}},{"kind":"Field","name":{"kind":"Name","value":"calId"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"password"}},{"kind":"Field","name":{"kind":"Name","value":"enableWaitingRoom"}},{"kind":"Field","name":{"kind":"Name","value":"allowEnterBeforeHost"}},{"kind":"Field","name":{"kind":"Name","value":"remindScope"}},{"kind":"Field","name":{"kind":"Name","value":"enableEnterMute"}},{"kind":"Field","name":{"kind":"Name","value":"enableScreenWatermark"}},{"kind":"Field","name":{"kind":"Name","value":"hosts"}},{"kind":"Field","name":{"kind":"Name","value":"ringUsers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reminders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isRepeat"}},{"kind":"Field","name":{"kind":"Name","value":"repeatType"}},{"kind":"Field","name":{"kind":"Name","value":"repeatUntil"}},{"kind":"Field","name":{"kind":"Name","value":"repeatInterval"}},{"kind":"Field","name":{"kind":"Name","value":"remindBefore"}}]}},{"kind":"Field","name":{"kind":"Name","value":"excessUsers"}}]}}]}}]} as unknown as DocumentNode<CreateOnlyMutation, CreateOnlyMutationVariables>;