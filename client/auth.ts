// How the client authenticates, per AppSync auth mode: the headers of an HTTP request,
// of the real-time handshake (carried by the header- subprotocol) and of each start message.
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
import { createRequestSigner, type AwsCredentials } from './sigv4.js';

export type { AwsCredentialIdentity, AwsCredentials } from './sigv4.js';

export type ClientAuth =
  | { type: 'apiKey'; apiKey: string }
  /** Cognito user pools: called for every request and handshake, so it can hand out a refreshed token. */
  | { type: 'cognito'; token: () => string | Promise<string> }
  /** Lambda authorizer: called like the Cognito one. */
  | { type: 'lambda'; token: () => string | Promise<string> }
  /** IAM: SigV4 with service 'appsync'; a credentials function is called for each signature. */
  | { type: 'iam'; region: string; credentials: AwsCredentials };

type Headers = Record<string, string>;

export interface Authorizer {
  /** For POST {graphqlUrl} with this body; includes content-type, excludes host (fetch sets it). */
  http(body: string): Promise<Headers>;
  /** For opening the real-time socket (IAM signs POST {graphqlUrl}/connect with body '{}'). */
  handshake(): Promise<Headers>;
  /** For one start message (IAM signs POST {graphqlUrl} with the start's `data` as body). */
  start(data: string): Promise<Headers>;
}

const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
/** What AppSync's real-time IAM signatures cover besides host and date (as aws-amplify sends them). */
const REALTIME_SIGNED_HEADERS = { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': JSON_CONTENT_TYPE };

/** 20240102T030405Z, as in x-amz-date. */
const amzDate = () => new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');

export function createAuthorizer(auth: ClientAuth, graphqlUrl: string): Authorizer {
  const host = new URL(graphqlUrl).host;
  switch (auth.type) {
    case 'apiKey':
      return {
        http: async () => ({ 'content-type': JSON_CONTENT_TYPE, 'x-api-key': auth.apiKey }),
        handshake: async () => ({ host, 'x-amz-date': amzDate(), 'x-api-key': auth.apiKey }),
        start: async () => ({ host, 'x-amz-date': amzDate(), 'x-api-key': auth.apiKey }),
      };
    case 'cognito':
    case 'lambda': {
      const authorization = async () => ({ Authorization: await auth.token() });
      return {
        http: async () => ({ 'content-type': JSON_CONTENT_TYPE, ...(await authorization()) }),
        handshake: async () => ({ host, ...(await authorization()) }),
        start: async () => ({ host, ...(await authorization()) }),
      };
    }
    case 'iam': {
      const sign = createRequestSigner(auth.region, auth.credentials);
      const connectUrl = new URL(graphqlUrl);
      connectUrl.pathname = `${connectUrl.pathname.replace(/\/$/, '')}/connect`;
      return {
        http: async (body) => {
          const { host: _host, ...headers } = await sign({ url: graphqlUrl, body, headers: { 'content-type': JSON_CONTENT_TYPE } });
          return headers;
        },
        handshake: () => sign({ url: connectUrl.toString(), body: '{}', headers: REALTIME_SIGNED_HEADERS }),
        start: (data) => sign({ url: graphqlUrl, body: data, headers: REALTIME_SIGNED_HEADERS }),
      };
    }
  }
}
