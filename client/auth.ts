// How the client authenticates: the same headers serve HTTP requests and the
// real-time handshake (AppSync's header- subprotocol carries them).

export type ClientAuth =
  | { type: 'apiKey'; apiKey: string }
  /** Cognito user pools: a function so the caller can refresh the token. */
  | { type: 'cognito'; token: () => string | Promise<string> }
  /** Lambda authorizer. */
  | { type: 'lambda'; token: () => string | Promise<string> };

export async function authHeaders(auth: ClientAuth): Promise<Record<string, string>> {
  switch (auth.type) {
    case 'apiKey':
      return { 'x-api-key': auth.apiKey };
    case 'cognito':
    case 'lambda':
      return { Authorization: await auth.token() };
  }
}
