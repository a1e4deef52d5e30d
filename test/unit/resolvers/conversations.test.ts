// createConversation, conversation, conversations and deleteConversation on the bundled code.
import { describe, expect, it } from 'vitest';
import {
  ALICE, BOB, DYNAMODB_FAILURE, ENV, IAM_IDENTITY, conversationItem, expectError, plain, resolverFile, valueOf,
} from './evaluate-resolver.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('Mutation.createConversation', () => {
  const create = resolverFile('Mutation.createConversation.chatTable.ts');
  type PutItem = { operation: string; key: unknown; attributeValues: unknown; condition: { expression: string } };
  const put = (input: Record<string, unknown> | undefined, context: Record<string, unknown> = {}) => {
    const request = valueOf(create.request({ arguments: input === undefined ? {} : { input }, ...context })) as PutItem;
    expect(request.operation).toBe('PutItem');
    return { key: plain(request.key), item: plain(request.attributeValues), condition: request.condition };
  };

  it('creates a conversation with the default model when the input is omitted', () => {
    const { key, item, condition } = put(undefined);
    expect(item.id).toMatch(ULID);
    expect(key).toEqual({ pk: `CONV#${String(item.id)}`, sk: 'META' });
    expect(item).toEqual({
      type: 'Conversation', id: item.id, owner: ALICE, modelId: ENV.DEFAULT_MODEL_ID,
      createdAt: item.createdAt, updatedAt: item.createdAt, gsi1pk: `OWNER#${ALICE}`, gsi1sk: item.createdAt,
    });
    expect(Date.parse(String(item.createdAt))).not.toBeNaN();
    expect(condition.expression).toBe('attribute_not_exists(pk)');
  });

  it('stores title, systemPrompt and an allowed model; leaves out nulls', () => {
    expect(put({ title: 'Trip', systemPrompt: 'Be brief', modelId: 'amazon.nova-pro-v1:0' }).item)
      .toMatchObject({ title: 'Trip', systemPrompt: 'Be brief', modelId: 'amazon.nova-pro-v1:0' });
    const { item } = put({ title: null, systemPrompt: null });
    expect(item).not.toHaveProperty('title');
    expect(item).not.toHaveProperty('systemPrompt');
  });

  it('accepts title and systemPrompt at their limits', () => {
    put({ title: 't'.repeat(200), systemPrompt: 's'.repeat(10_000) });
  });

  it.each([
    ['a title over 200 characters', { title: 't'.repeat(201) }],
    ['a systemPrompt over 10,000 characters', { systemPrompt: 's'.repeat(10_001) }],
  ])('rejects %s with ValidationError', (_name, input) => {
    expectError(create.request({ arguments: { input } }), 'ValidationError');
  });

  it('rejects a model the API does not allow with UnsupportedModel', () => {
    expectError(create.request({ arguments: { input: { modelId: 'openai.gpt-4o' } } }), 'UnsupportedModel');
  });

  it('fails loudly when DEFAULT_MODEL_ID is not configured', () => {
    expectError(create.request({ arguments: {}, env: { ALLOWED_MODEL_IDS: ENV.ALLOWED_MODEL_IDS } }), 'InternalError', /DEFAULT_MODEL_ID/);
  });

  it('gives API key callers the shared guest owner and refuses IAM callers', () => {
    expect(put({}, { identity: null }).item).toMatchObject({ owner: 'guest', gsi1pk: 'OWNER#guest' });
    expectError(create.request({ arguments: {}, identity: IAM_IDENTITY }), 'Unauthorized');
  });

  it('returns the stored item and raises a DynamoDB error', () => {
    expect(valueOf(create.response({ arguments: {}, result: conversationItem() }))).toEqual(conversationItem());
    expectError(create.response({ arguments: {}, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.conversation', () => {
  const conversation = resolverFile('Query.conversation.chatTable.ts');
  const respond = (result: unknown, context: Record<string, unknown> = {}) => conversation.response({ arguments: { id: 'c1' }, result, ...context });

  it('reads the conversation strongly consistent', () => {
    const get = valueOf(conversation.request({ arguments: { id: 'c1' } })) as { key: unknown };
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
  });

  it("answers the owner's conversation, null when missing (the field is nullable)", () => {
    expect(valueOf(respond(conversationItem()))).toEqual(conversationItem());
    expect(valueOf(respond(null))).toBeNull();
  });

  it("refuses someone else's conversation, also to API key callers", () => {
    expectError(respond(conversationItem({ owner: BOB })), 'Unauthorized');
    expectError(respond(conversationItem(), { identity: null }), 'Unauthorized');
    valueOf(respond(conversationItem({ owner: 'guest' }), { identity: null }));
  });

  it('raises a DynamoDB error', () => {
    expectError(respond(null, { error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.conversations', () => {
  const conversations = resolverFile('Query.conversations.chatTable.ts');
  type QueryRequest = { operation: string; index: string; query: { expression: string; expressionValues: unknown }; scanIndexForward: boolean; limit: number; nextToken?: string };
  const query = (args: Record<string, unknown>, context: Record<string, unknown> = {}) =>
    valueOf(conversations.request({ arguments: args, ...context })) as QueryRequest;

  it("queries the caller's partition of byOwner, newest first, 20 by default", () => {
    const request = query({});
    expect(request).toMatchObject({ operation: 'Query', index: 'byOwner', scanIndexForward: false, limit: 20 });
    expect(request.query.expression).toBe('gsi1pk = :owner');
    expect(plain(request.query.expressionValues)).toEqual({ ':owner': `OWNER#${ALICE}` });
    expect(request).not.toHaveProperty('nextToken');
  });

  it('lists the guest partition for API key callers', () => {
    expect(plain(query({}, { identity: null }).query.expressionValues)).toEqual({ ':owner': 'OWNER#guest' });
  });

  it('passes limit and nextToken through', () => {
    expect(query({ limit: 1, nextToken: 'page-2' })).toMatchObject({ limit: 1, nextToken: 'page-2' });
    expect(query({ limit: 100 }).limit).toBe(100);
  });

  it.each([0, -1, 101])('rejects limit %d with ValidationError', (limit) => {
    expectError(conversations.request({ arguments: { limit } }), 'ValidationError');
  });

  it('answers items and a null nextToken at the end', () => {
    const items = [conversationItem()];
    expect(valueOf(conversations.response({ arguments: {}, result: { items, nextToken: 'n' } }))).toEqual({ items, nextToken: 'n' });
    expect(valueOf(conversations.response({ arguments: {}, result: { items: [] } }))).toEqual({ items: [], nextToken: null });
    expectError(conversations.response({ arguments: {}, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Mutation.deleteConversation', () => {
  const authorize = resolverFile('Mutation.deleteConversation/01.authorize.chatTable.ts');
  const purge = resolverFile('Mutation.deleteConversation/02.purge.chatPurgeFunction.ts');

  it('authorizes the owner and stashes the conversation', () => {
    const get = valueOf(authorize.request({ arguments: { id: 'c1' } })) as { key: unknown };
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
    const out = authorize.response({ arguments: { id: 'c1' }, result: conversationItem() });
    expect(out.stash.conversation).toEqual(conversationItem());
  });

  it('raises NotFound, Unauthorized and DynamoDB errors', () => {
    expectError(authorize.response({ arguments: { id: 'c1' }, result: null }), 'NotFound');
    expectError(authorize.response({ arguments: { id: 'c1' }, result: conversationItem({ owner: BOB }) }), 'Unauthorized');
    expectError(authorize.response({ arguments: { id: 'c1' }, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });

  it('purges synchronously through chat-purge and answers the removed conversation', () => {
    const stash = { conversation: conversationItem() };
    expect(valueOf(purge.request({ arguments: { id: 'c1' }, stash }))).toEqual({
      operation: 'Invoke', invocationType: 'RequestResponse', payload: { conversationId: 'c1' },
    });
    expect(valueOf(purge.response({ arguments: { id: 'c1' }, stash, result: { deleted: 3 } }))).toEqual(conversationItem());
    expectError(purge.response({ arguments: { id: 'c1' }, stash, result: null, error: { message: 'Task timed out', type: 'Lambda:Unhandled' } }), 'Lambda:Unhandled');
  });
});
