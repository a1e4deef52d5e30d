// The real-time protocol against the server fixture, message by message as
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html documents it;
// auth per mode is in realtime/handshake.test.ts, filters and delivery in realtime/delivery.test.ts.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  apiKeyProtocols,
  base64Url,
  IAM,
  post,
  REGION,
  startHarness,
  startMessage,
  TestSocket,
  signedHeaders,
  type Harness,
} from './testing/fixture.js';

let h: Harness;
let host: string;
beforeAll(async () => {
  h = await startHarness({ keepAliveIntervalMs: 100 });
  host = new URL(h.server.graphqlUrl).host;
});
afterAll(async () => {
  await h.server.close();
});

async function connected(protocols = apiKeyProtocols(host), url = h.server.realtimeUrl): Promise<TestSocket> {
  const socket = await TestSocket.open(url, protocols);
  socket.send({ type: 'connection_init' });
  await socket.waitFor((m) => m.type === 'connection_ack');
  return socket;
}

const publish = (args: string, selection = '{ id name owner count tags }') =>
  post(h.server.graphqlUrl, { query: `mutation { publish(${args}) ${selection} }` });

/** Amplify v6 signs the connection for `${graphqlUrl}/connect` with body '{}' (and the start for the URL itself with payload.data). */
async function iamHeaders(url: string, body: string): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials: IAM, region: REGION, service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'https:',
      hostname: target.hostname,
      path: target.pathname,
      headers: { accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8', host: target.host },
      body,
    }),
  );
  return signed.headers as Record<string, string>;
}

describe('real-time protocol', () => {
  it('acks connection_init with connectionTimeoutMs and sends ka periodically', async () => {
    const socket = await TestSocket.open(h.server.realtimeUrl, apiKeyProtocols(host));
    expect(socket.ws.protocol).toBe('graphql-ws');
    socket.send({ type: 'connection_init' });
    expect(await socket.waitFor((m) => m.type === 'connection_ack')).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(socket.messages.filter((m) => m.type === 'ka').length).toBeGreaterThanOrEqual(2);
    socket.close();
  });

  it('reports a failed handshake as connection_error with errorCode 401', async () => {
    const socket = await TestSocket.open(h.server.realtimeUrl, apiKeyProtocols(host, 'da2-wrong'));
    socket.send({ type: 'connection_init' });
    const error = await socket.waitFor((m) => m.type === 'connection_error');
    expect(error.payload.errors[0]).toMatchObject({ errorType: 'UnauthorizedException', errorCode: 401 });
  });

  it('takes a start without connection_init ("(Optional) ... the client sends a connection_init message") and keeps the connection alive', async () => {
    const socket = await TestSocket.open(h.server.realtimeUrl, apiKeyProtocols(host));
    socket.send(startMessage('no-init', 'subscription { onPublish(id: "no-init") { id } }'));
    expect(await socket.waitFor((m) => m.id === 'no-init')).toEqual({ id: 'no-init', type: 'start_ack' });
    await socket.waitFor((m) => m.type === 'ka');
    await publish('id: "no-init"');
    expect((await socket.waitFor((m) => m.type === 'data')).payload).toEqual({ data: { onPublish: { id: 'no-init' } } });
    expect(socket.messages.some((m) => m.type === 'connection_ack')).toBe(false);
    socket.close();
  });

  it('answers unknown message types and unparsable frames with an error, and a stop for an unknown id with complete', async () => {
    const socket = await connected();
    socket.send({ type: 'subscribe', id: 'x1' });
    expect(await socket.waitFor((m) => m.type === 'error' && m.id === 'x1')).toEqual({
      type: 'error', id: 'x1', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'Unsupported message type: subscribe' }] },
    });
    socket.ws.send('not json');
    expect((await socket.waitFor((m) => m.type === 'error' && !m.id)).payload.errors[0].errorType).toBe('BadRequestException');
    socket.send({ type: 'stop', id: 'never-started' });
    expect(await socket.waitFor((m) => m.type === 'complete')).toEqual({ type: 'complete', id: 'never-started' });
    socket.close();
  });

  it('runs start/start_ack/data/stop/complete with argument filtering and the selected-fields rule', async () => {
    const socket = await connected();
    socket.send(startMessage('s1', 'subscription S($id: ID) { onPublish(id: $id) { id name owner __typename } }', { id: '1' }, { host, 'x-api-key': API_KEY }));
    expect(await socket.waitFor((m) => m.id === 's1')).toEqual({ id: 's1', type: 'start_ack' });

    await publish('id: "2", name: "other"');
    await publish('id: "1", name: "first", owner: "o"', '{ id name __typename }');
    const data = await socket.waitFor((m) => m.type === 'data');
    // owner was not selected by the mutation, so the subscriber gets null for it.
    expect(data).toEqual({ id: 's1', type: 'data', payload: { data: { onPublish: { id: '1', name: 'first', owner: null, __typename: 'Item' } } } });
    expect(socket.messages.filter((m) => m.type === 'data')).toHaveLength(1);

    socket.send({ type: 'stop', id: 's1' });
    expect(await socket.waitFor((m) => m.type === 'complete')).toEqual({ id: 's1', type: 'complete' });
    await publish('id: "1", name: "after"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.messages.filter((m) => m.type === 'data')).toHaveLength(1);
    socket.close();
  });

  it('filters by arguments: omitted matches everything, an explicit null only a null field ("Argument null value has meaning")', async () => {
    // https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html#using-subscription-arguments
    const socket = await connected();
    socket.send(startMessage('null', 'subscription { onPublish(owner: null) { id } }'));
    socket.send(startMessage('none', 'subscription { onPublish { id } }'));
    // A variable that is not provided leaves the argument out.
    socket.send(startMessage('unset', 'subscription S($owner: String) { onPublish(owner: $owner) { id } }', {}));
    socket.send(startMessage('exact', 'subscription { onPublish(id: "n-1") { id } }'));
    for (const id of ['null', 'none', 'unset', 'exact']) await socket.waitFor((m) => m.type === 'start_ack' && m.id === id);

    await publish('id: "n-01", owner: "x"', '{ id owner }');
    await publish('id: "n-1"', '{ id owner }');
    await socket.waitFor((m) => m.type === 'data' && m.id === 'exact');
    const received = (id: string) => socket.messages.filter((m) => m.type === 'data' && m.id === id).map((m) => m.payload.data.onPublish.id);
    expect(received('none')).toEqual(['n-01', 'n-1']);
    expect(received('unset')).toEqual(['n-01', 'n-1']);
    expect(received('null')).toEqual(['n-1']);
    expect(received('exact')).toEqual(['n-1']);
    socket.close();
  });

  it('applies the enhanced filter the subscription resolver set', async () => {
    h.engine.subscriptionFilter = {
      filterGroup: [{ filters: [{ fieldName: 'count', operator: 'gt', value: 5 }, { fieldName: 'tags', operator: 'containsAny', value: ['x'] }] }],
    };
    const socket = await connected();
    socket.send(startMessage('f', 'subscription { onFiltered { id count } }', {}, { host, 'x-api-key': API_KEY }));
    await socket.waitFor((m) => m.type === 'start_ack');
    expect(h.engine.invocations.findLast((i) => i.fieldName === 'onFiltered')?.outputType).toBe('Item');
    h.engine.subscriptionFilter = undefined;
    await publish('id: "a", count: 3, tags: ["x"]');
    await publish('id: "b", count: 9, tags: ["y"]');
    await publish('id: "c", count: 9, tags: ["x", "y"]');
    const data = await socket.waitFor((m) => m.type === 'data');
    expect(data.payload.data.onFiltered).toEqual({ id: 'c', count: 9 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.messages.filter((m) => m.type === 'data')).toHaveLength(1);
    socket.close();
  });

  it('denies a subscription field the auth mode may not use, and rejects duplicate ids and bad documents', async () => {
    const socket = await connected();
    socket.send(startMessage('x', 'subscription { onIamOnly { id } }', {}, { host, 'x-api-key': API_KEY }));
    const denied = await socket.waitFor((m) => m.id === 'x');
    expect(denied).toEqual({ id: 'x', type: 'error', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onIamOnly on type Subscription' }] } });

    socket.send(startMessage('d', 'subscription { onPublish { id } }', {}, { host, 'x-api-key': API_KEY }));
    await socket.waitFor((m) => m.id === 'd' && m.type === 'start_ack');
    socket.send(startMessage('d', 'subscription { onPublish { id } }', {}, { host, 'x-api-key': API_KEY }));
    // As AppSync words it (aws-amplify/amplify-js#12818).
    expect((await socket.waitFor((m) => m.id === 'd' && m.type === 'error')).payload).toEqual({
      errors: [{ errorType: 'DuplicatedOperationError', message: 'Duplicated operation with id d' }],
    });

    socket.send(startMessage('q', '{ hello }', {}, { host, 'x-api-key': API_KEY }));
    expect((await socket.waitFor((m) => m.id === 'q')).payload.errors[0].errorType).toBe('UnsupportedOperation');
    socket.send(startMessage('v', 'subscription { onPublish { nope } }', {}, { host, 'x-api-key': API_KEY }));
    expect((await socket.waitFor((m) => m.id === 'v')).payload.errors[0].message).toContain('FieldUndefined');
    socket.send(startMessage('k', 'subscription { onPublish { id } }', {}, { host, 'x-api-key': 'da2-wrong' }));
    expect((await socket.waitFor((m) => m.id === 'k')).payload.errors[0]).toMatchObject({ errorType: 'UnauthorizedException', errorCode: 401 });
    socket.close();
  });

  it('accepts Cognito tokens in the handshake and the start authorization', async () => {
    const token = await h.issuer.issueIdToken({ username: 'alice' });
    const socket = await connected(['graphql-ws', `header-${base64Url({ host, Authorization: token })}`]);
    socket.send(startMessage('c', 'subscription { onPublish(owner: "alice") { id owner } }', {}, { host, Authorization: token }));
    await socket.waitFor((m) => m.type === 'start_ack');
    await publish('id: "1", owner: "alice"');
    expect((await socket.waitFor((m) => m.type === 'data')).payload.data.onPublish).toEqual({ id: '1', owner: 'alice' });
    socket.close();
  });

  it('works with the amplify v6 IAM handshake (signed /connect) and an IAM-signed start', async () => {
    const connectHeaders = await iamHeaders(`${h.server.graphqlUrl}/connect`, '{}');
    const socket = await connected(['graphql-ws', `header-${base64Url(connectHeaders)}`]);
    const data = JSON.stringify({ query: 'subscription { onIamOnly { id hidden } }', variables: {} });
    const startHeaders = await iamHeaders(h.server.graphqlUrl, data);
    socket.send({ id: 'i', type: 'start', payload: { data, extensions: { authorization: startHeaders } } });
    await socket.waitFor((m) => m.id === 'i' && m.type === 'start_ack');
    // hidden is @aws_iam: the IAM publisher reads it, so the IAM subscriber receives it.
    const body = JSON.stringify({ query: 'mutation { publish(id: "9", hidden: "h") { id hidden } }' });
    await post(h.server.graphqlUrl, body, await signedHeaders(h.server.graphqlUrl, body));
    expect((await socket.waitFor((m) => m.type === 'data')).payload.data.onIamOnly).toEqual({ id: '9', hidden: 'h' });
    socket.close();
  });

  it('accepts the legacy header/payload query parameters on /graphql and /realtime', async () => {
    const header = Buffer.from(JSON.stringify({ host, 'x-api-key': API_KEY })).toString('base64');
    const payload = Buffer.from('{}').toString('base64');
    for (const path of ['/graphql', '/realtime']) {
      const url = `ws://${host}${path}?header=${encodeURIComponent(header)}&payload=${encodeURIComponent(payload)}`;
      const socket = await connected(['graphql-ws'], url);
      socket.close();
    }
  });

  it('allows the documented 100 subscriptions per connection and refuses the 101st (MaxSubscriptionsReachedError)', async () => {
    // Quota "Subscriptions per connection: 100" (https://docs.aws.amazon.com/general/latest/gr/appsync.html);
    // the refusal as AppSync sends it (aws-amplify/amplify-js#8370).
    const socket = await connected();
    for (let i = 0; i < 100; i += 1) socket.send(startMessage(`m${i}`, 'subscription { onPublish(id: "limit") { id } }'));
    await socket.waitFor((m) => m.type === 'start_ack' && m.id === 'm99');
    expect(socket.messages.filter((m) => m.type === 'start_ack')).toHaveLength(100);
    socket.send(startMessage('m100', 'subscription { onPublish(id: "limit") { id } }'));
    expect(await socket.waitFor((m) => m.id === 'm100')).toEqual({
      id: 'm100', type: 'error', payload: { errors: [{ errorType: 'MaxSubscriptionsReachedError', message: 'Max number of 100 subscriptions reached' }] },
    });
    // A stop frees a place.
    socket.send({ type: 'stop', id: 'm0' });
    await socket.waitFor((m) => m.type === 'complete' && m.id === 'm0');
    socket.send(startMessage('m101', 'subscription { onPublish(id: "limit") { id } }'));
    expect(await socket.waitFor((m) => m.id === 'm101')).toEqual({ id: 'm101', type: 'start_ack' });
    socket.close();
  });

  it('serves wss:// and https:// on the same port with the exposed certificate', async () => {
    const wssUrl = h.server.realtimeUrl.replace('ws://', 'wss://');
    const socket = await TestSocket.open(wssUrl, apiKeyProtocols(host), { ca: h.server.tlsCertificatePem });
    socket.send({ type: 'connection_init' });
    await socket.waitFor((m) => m.type === 'connection_ack');
    socket.send(startMessage('t', 'subscription { onPublish { id } }', {}, { host, 'x-api-key': API_KEY }));
    await socket.waitFor((m) => m.type === 'start_ack');
    await publish('id: "tls"');
    expect((await socket.waitFor((m) => m.type === 'data')).payload.data.onPublish).toEqual({ id: 'tls' });
    socket.close();
  });

  it('fans out to many subscribers', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => connected()));
    await Promise.all(
      sockets.map(async (socket, i) => {
        socket.send(startMessage(`p${i}`, 'subscription { onPublish(id: "fan") { id name } }', {}, { host, 'x-api-key': API_KEY }));
        await socket.waitFor((m) => m.type === 'start_ack');
      }),
    );
    await publish('id: "fan", name: "n"');
    await Promise.all(sockets.map((socket) => socket.waitFor((m) => m.type === 'data')));
    expect(h.server.stats().delivered).toBeGreaterThanOrEqual(20);
    for (const socket of sockets) socket.close();
  });
});
