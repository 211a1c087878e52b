/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CancelMeeting($id: ID!, $occurrenceId: ID) {\n  cancelMeeting(id: $id, occurrenceId: $occurrenceId) {\n    id\n    status\n  }\n}": typeof types.CancelMeetingDocument,
    "mutation CreateMeeting($input: CreateMeetingInput!, $idempotencyKey: String) {\n  createMeeting(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    title\n    adminUserId\n    meetingStart\n    meetingDuration\n    meetingEnd\n    status\n    meetingCode\n    meetingLink\n    invitees\n    settings {\n      password\n      remindScope\n      enableEnterMute\n      hosts\n    }\n    reminders {\n      isRepeat\n      repeatType\n      repeatInterval\n      remindBefore\n    }\n    excessUsers\n  }\n}": typeof types.CreateMeetingDocument,
    "query Meeting($id: ID!) {\n  meeting(id: $id) {\n    id\n    title\n    status\n    meetingStart\n    meetingEnd\n    meetingCode\n    meetingLink\n    adminUserId\n    invitees\n    settings {\n      hosts\n    }\n    attendees {\n      userId\n      joined\n      timeInMeetingSeconds\n    }\n    occurrences {\n      id\n      start\n      cancelled\n    }\n  }\n}": typeof types.MeetingDocument,
    "query Meetings($userId: String, $first: Int, $after: String) {\n  meetings(userId: $userId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        title\n        meetingStart\n        status\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.MeetingsDocument,
    "mutation SetMeetingInvitees($id: ID!, $invitees: [String!]!) {\n  setMeetingInvitees(id: $id, invitees: $invitees) {\n    id\n    invitees\n  }\n}": typeof types.SetMeetingInviteesDocument,
    "mutation UpdateMeeting($id: ID!, $changes: UpdateMeetingInput!) {\n  updateMeeting(id: $id, input: $changes) {\n    id\n    title\n    meetingStart\n    meetingEnd\n    excessUsers\n  }\n}": typeof types.UpdateMeetingDocument,
};
const documents: Documents = {
    "mutation CancelMeeting($id: ID!, $occurrenceId: ID) {\n  cancelMeeting(id: $id, occurrenceId: $occurrenceId) {\n    id\n    status\n  }\n}": types.CancelMeetingDocument,
    "mutation CreateMeeting($input: CreateMeetingInput!, $idempotencyKey: String) {\n  createMeeting(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    title\n    adminUserId\n    meetingStart\n    meetingDuration\n    meetingEnd\n    status\n    meetingCode\n    meetingLink\n    invitees\n    settings {\n      password\n      remindScope\n      enableEnterMute\n      hosts\n    }\n    reminders {\n      isRepeat\n      repeatType\n      repeatInterval\n      remindBefore\n    }\n    excessUsers\n  }\n}": types.CreateMeetingDocument,
    "query Meeting($id: ID!) {\n  meeting(id: $id) {\n    id\n    title\n    status\n    meetingStart\n    meetingEnd\n    meetingCode\n    meetingLink\n    adminUserId\n    invitees\n    settings {\n      hosts\n    }\n    attendees {\n      userId\n      joined\n      timeInMeetingSeconds\n    }\n    occurrences {\n      id\n      start\n      cancelled\n    }\n  }\n}": types.MeetingDocument,
    "query Meetings($userId: String, $first: Int, $after: String) {\n  meetings(userId: $userId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        title\n        meetingStart\n        status\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.MeetingsDocument,
    "mutation SetMeetingInvitees($id: ID!, $invitees: [String!]!) {\n  setMeetingInvitees(id: $id, invitees: $invitees) {\n    id\n    invitees\n  }\n}": types.SetMeetingInviteesDocument,
    "mutation UpdateMeeting($id: ID!, $changes: UpdateMeetingInput!) {\n  updateMeeting(id: $id, input: $changes) {\n    id\n    title\n    meetingStart\n    meetingEnd\n    excessUsers\n  }\n}": types.UpdateMeetingDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelMeeting($id: ID!, $occurrenceId: ID) {\n  cancelMeeting(id: $id, occurrenceId: $occurrenceId) {\n    id\n    status\n  }\n}"): (typeof documents)["mutation CancelMeeting($id: ID!, $occurrenceId: ID) {\n  cancelMeeting(id: $id, occurrenceId: $occurrenceId) {\n    id\n    status\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateMeeting($input: CreateMeetingInput!, $idempotencyKey: String) {\n  createMeeting(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    title\n    adminUserId\n    meetingStart\n    meetingDuration\n    meetingEnd\n    status\n    meetingCode\n    meetingLink\n    invitees\n    settings {\n      password\n      remindScope\n      enableEnterMute\n      hosts\n    }\n    reminders {\n      isRepeat\n      repeatType\n      repeatInterval\n      remindBefore\n    }\n    excessUsers\n  }\n}"): (typeof documents)["mutation CreateMeeting($input: CreateMeetingInput!, $idempotencyKey: String) {\n  createMeeting(input: $input, idempotencyKey: $idempotencyKey) {\n    id\n    title\n    adminUserId\n    meetingStart\n    meetingDuration\n    meetingEnd\n    status\n    meetingCode\n    meetingLink\n    invitees\n    settings {\n      password\n      remindScope\n      enableEnterMute\n      hosts\n    }\n    reminders {\n      isRepeat\n      repeatType\n      repeatInterval\n      remindBefore\n    }\n    excessUsers\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Meeting($id: ID!) {\n  meeting(id: $id) {\n    id\n    title\n    status\n    meetingStart\n    meetingEnd\n    meetingCode\n    meetingLink\n    adminUserId\n    invitees\n    settings {\n      hosts\n    }\n    attendees {\n      userId\n      joined\n      timeInMeetingSeconds\n    }\n    occurrences {\n      id\n      start\n      cancelled\n    }\n  }\n}"): (typeof documents)["query Meeting($id: ID!) {\n  meeting(id: $id) {\n    id\n    title\n    status\n    meetingStart\n    meetingEnd\n    meetingCode\n    meetingLink\n    adminUserId\n    invitees\n    settings {\n      hosts\n    }\n    attendees {\n      userId\n      joined\n      timeInMeetingSeconds\n    }\n    occurrences {\n      id\n      start\n      cancelled\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Meetings($userId: String, $first: Int, $after: String) {\n  meetings(userId: $userId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        title\n        meetingStart\n        status\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Meetings($userId: String, $first: Int, $after: String) {\n  meetings(userId: $userId, first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        title\n        meetingStart\n        status\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetMeetingInvitees($id: ID!, $invitees: [String!]!) {\n  setMeetingInvitees(id: $id, invitees: $invitees) {\n    id\n    invitees\n  }\n}"): (typeof documents)["mutation SetMeetingInvitees($id: ID!, $invitees: [String!]!) {\n  setMeetingInvitees(id: $id, invitees: $invitees) {\n    id\n    invitees\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateMeeting($id: ID!, $changes: UpdateMeetingInput!) {\n  updateMeeting(id: $id, input: $changes) {\n    id\n    title\n    meetingStart\n    meetingEnd\n    excessUsers\n  }\n}"): (typeof documents)["mutation UpdateMeeting($id: ID!, $changes: UpdateMeetingInput!) {\n  updateMeeting(id: $id, input: $changes) {\n    id\n    title\n    meetingStart\n    meetingEnd\n    excessUsers\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;