// publishMessageChunk and the onMessageChunk subscription on the bundled code.
import { describe, expect, it } from 'vitest';
import {
  ALICE, BOB, DYNAMODB_FAILURE, IAM_IDENTITY, conversationItem, expectError, plain, resolverFile, valueOf,
} from './evaluate-resolver.js';

describe('Mutation.publishMessageChunk', () => {
  const publish = resolverFile('Mutation.publishMessageChunk.none.ts');
  const chunk = { conversationId: 'c1', messageId: 'm2', owner: ALICE, seq: 3, text: 'Hel', done: false, stopReason: null, usage: null, error: null };

  it('echoes the chunk through the NONE data source for IAM callers', () => {
    expect(valueOf(publish.request({ arguments: { input: chunk }, identity: IAM_IDENTITY }))).toEqual({ payload: chunk });
    expect(valueOf(publish.response({ arguments: { input: chunk }, identity: IAM_IDENTITY, result: chunk }))).toEqual(chunk);
  });

  it('raises an error', () => {
    expectError(publish.response({ arguments: { input: chunk }, identity: IAM_IDENTITY, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Subscription.onMessageChunk', () => {
  const subscribe = resolverFile('Subscription.onMessageChunk.chatTable.ts');
  const args = { conversationId: 'c1' };
  // The filter replaces argument filtering (enhanced filtering), so it names the conversation too.
  const ownerFilter = (owner: string) => ({
    filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: owner }, { fieldName: 'conversationId', operator: 'eq', value: 'c1' }] }],
  });

  it('reads the conversation strongly consistent', () => {
    const get = valueOf(subscribe.request({ arguments: args })) as { key: unknown; consistentRead: boolean };
    expect(plain(get.key)).toEqual({ pk: 'CONV#c1', sk: 'META' });
    expect(get.consistentRead).toBe(true);
  });

  it("filters chunks on the owner for the conversation's owner", () => {
    const out = subscribe.response({ arguments: args, result: conversationItem() });
    expect(valueOf(out)).toBeNull();
    expect(out.subscriptionFilter).toEqual(ownerFilter(ALICE));
  });

  it('filters on the guest owner for API key callers of a guest conversation', () => {
    expect(subscribe.response({ arguments: args, result: conversationItem({ owner: 'guest' }), identity: null }).subscriptionFilter)
      .toEqual(ownerFilter('guest'));
  });

  it('denies a missing conversation, another owner, an API key on a user conversation, and IAM', () => {
    const denials = [
      [subscribe.response({ arguments: args, result: null }), 'NotFound'],
      [subscribe.response({ arguments: args, result: conversationItem({ owner: BOB }) }), 'Unauthorized'],
      [subscribe.response({ arguments: args, result: conversationItem(), identity: null }), 'Unauthorized'],
      [subscribe.response({ arguments: args, result: conversationItem(), identity: IAM_IDENTITY }), 'Unauthorized'],
    ] as const;
    for (const [out, errorType] of denials) {
      expectError(out, errorType);
      expect(out.subscriptionFilter).toBeUndefined();
    }
  });

  it('raises a DynamoDB error', () => {
    expectError(subscribe.response({ arguments: args, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});
