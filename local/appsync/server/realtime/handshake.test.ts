// The real-time handshake under every auth mode and each of the three documented ways to send
// the headers ("Handshake details to establish the WebSocket connection" and "Header parameter
// format based on AWS AppSync API authorization mode" of
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html).
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, REGION, startAuthHarness, type AuthHarness } from '../auth/testing/harness.js';
import { base64Url, IAM, startMessage, TestSocket, type Loose } from '../testing/fixture.js';

let h: AuthHarness;
let host: string;
beforeAll(async () => {
  h = await startAuthHarness({ handler: (event) => ({ isAuthorized: event.authorizationToken.startsWith('allow') }) });
  host = new URL(h.server.graphqlUrl).host;
});
afterAll(async () => {
  await h.close();
});

/** "The HTTP request to sign": POST {graphql endpoint}/connect, body "{}", the three constant headers. */
async function iamConnectHeaders(secretAccessKey = IAM.secretAccessKey): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials: { accessKeyId: IAM.accessKeyId, secretAccessKey }, region: REGION, service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'https:',
      hostname: host.split(':')[0] as string,
      path: '/graphql/connect',
      headers: { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8', host },
      body: '{}',
    }),
  );
  return signed.headers as Record<string, string>;
}

type Mode = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_IAM' | 'AWS_LAMBDA';
const MODES: Mode[] = ['API_KEY', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_IAM', 'AWS_LAMBDA'];

/** The documented header object of each mode, valid or not. */
async function headersFor(mode: Mode, valid = true): Promise<Record<string, string>> {
  switch (mode) {
    case 'API_KEY':
      return { host, 'x-api-key': valid ? API_KEY : 'da2-wrong' };
    case 'AMAZON_COGNITO_USER_POOLS':
      return { host, Authorization: valid ? await h.cognito.issueIdToken({ username: 'alice' }) : await h.cognito.issueIdToken({ username: 'alice', ttlSeconds: -60 }) };
    case 'OPENID_CONNECT':
      return { host, Authorization: await h.oidc.sign({ sub: 'oidc-user', aud: 'web' }, valid ? {} : { key: 'foreign' }) };
    case 'AWS_IAM':
      return iamConnectHeaders(valid ? IAM.secretAccessKey : 'wrong-secret');
    case 'AWS_LAMBDA':
      return { host, Authorization: valid ? 'allow-handshake' : 'deny-handshake' };
  }
}

type Method = 'subprotocol' | 'query string' | 'HTTP headers';

/** Opens the socket the documented way for `method` and sends connection_init. */
async function handshake(method: Method, headers: Record<string, string>): Promise<TestSocket> {
  let socket: TestSocket;
  if (method === 'subprotocol') {
    socket = await TestSocket.open(h.server.realtimeUrl, ['graphql-ws', `header-${base64Url(headers)}`]);
  } else if (method === 'query string') {
    // Standard base64 (with padding) of the header JSON and of the payload "{}" ("e30=").
    const header = encodeURIComponent(Buffer.from(JSON.stringify(headers)).toString('base64'));
    socket = await TestSocket.open(`${h.server.realtimeUrl}?header=${header}&payload=e30=`, ['graphql-ws']);
  } else {
    socket = await TestSocket.open(h.server.realtimeUrl, ['graphql-ws'], { headers });
  }
  socket.send({ type: 'connection_init' });
  return socket;
}

const CONNECTION_ERROR = {
  type: 'connection_error',
  payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
};

describe('handshake auth: every mode, every documented way to send the headers', () => {
  for (const method of ['subprotocol', 'query string', 'HTTP headers'] as const) {
    for (const mode of MODES) {
      it(`${mode} via ${method}: connection_ack { connectionTimeoutMs: 300000 }`, async () => {
        const socket = await handshake(method, await headersFor(mode));
        expect(await socket.waitFor((m) => m.type !== 'ka')).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
        socket.close();
      });
    }
  }

  for (const mode of MODES) {
    it(`${mode}: refused credentials get connection_error (UnauthorizedException, errorCode 401) and the server closes`, async () => {
      const socket = await handshake('subprotocol', await headersFor(mode, false));
      expect(await socket.waitFor((m) => m.type === 'connection_error')).toEqual(CONNECTION_ERROR);
      await expect(socket.waitFor(() => false)).rejects.toThrow(/socket closed/);
    });
  }

  it('refuses refused credentials the same way through the query string and HTTP headers', async () => {
    for (const method of ['query string', 'HTTP headers'] as const) {
      const socket = await handshake(method, await headersFor('API_KEY', false));
      expect(await socket.waitFor((m) => m.type === 'connection_error')).toEqual(CONNECTION_ERROR);
    }
  });

  it('refuses a handshake without credentials or with an undecodable header', async () => {
    const bare = await TestSocket.open(h.server.realtimeUrl, ['graphql-ws']);
    bare.send({ type: 'connection_init' });
    expect(await bare.waitFor((m) => m.type === 'connection_error')).toEqual(CONNECTION_ERROR);
    const garbled = await TestSocket.open(h.server.realtimeUrl, ['graphql-ws', 'header-notbase64json']);
    garbled.send({ type: 'connection_init' });
    expect(await garbled.waitFor((m) => m.type === 'connection_error')).toEqual(CONNECTION_ERROR);
  });

  it('accepts a Bearer scheme for Cognito and OIDC tokens ("The header can use a Bearer scheme"), on the handshake and on start', async () => {
    for (const mode of ['AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT'] as const) {
      const { Authorization } = await headersFor(mode);
      const socket = await handshake('subprotocol', { host, Authorization: `Bearer ${Authorization}` });
      await socket.waitFor((m) => m.type === 'connection_ack');
      // onPost is @aws_lambda @aws_api_key: a verified token reaches the field check, a refused one would not.
      socket.send(startMessage('b', 'subscription { onPost { id } }', {}, { host, Authorization: `Bearer ${Authorization}` }));
      const error: Loose = await socket.waitFor((m) => m.id === 'b');
      expect(error.payload.errors).toEqual([{ errorType: 'Unauthorized', message: 'Not Authorized to access onPost on type Subscription' }]);
      socket.close();
    }
  });

  it('gives the Lambda authorizer the handshake token with an empty queryString', async () => {
    const socket = await handshake('HTTP headers', { host, Authorization: 'allow-http-headers' });
    await socket.waitFor((m) => m.type === 'connection_ack');
    const event = h.events.find((e) => e.authorizationToken === 'allow-http-headers');
    expect(event?.requestContext).toMatchObject({ queryString: '', variables: {} });
    socket.close();
  });
});
