// replaceApi() (the sandbox's hot reload): the next request runs on the new API while WebSocket
// connections opened before stay up, keep their subscriptions, and start new ones on the new API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldInvocation, FieldResult, ResolverEngine } from '../types.js';
import { API, apiKeyProtocols, post, SCHEMA, startHarness, startMessage, TestSocket, type Harness } from './testing/fixture.js';

/** The fixture's engine, plus the fields the new version adds. */
function versionTwoEngine(previous: ResolverEngine): ResolverEngine {
  const added: Record<string, () => FieldResult> = {
    'Query.version': () => ({ data: 'two', errors: [] }),
  };
  return {
    hasResolver: (typeName, fieldName) => `${typeName}.${fieldName}` in added || previous.hasResolver(typeName, fieldName),
    resolveField: async (invocation: FieldInvocation) =>
      added[`${invocation.typeName}.${invocation.fieldName}`]?.() ?? previous.resolveField(invocation),
  };
}

const VERSION_TWO_SCHEMA = `${SCHEMA}
  extend type Query { version: String @aws_api_key }
  extend type Subscription { onPublishAgain: Item @aws_subscribe(mutations: ["publish"]) @aws_api_key }
`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

describe('AppSyncServer.replaceApi', () => {
  it('serves the new API at once and keeps open connections and their subscriptions', async () => {
    const socket = await TestSocket.open(h.server.realtimeUrl, apiKeyProtocols(new URL(h.server.graphqlUrl).host));
    try {
      socket.send({ type: 'connection_init' });
      await socket.waitFor((m) => m.type === 'connection_ack');
      socket.send(startMessage('before', 'subscription { onPublish { id name } }'));
      await socket.waitFor((m) => m.type === 'start_ack' && m.id === 'before');
      expect((await post(h.server.graphqlUrl, { query: '{ version }' })).body.errors?.[0]?.message).toMatch(/version/);

      h.server.replaceApi({ ...API, schema: VERSION_TWO_SCHEMA }, versionTwoEngine(h.engine));

      expect((await post(h.server.graphqlUrl, { query: '{ version }' })).body).toEqual({ data: { version: 'two' } });
      // A start on the connection opened before the swap sees the new schema.
      socket.send(startMessage('after', 'subscription { onPublishAgain { id } }'));
      await socket.waitFor((m) => m.type === 'start_ack' && m.id === 'after');
      await post(h.server.graphqlUrl, { query: 'mutation { publish(id: "1", name: "kept") { id name } }' });
      expect((await socket.waitFor((m) => m.type === 'data' && m.id === 'before')).payload).toEqual({ data: { onPublish: { id: '1', name: 'kept' } } });
      expect((await socket.waitFor((m) => m.type === 'data' && m.id === 'after')).payload).toEqual({ data: { onPublishAgain: { id: '1' } } });
      expect(socket.closed).toBeUndefined();
    } finally {
      socket.close();
    }
  });

  it('refuses a schema that does not build and keeps serving the current one', async () => {
    expect(() => h.server.replaceApi({ ...API, schema: 'type Query { broken: NoSuchType }' }, h.engine)).toThrow(/NoSuchType/);
    expect((await post(h.server.graphqlUrl, { query: '{ version }' })).body).toEqual({ data: { version: 'two' } });
  });
});
