// Mutation.sendMessage: every pipeline step's request and response, on the bundled code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALICE, BOB, DYNAMODB_FAILURE, ENV, IAM_IDENTITY, conversationItem, expectError, plain, resolverFile, valueOf,
} from './evaluate-resolver.js';

const authorize = resolverFile('Mutation.sendMessage/01.authorize.chatTable.ts');
const findSendToken = resolverFile('Mutation.sendMessage/02.findSendToken.chatTable.ts');
const storeMessages = resolverFile('Mutation.sendMessage/03.storeMessages.chatTable.ts');
const startGeneration = resolverFile('Mutation.sendMessage/04.startGeneration.chatStreamFunction.ts');
const failUnstarted = resolverFile('Mutation.sendMessage/05.failUnstarted.chatTable.ts');
const pipeline = resolverFile('Mutation.sendMessage/resolver.ts');

const OTHER_MODEL = 'amazon.nova-pro-v1:0';
const input = (overrides: Record<string, unknown> = {}) => ({ conversationId: 'c1', content: 'Hello there', ...overrides });
const args = (overrides: Record<string, unknown> = {}) => ({ input: input(overrides) });

describe('01.authorize request: validates the input before any read', () => {
  const request = (overrides: Record<string, unknown>) => authorize.request({ arguments: args(overrides) });

  it('reads the conversation strongly consistent', () => {
    const get = valueOf(request({})) as Record<string, unknown>;
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
  });

  it.each([
    ['empty content', { content: '' }],
    ['blank content', { content: ' \n\t ' }],
    ['content over 32,000 characters', { content: 'x'.repeat(32_001) }],
    ['an empty clientToken', { clientToken: '' }],
    ['a clientToken over 64 characters', { clientToken: 'a'.repeat(65) }],
    ['a clientToken with a dot', { clientToken: 'a.b' }],
    ['a clientToken with a space', { clientToken: 'a b' }],
    ['a clientToken with a trailing newline', { clientToken: 'abc\n' }],
    ['maxTokens 0', { inferenceConfig: { maxTokens: 0 } }],
    ['maxTokens 8193', { inferenceConfig: { maxTokens: 8193 } }],
    ['temperature below 0', { inferenceConfig: { temperature: -0.01 } }],
    ['temperature above 1', { inferenceConfig: { temperature: 1.01 } }],
    ['topP below 0', { inferenceConfig: { topP: -0.5 } }],
    ['topP above 1', { inferenceConfig: { topP: 1.5 } }],
    ['five stop sequences', { inferenceConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } }],
    ['an empty stop sequence', { inferenceConfig: { stopSequences: ['ok', ''] } }],
    ['a stop sequence over 100 characters', { inferenceConfig: { stopSequences: ['s'.repeat(101)] } }],
  ])('rejects %s with ValidationError', (_name, overrides) => {
    expectError(request(overrides), 'ValidationError');
  });

  it.each([
    ['content of exactly 32,000 characters', { content: 'x'.repeat(32_000) }],
    ['a 64-character clientToken of every allowed kind', { clientToken: `aZ09_-${'k'.repeat(58)}` }],
    ['inference values at their bounds', { inferenceConfig: { maxTokens: 1, temperature: 0, topP: 1, stopSequences: ['a', 'b', 'c', 's'.repeat(100)] } }],
    ['maxTokens 8192 and temperature 1', { inferenceConfig: { maxTokens: 8192, temperature: 1, topP: 0 } }],
    ['an allowed model override', { modelId: OTHER_MODEL }],
  ])('accepts %s', (_name, overrides) => {
    valueOf(request(overrides));
  });

  it('rejects a model override the API does not allow with UnsupportedModel', () => {
    expectError(request({ modelId: 'meta.llama3-70b-instruct-v1:0' }), 'UnsupportedModel', /meta\.llama3/);
  });

  it('fails loudly when ALLOWED_MODEL_IDS is not configured', () => {
    const result = authorize.request({ arguments: args({ modelId: OTHER_MODEL }), env: { DEFAULT_MODEL_ID: ENV.DEFAULT_MODEL_ID } });
    expectError(result, 'InternalError', /ALLOWED_MODEL_IDS/);
  });
});

describe('01.authorize response: the caller must own the conversation', () => {
  const respond = (result: unknown, context: Record<string, unknown> = {}) =>
    authorize.response({ arguments: args(), result, ...context });

  it('stashes the conversation and its model', () => {
    const out = respond(conversationItem());
    expect(valueOf(out)).toMatchObject({ id: 'c1', owner: ALICE });
    expect(out.stash).toMatchObject({ conversation: { id: 'c1' }, modelId: ENV.DEFAULT_MODEL_ID });
  });

  it('prefers the model override of the message', () => {
    const out = authorize.response({ arguments: args({ modelId: OTHER_MODEL }), result: conversationItem() });
    expect(out.stash.modelId).toBe(OTHER_MODEL);
  });

  it('rejects a conversation whose model is no longer allowed', () => {
    expectError(respond(conversationItem({ modelId: 'retired.model-v1:0' })), 'UnsupportedModel');
  });

  it('raises NotFound for a missing conversation', () => {
    expectError(respond(null), 'NotFound', 'Conversation not found');
  });

  it("raises Unauthorized for someone else's conversation", () => {
    expectError(respond(conversationItem({ owner: BOB })), 'Unauthorized');
  });

  it('lets an API key caller use the guest conversation only', () => {
    valueOf(respond(conversationItem({ owner: 'guest' }), { identity: null }));
    expectError(respond(conversationItem(), { identity: null }), 'Unauthorized');
  });

  it('refuses an IAM caller (no owner)', () => {
    expectError(respond(conversationItem(), { identity: IAM_IDENTITY }), 'Unauthorized');
  });

  it('raises a DynamoDB error', () => {
    expectError(respond(null, { error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type, DYNAMODB_FAILURE.message);
  });
});

describe('02.findSendToken: idempotent replays', () => {
  const stored = { id: 'u1', role: 'USER', content: 'Hello there' };
  const tokenItem = (overrides: Record<string, unknown> = {}) => ({
    pk: 'CONV#c1', sk: 'TOKEN#tok-1', type: 'SendToken', userMessageId: 'u1', assistantMessageId: 'a1', userMessage: stored,
    contentHash: 'raw:Hello there', expiresAt: Math.floor(Date.now() / 1000) + 3600, ...overrides,
  });

  it('skips the read without a clientToken', () => {
    const out = findSendToken.request({ arguments: args() });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toBeNull();
  });

  it('reads the send token strongly consistent', () => {
    const get = valueOf(findSendToken.request({ arguments: args({ clientToken: 'tok-1' }) })) as Record<string, unknown>;
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'TOKEN#tok-1' });
  });

  it('replays the first result for the same content', () => {
    const out = findSendToken.response({ arguments: args({ clientToken: 'tok-1' }), result: tokenItem() });
    valueOf(out);
    expect(out.stash.replay).toEqual({ userMessage: stored, assistantMessageId: 'a1' });
  });

  it('raises IdempotencyConflict for the same token with different content', () => {
    const out = findSendToken.response({ arguments: args({ clientToken: 'tok-1', content: 'Hello there!' }), result: tokenItem() });
    expectError(out, 'IdempotencyConflict');
  });

  it('treats a missing or expired token as new', () => {
    for (const result of [null, tokenItem({ expiresAt: Math.floor(Date.now() / 1000) - 1 })]) {
      const out = findSendToken.response({ arguments: args({ clientToken: 'tok-1' }), result });
      expect(valueOf(out)).toBeNull();
      expect(out.stash.replay).toBeUndefined();
    }
  });

  it('raises a DynamoDB error', () => {
    expectError(findSendToken.response({ arguments: args({ clientToken: 'tok-1' }), result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('02 and 03 agree on when a send token has expired', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // isSendTokenLive counts a token as expired once expiresAt <= now; 03's condition must then let it
  // be replaced, or in the second where expiresAt == now the client gets Conflict instead of a new send.
  it('a token 02 treats as expired is one 03 may overwrite', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00.500Z'));
    const nowSeconds = Math.floor(Date.now() / 1000);
    const token = {
      pk: 'CONV#c1', sk: 'TOKEN#tok-1', type: 'SendToken', userMessageId: 'u1', assistantMessageId: 'a1',
      userMessage: { id: 'u1' }, contentHash: 'raw:Hello there', expiresAt: nowSeconds,
    };
    const found = findSendToken.response({ arguments: args({ clientToken: 'tok-1' }), result: token });
    expect(valueOf(found)).toBeNull();
    const stored = storeMessages.request({ arguments: args({ clientToken: 'tok-1' }), stash: { conversation: conversationItem(), modelId: OTHER_MODEL } });
    const condition = (valueOf(stored) as { transactItems: Array<{ condition: { expression: string; expressionValues?: unknown } }> }).transactItems[3]!.condition;
    expect(condition.expression).toContain('expiresAt <= :nowSeconds');
    expect(token.expiresAt).toBeLessThanOrEqual(plain(condition.expressionValues)[':nowSeconds'] as number);
  });
});

describe('03.storeMessages: one TransactWriteItems', () => {
  const stash = { conversation: conversationItem({ systemPrompt: 'Be brief' }), modelId: OTHER_MODEL };
  type TransactItem = { table: string; operation: string; key: unknown; attributeValues?: unknown; update?: { expression: string; expressionValues: unknown }; condition?: { expression: string; expressionValues?: unknown } };
  const transaction = (overrides: Record<string, unknown> = {}) => {
    const out = storeMessages.request({ arguments: args(overrides), stash });
    const request = valueOf(out) as { operation: string; transactItems: TransactItem[] };
    expect(request.operation).toBe('TransactWriteItems');
    return { items: request.transactItems, stash: out.stash };
  };

  it('writes the user message, the assistant placeholder and the conversation update, in the ChatTable', () => {
    const { items, stash: after } = transaction();
    expect(items.map((i) => [i.table, i.operation])).toEqual([
      [ENV.CHAT_TABLE_NAME, 'PutItem'], [ENV.CHAT_TABLE_NAME, 'PutItem'], [ENV.CHAT_TABLE_NAME, 'UpdateItem'],
    ]);
    const [user, assistant, conversation] = items as [TransactItem, TransactItem, TransactItem];
    const userItem = plain(user.attributeValues);
    const assistantItem = plain(assistant.attributeValues);
    expect(userItem).toMatchObject({
      type: 'Message', conversationId: 'c1', owner: ALICE, role: 'USER', content: 'Hello there', status: 'COMPLETE',
    });
    expect(assistantItem).toMatchObject({
      type: 'Message', conversationId: 'c1', owner: ALICE, role: 'ASSISTANT', content: '', status: 'STREAMING', modelId: OTHER_MODEL,
    });
    expect(plain(user.key)).toEqual({ pk: 'CONV#c1', sk: `MSG#${String(userItem.id)}` });
    expect(plain(assistant.key)).toEqual({ pk: 'CONV#c1', sk: `MSG#${String(assistantItem.id)}` });
    expect(user.condition?.expression).toBe('attribute_not_exists(pk)');
    expect(assistant.condition?.expression).toBe('attribute_not_exists(pk)');
    expect(plain(conversation.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
    expect(conversation.update?.expression).toMatch(/SET lastMessageAt = :now/);
    expect(plain(conversation.update?.expressionValues)).toEqual({ ':now': userItem.createdAt });
    expect(conversation.condition?.expression).toBe('attribute_exists(pk)');
    expect(after.sendResult).toEqual({ userMessage: userItem, assistantMessageId: assistantItem.id });
  });

  it('gives the user message the smaller ULID, so the question sorts first', () => {
    for (let i = 0; i < 20; i += 1) {
      const [user, assistant] = transaction().items.slice(0, 2).map((item) => String(plain(item.attributeValues).id));
      expect(user).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(user! < assistant!).toBe(true);
    }
  });

  it('stores the send token with a 24 h TTL when a clientToken is given', () => {
    const before = Math.floor(Date.now() / 1000);
    const { items } = transaction({ clientToken: 'tok-1' });
    expect(items).toHaveLength(4);
    const token = items[3]!;
    const tokenItem = plain(token.attributeValues);
    const userItem = plain(items[0]!.attributeValues);
    expect(plain(token.key)).toEqual({ pk: 'CONV#c1', sk: 'TOKEN#tok-1' });
    expect(tokenItem).toMatchObject({
      type: 'SendToken', userMessageId: userItem.id, assistantMessageId: plain(items[1]!.attributeValues).id,
      userMessage: userItem, contentHash: 'raw:Hello there',
    });
    expect(tokenItem.expiresAt).toBeGreaterThanOrEqual(before + 86_400);
    expect(tokenItem.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 86_400);
    expect(token.condition?.expression).toBe('attribute_not_exists(pk) OR expiresAt <= :nowSeconds');
  });

  it('returns the replay and writes nothing when 02 found the token', () => {
    const replay = { userMessage: { id: 'u1' }, assistantMessageId: 'a1' };
    const out = storeMessages.request({ arguments: args({ clientToken: 'tok-1' }), stash: { ...stash, replay } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toEqual(replay);
  });

  it('fails loudly when CHAT_TABLE_NAME is not configured', () => {
    const out = storeMessages.request({ arguments: args(), stash, env: { ALLOWED_MODEL_IDS: ENV.ALLOWED_MODEL_IDS, DEFAULT_MODEL_ID: ENV.DEFAULT_MODEL_ID } });
    expectError(out, 'InternalError', /CHAT_TABLE_NAME/);
  });

  describe('response', () => {
    const sendResult = { userMessage: { id: 'u1', content: 'Hello there' }, assistantMessageId: 'a1' };
    const none = { type: 'None', message: null };
    const failed = { type: 'ConditionalCheckFailed', message: 'The conditional request failed' };
    const cancelled = (reasons: unknown[]) => storeMessages.response({
      arguments: args({ clientToken: 'tok-1' }),
      stash: { ...stash, sendResult },
      result: { keys: null, cancellationReasons: reasons },
      error: { message: 'Transaction cancelled', type: 'DynamoDB:TransactionCanceledException' },
    });

    it('returns the stored messages', () => {
      expect(valueOf(storeMessages.response({ arguments: args(), stash: { ...stash, sendResult }, result: { keys: [], cancellationReasons: null } })))
        .toEqual(sendResult);
    });

    it('maps a lost race on the send token to Conflict', () => {
      expectError(cancelled([none, none, none, failed]), 'Conflict', /clientToken/);
    });

    it('maps a deleted conversation to NotFound', () => {
      expectError(cancelled([none, none, failed, none]), 'NotFound', 'Conversation not found');
    });

    it('passes any other cancellation through', () => {
      expectError(cancelled([failed, none, none, none]), 'DynamoDB:TransactionCanceledException');
    });

    it('raises a DynamoDB error', () => {
      expectError(storeMessages.response({ arguments: args(), stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
    });
  });
});

describe('04.startGeneration: invokes chat-stream asynchronously', () => {
  const sendResult = { userMessage: { id: 'u1' }, assistantMessageId: 'a1' };
  const stash = { conversation: conversationItem(), modelId: ENV.DEFAULT_MODEL_ID, sendResult };

  it("sends the README's payload with invocationType Event", () => {
    const inferenceConfig = { maxTokens: 512, temperature: 0.5, topP: 0.9, stopSequences: [] };
    const out = startGeneration.request({
      arguments: args({ inferenceConfig }),
      stash: { ...stash, conversation: conversationItem({ systemPrompt: 'Be brief' }) },
    });
    expect(valueOf(out)).toEqual({
      operation: 'Invoke',
      invocationType: 'Event',
      payload: {
        conversationId: 'c1', userMessageId: 'u1', assistantMessageId: 'a1', owner: ALICE, modelId: ENV.DEFAULT_MODEL_ID,
        systemPrompt: 'Be brief', inferenceConfig,
      },
    });
  });

  it('leaves out systemPrompt and inferenceConfig when there are none', () => {
    const out = startGeneration.request({ arguments: args(), stash });
    expect((valueOf(out) as { payload: Record<string, unknown> }).payload).toEqual({
      conversationId: 'c1', userMessageId: 'u1', assistantMessageId: 'a1', owner: ALICE, modelId: ENV.DEFAULT_MODEL_ID,
    });
  });

  it('starts nothing on a replay', () => {
    const out = startGeneration.request({ arguments: args(), stash: { ...stash, replay: sendResult } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toBeNull();
  });

  it('records a failed invoke for 05.failUnstarted instead of raising it', () => {
    const out = startGeneration.response({ arguments: args(), stash, result: null, error: { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' } });
    expect(out.error).toBeUndefined();
    expect(out.stash.startError).toEqual({ message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' });
  });

  it('passes the invoke result through', () => {
    const out = startGeneration.response({ arguments: args(), stash, result: { StatusCode: 202 } });
    expect(valueOf(out)).toEqual({ StatusCode: 202 });
    expect(out.stash.startError).toBeUndefined();
  });
});

describe('05.failUnstarted: marks the placeholder FAILED when the start failed', () => {
  const sendResult = { userMessage: { id: 'u1' }, assistantMessageId: 'a1' };
  const startError = { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' };
  const stash = { conversation: conversationItem(), modelId: ENV.DEFAULT_MODEL_ID, sendResult, startError };

  it('does nothing when the answer started', () => {
    const out = failUnstarted.request({ arguments: args(), stash: { ...stash, startError: undefined } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toBeNull();
  });

  it('updates the assistant message only while it is STREAMING', () => {
    const update = valueOf(failUnstarted.request({ arguments: args(), stash })) as {
      operation: string; key: unknown; update: { expression: string; expressionNames: Record<string, string>; expressionValues: unknown }; condition: { expression: string; expressionValues: unknown };
    };
    expect(update.operation).toBe('UpdateItem');
    expect(plain(update.key)).toEqual({ pk: 'CONV#c1', sk: 'MSG#a1' });
    expect(update.update.expression).toBe('SET #status = :failed, #error = :error, updatedAt = :now');
    expect(update.update.expressionNames).toEqual({ '#status': 'status', '#error': 'error' });
    expect(plain(update.update.expressionValues)).toMatchObject({
      ':failed': 'FAILED', ':error': { errorType: 'InternalError', message: 'The answer could not be started' },
    });
    expect(update.condition.expression).toBe('#status = :streaming');
    expect(plain(update.condition.expressionValues)).toEqual({ ':streaming': 'STREAMING' });
  });

  it('reports the failed start with the message ids, whether or not the placeholder was still STREAMING', () => {
    for (const error of [undefined, { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' }]) {
      const out = failUnstarted.response({ arguments: args(), stash, result: null, ...(error ? { error } : {}) });
      expectError(out, 'InternalError', 'The answer could not be started');
      expect(out.error?.errorInfo).toEqual({ userMessageId: 'u1', assistantMessageId: 'a1' });
    }
  });

  it('raises another DynamoDB error', () => {
    expectError(failUnstarted.response({ arguments: args(), stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('resolver.ts: the pipeline answer', () => {
  const sendResult = { userMessage: { id: 'u2' }, assistantMessageId: 'a2' };
  const replay = { userMessage: { id: 'u1' }, assistantMessageId: 'a1' };

  it('answers with the new messages, or the replay', () => {
    expect(valueOf(pipeline.request({ arguments: args() }))).toEqual({});
    expect(valueOf(pipeline.response({ arguments: args(), stash: { sendResult }, prev: { result: null } }))).toEqual(sendResult);
    expect(valueOf(pipeline.response({ arguments: args(), stash: { replay }, prev: { result: replay } }))).toEqual(replay);
  });

  it('raises an error', () => {
    expectError(pipeline.response({ arguments: args(), stash: { sendResult }, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});
