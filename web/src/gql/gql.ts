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
    "\n  mutation SignIn($code: String!) {\n    signInWithWecom(code: $code) { token userId expiresAt }\n  }\n": typeof types.SignInDocument,
    "\n  query JsApi($url: String!) {\n    jsApiSignatures(url: $url) {\n      corpId agentId\n      corp { timestamp nonceStr signature }\n      app { timestamp nonceStr signature }\n    }\n  }\n": typeof types.JsApiDocument,
    "\n  mutation Book($input: CreateMeetingInput!, $key: String) {\n    createMeeting(input: $input, idempotencyKey: $key) { id title meetingStart meetingCode meetingLink status }\n  }\n": typeof types.BookDocument,
    "\n  query Upcoming($first: Int, $after: String) {\n    meetings(first: $first, after: $after, status: [UPCOMING, IN_PROGRESS]) {\n      edges { node { id title meetingStart meetingEnd status meetingCode meetingLink } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.UpcomingDocument,
    "\n  query OneMeeting($id: ID!) {\n    meeting(id: $id) {\n      id title meetingStart meetingEnd meetingDuration status meetingCode meetingLink invitees adminUserId\n    }\n  }\n": typeof types.OneMeetingDocument,
    "\n  mutation Move($id: ID!, $start: DateTimeISO!) {\n    updateMeeting(id: $id, input: { meetingStart: $start }) { id meetingStart meetingEnd }\n  }\n": typeof types.MoveDocument,
    "\n  mutation Reinvite($id: ID!, $invitees: [String!]!) {\n    setMeetingInvitees(id: $id, invitees: $invitees) { id invitees }\n  }\n": typeof types.ReinviteDocument,
    "\n  mutation Cancel($id: ID!) {\n    cancelMeeting(id: $id) { id status }\n  }\n": typeof types.CancelDocument,
};
const documents: Documents = {
    "\n  mutation SignIn($code: String!) {\n    signInWithWecom(code: $code) { token userId expiresAt }\n  }\n": types.SignInDocument,
    "\n  query JsApi($url: String!) {\n    jsApiSignatures(url: $url) {\n      corpId agentId\n      corp { timestamp nonceStr signature }\n      app { timestamp nonceStr signature }\n    }\n  }\n": types.JsApiDocument,
    "\n  mutation Book($input: CreateMeetingInput!, $key: String) {\n    createMeeting(input: $input, idempotencyKey: $key) { id title meetingStart meetingCode meetingLink status }\n  }\n": types.BookDocument,
    "\n  query Upcoming($first: Int, $after: String) {\n    meetings(first: $first, after: $after, status: [UPCOMING, IN_PROGRESS]) {\n      edges { node { id title meetingStart meetingEnd status meetingCode meetingLink } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.UpcomingDocument,
    "\n  query OneMeeting($id: ID!) {\n    meeting(id: $id) {\n      id title meetingStart meetingEnd meetingDuration status meetingCode meetingLink invitees adminUserId\n    }\n  }\n": types.OneMeetingDocument,
    "\n  mutation Move($id: ID!, $start: DateTimeISO!) {\n    updateMeeting(id: $id, input: { meetingStart: $start }) { id meetingStart meetingEnd }\n  }\n": types.MoveDocument,
    "\n  mutation Reinvite($id: ID!, $invitees: [String!]!) {\n    setMeetingInvitees(id: $id, invitees: $invitees) { id invitees }\n  }\n": types.ReinviteDocument,
    "\n  mutation Cancel($id: ID!) {\n    cancelMeeting(id: $id) { id status }\n  }\n": types.CancelDocument,
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
export function graphql(source: "\n  mutation SignIn($code: String!) {\n    signInWithWecom(code: $code) { token userId expiresAt }\n  }\n"): (typeof documents)["\n  mutation SignIn($code: String!) {\n    signInWithWecom(code: $code) { token userId expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JsApi($url: String!) {\n    jsApiSignatures(url: $url) {\n      corpId agentId\n      corp { timestamp nonceStr signature }\n      app { timestamp nonceStr signature }\n    }\n  }\n"): (typeof documents)["\n  query JsApi($url: String!) {\n    jsApiSignatures(url: $url) {\n      corpId agentId\n      corp { timestamp nonceStr signature }\n      app { timestamp nonceStr signature }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Book($input: CreateMeetingInput!, $key: String) {\n    createMeeting(input: $input, idempotencyKey: $key) { id title meetingStart meetingCode meetingLink status }\n  }\n"): (typeof documents)["\n  mutation Book($input: CreateMeetingInput!, $key: String) {\n    createMeeting(input: $input, idempotencyKey: $key) { id title meetingStart meetingCode meetingLink status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Upcoming($first: Int, $after: String) {\n    meetings(first: $first, after: $after, status: [UPCOMING, IN_PROGRESS]) {\n      edges { node { id title meetingStart meetingEnd status meetingCode meetingLink } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Upcoming($first: Int, $after: String) {\n    meetings(first: $first, after: $after, status: [UPCOMING, IN_PROGRESS]) {\n      edges { node { id title meetingStart meetingEnd status meetingCode meetingLink } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneMeeting($id: ID!) {\n    meeting(id: $id) {\n      id title meetingStart meetingEnd meetingDuration status meetingCode meetingLink invitees adminUserId\n    }\n  }\n"): (typeof documents)["\n  query OneMeeting($id: ID!) {\n    meeting(id: $id) {\n      id title meetingStart meetingEnd meetingDuration status meetingCode meetingLink invitees adminUserId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Move($id: ID!, $start: DateTimeISO!) {\n    updateMeeting(id: $id, input: { meetingStart: $start }) { id meetingStart meetingEnd }\n  }\n"): (typeof documents)["\n  mutation Move($id: ID!, $start: DateTimeISO!) {\n    updateMeeting(id: $id, input: { meetingStart: $start }) { id meetingStart meetingEnd }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reinvite($id: ID!, $invitees: [String!]!) {\n    setMeetingInvitees(id: $id, invitees: $invitees) { id invitees }\n  }\n"): (typeof documents)["\n  mutation Reinvite($id: ID!, $invitees: [String!]!) {\n    setMeetingInvitees(id: $id, invitees: $invitees) { id invitees }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Cancel($id: ID!) {\n    cancelMeeting(id: $id) { id status }\n  }\n"): (typeof documents)["\n  mutation Cancel($id: ID!) {\n    cancelMeeting(id: $id) { id status }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;