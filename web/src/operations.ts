import { graphql } from "./gql";

// Every operation the app sends. Each is a persisted document: the gateway runs only these.

export const SignIn = graphql(`
  mutation SignIn($code: String!) {
    signInWithWecom(code: $code) { token userId expiresAt }
  }
`);

export const JsApi = graphql(`
  query JsApi($url: String!) {
    jsApiSignatures(url: $url) {
      corpId agentId
      corp { timestamp nonceStr signature }
      app { timestamp nonceStr signature }
    }
  }
`);

export const Book = graphql(`
  mutation Book($input: CreateMeetingInput!, $key: String) {
    createMeeting(input: $input, idempotencyKey: $key) { id title meetingStart meetingCode meetingLink status }
  }
`);

export const Upcoming = graphql(`
  query Upcoming($first: Int, $after: String) {
    meetings(first: $first, after: $after, status: [UPCOMING, IN_PROGRESS]) {
      edges { node { id title meetingStart meetingEnd status meetingCode meetingLink } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const OneMeeting = graphql(`
  query OneMeeting($id: ID!) {
    meeting(id: $id) {
      id title meetingStart meetingEnd meetingDuration status meetingCode meetingLink invitees adminUserId
    }
  }
`);

export const Move = graphql(`
  mutation Move($id: ID!, $start: DateTimeISO!) {
    updateMeeting(id: $id, input: { meetingStart: $start }) { id meetingStart meetingEnd }
  }
`);

export const Reinvite = graphql(`
  mutation Reinvite($id: ID!, $invitees: [String!]!) {
    setMeetingInvitees(id: $id, invitees: $invitees) { id invitees }
  }
`);

export const Cancel = graphql(`
  mutation Cancel($id: ID!) {
    cancelMeeting(id: $id) { id status }
  }
`);
