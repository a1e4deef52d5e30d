// Query.message, Query.messages and Mutation.cancelGeneration on the bundled code.
import { describe, expect, it } from 'vitest';
import {
  BOB, DYNAMODB_FAILURE, conversationItem, expectError, messageItem, plain, resolverFile, valueOf,
} from './evaluate-resolver.js';

const CONDITION_FAILED = { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' };

describe.each([
  ['Query.message/01.authorize.chatTable.ts', { conversationId: 'c1', id: 'm2' }],
  ['Query.messages/01.authorize.chatTable.ts', { conversationId: 'c1' }],
  ['Mutation.cancelGeneration/01.authorize.chatTable.ts', { conversationId: 'c1', messageId: 'm2' }],
])('%s', (path, args) => {
  const authorize = resolverFile(path);

  it('reads the conversation and stashes it for its owner', () => {
    const get = valueOf(authorize.request({ arguments: args })) as { key: unknown; consistentRead: boolean };
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
    expect(get.consistentRead).toBe(true);
    expect(authorize.response({ arguments: args, result: conversationItem() }).stash.conversation).toEqual(conversationItem());
  });

  it('raises NotFound, Unauthorized (also for API keys) and DynamoDB errors', () => {
    expectError(authorize.response({ arguments: args, result: null }), 'NotFound', 'Conversation not found');
    expectError(authorize.response({ arguments: args, result: conversationItem({ owner: BOB }) }), 'Unauthorized');
    expectError(authorize.response({ arguments: args, result: conversationItem(), identity: null }), 'Unauthorized');
    expectError(authorize.response({ arguments: args, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.message/02.getMessage', () => {
  const getMessage = resolverFile('Query.message/02.getMessage.chatTable.ts');
  const args = { conversationId: 'c1', id: 'm2' };

  it('reads the latest checkpoint of the message', () => {
    const get = valueOf(getMessage.request({ arguments: args })) as { key: unknown; consistentRead: boolean };
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'MSG#m2' });
    expect(get.consistentRead).toBe(true);
  });

  it('answers the message, null when missing (the field is nullable), and raises DynamoDB errors', () => {
    expect(valueOf(getMessage.response({ arguments: args, result: messageItem() }))).toEqual(messageItem());
    expect(valueOf(getMessage.response({ arguments: args, result: null }))).toBeNull();
    expectError(getMessage.response({ arguments: args, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.messages/02.listMessages', () => {
  const listMessages = resolverFile('Query.messages/02.listMessages.chatTable.ts');
  type QueryRequest = { operation: string; index?: string; query: { expression: string; expressionValues: unknown }; scanIndexForward: boolean; limit: number; nextToken?: string };
  const query = (args: Record<string, unknown>) => valueOf(listMessages.request({ arguments: { conversationId: 'c1', ...args } })) as QueryRequest;

  it("queries the conversation's messages oldest first, 50 by default, on the table itself", () => {
    const request = query({});
    expect(request).toMatchObject({ operation: 'Query', scanIndexForward: true, limit: 50 });
    expect(request).not.toHaveProperty('index');
    expect(request).not.toHaveProperty('nextToken');
    expect(request.query.expression).toBe('pk = :pk AND begins_with(sk, :prefix)');
    expect(plain(request.query.expressionValues)).toEqual({ ':pk': 'CONV#c1', ':prefix': 'MSG#' });
  });

  it('passes limit and nextToken through', () => {
    expect(query({ limit: 100, nextToken: 'next' })).toMatchObject({ limit: 100, nextToken: 'next' });
    expect(query({ limit: 1 }).limit).toBe(1);
  });

  it.each([0, 101])('rejects limit %d with ValidationError', (limit) => {
    expectError(listMessages.request({ arguments: { conversationId: 'c1', limit } }), 'ValidationError');
  });

  it('answers items and a null nextToken at the end, and raises DynamoDB errors', () => {
    const items = [messageItem()];
    expect(valueOf(listMessages.response({ arguments: { conversationId: 'c1' }, result: { items } }))).toEqual({ items, nextToken: null });
    expect(valueOf(listMessages.response({ arguments: { conversationId: 'c1' }, result: { items, nextToken: 't' } }))).toEqual({ items, nextToken: 't' });
    expectError(listMessages.response({ arguments: { conversationId: 'c1' }, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Mutation.cancelGeneration', () => {
  const getMessage = resolverFile('Mutation.cancelGeneration/02.getMessage.chatTable.ts');
  const cancel = resolverFile('Mutation.cancelGeneration/03.cancel.chatTable.ts');
  const args = { conversationId: 'c1', messageId: 'm2' };
  const stash = { conversation: conversationItem() };

  it('02 reads the message and stashes an assistant message', () => {
    const get = valueOf(getMessage.request({ arguments: args, stash })) as { key: unknown; consistentRead: boolean };
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'MSG#m2' });
    expect(get.consistentRead).toBe(true);
    expect(getMessage.response({ arguments: args, stash, result: messageItem() }).stash.message).toEqual(messageItem());
  });

  it('02 raises NotFound for a missing message, ValidationError for a user message, and DynamoDB errors', () => {
    expectError(getMessage.response({ arguments: args, stash, result: null }), 'NotFound', 'Message not found');
    expectError(getMessage.response({ arguments: args, stash, result: messageItem({ role: 'USER', status: 'COMPLETE' }) }), 'ValidationError');
    expectError(getMessage.response({ arguments: args, stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });

  it('03 sets CANCELLED only while the answer is STREAMING', () => {
    const update = valueOf(cancel.request({ arguments: args, stash: { ...stash, message: messageItem() } })) as {
      operation: string; key: unknown; update: { expression: string; expressionNames: unknown; expressionValues: unknown }; condition: { expression: string };
    };
    expect(update.operation).toBe('UpdateItem');
    expect(plain(update.key)).toEqual({ pk: 'CONV#c1', sk: 'MSG#m2' });
    expect(update.update.expression).toBe('SET #status = :cancelled, updatedAt = :now');
    expect(update.update.expressionNames).toEqual({ '#status': 'status' });
    expect(plain(update.update.expressionValues)).toMatchObject({ ':cancelled': 'CANCELLED', ':streaming': 'STREAMING' });
    expect(update.condition.expression).toBe('#status = :streaming');
  });

  it.each(['COMPLETE', 'FAILED', 'CANCELLED'])('03 returns a %s answer unchanged (idempotent)', (status) => {
    const message = messageItem({ status });
    const out = cancel.request({ arguments: args, stash: { ...stash, message } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toEqual(message);
  });

  it('03 answers the updated message, Conflict when the answer finished meanwhile, and raises DynamoDB errors', () => {
    const cancelled = messageItem({ status: 'CANCELLED' });
    const respond = (context: Record<string, unknown>) => cancel.response({ arguments: args, stash: { ...stash, message: messageItem() }, ...context });
    expect(valueOf(respond({ result: cancelled }))).toEqual(cancelled);
    expectError(respond({ result: null, error: CONDITION_FAILED }), 'Conflict', /finished/);
    expectError(respond({ result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});
