// Mutation.regenerateAdvertVariant: every pipeline step, on the bundled code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, DYNAMODB_FAILURE, IAM_IDENTITY, expectError, plain, resolverFile, valueOf } from './evaluate-resolver.js';
import { ADVERTS_ENV, advertItem, partition, variantItem } from './adverts-support.js';

const authorize = resolverFile('Mutation.regenerateAdvertVariant/01.authorize.advertsTable.ts');
const restart = resolverFile('Mutation.regenerateAdvertVariant/02.restart.advertsTable.ts');
const startStream = resolverFile('Mutation.regenerateAdvertVariant/03.startStream.advertStreamFunction.ts');
const failUnstarted = resolverFile('Mutation.regenerateAdvertVariant/04.failUnstarted.advertsTable.ts');
const pipeline = resolverFile('Mutation.regenerateAdvertVariant/resolver.ts');

const env = ADVERTS_ENV;
const args = { advertId: 'ad1', variantId: 'v1' };
const advertWithVariants = { ...advertItem(), variants: [variantItem(0), variantItem(1)] };
const restarted = variantItem(1, { status: 'STREAMING', content: '', generation: 2, cached: false, usage: undefined, stopReason: undefined });

afterEach(() => {
  vi.useRealTimers();
});

describe('01.authorize', () => {
  const respond = (result: unknown, extra: Record<string, unknown> = {}) => authorize.response({ env, arguments: args, result, ...extra });

  it("reads the advert's partition strongly consistent", () => {
    const query = valueOf(authorize.request({ env, arguments: args })) as { operation: string; consistentRead: boolean; query: { expression: string; expressionValues: unknown } };
    expect(query).toMatchObject({ operation: 'Query', consistentRead: true, scanIndexForward: true });
    expect(query.query.expression).toBe('pk = :pk');
    expect(plain(query.query.expressionValues)).toEqual({ ':pk': 'ADVERT#ad1' });
  });

  it('stashes the advert with its variants and the variant to regenerate', () => {
    const out = respond(partition(advertItem(), variantItem(0), variantItem(1)));
    expect(valueOf(out)).toEqual(variantItem(1));
    expect(out.stash).toEqual({ advert: advertWithVariants, variant: variantItem(1) });
  });

  it('denies a missing advert, a missing variant, another owner, an API key on a user advert, and IAM', () => {
    const denials = [
      [respond(partition(null)), 'NotFound', 'Advert not found'],
      [respond(partition(advertItem(), variantItem(0))), 'NotFound', 'Advert variant not found'],
      [respond(partition(advertItem({ owner: BOB }), variantItem(0), variantItem(1))), 'Unauthorized', undefined],
      [respond(partition(advertItem(), variantItem(1)), { identity: null }), 'Unauthorized', undefined],
      [respond(partition(advertItem(), variantItem(1)), { identity: IAM_IDENTITY }), 'Unauthorized', undefined],
    ] as const;
    for (const [out, errorType, message] of denials) {
      expectError(out, errorType, message);
      expect(out.stash.variant).toBeUndefined();
    }
  });

  it('rejects an advert whose model is no longer allowed', () => {
    expectError(respond(partition(advertItem({ modelId: 'retired.model-v1:0' }), variantItem(1))), 'UnsupportedModel');
  });

  it('raises a DynamoDB error', () => {
    expectError(respond(null, { error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('02.restart', () => {
  const stash = { advert: advertWithVariants, variant: variantItem(1) };

  it('restarts the variant: STREAMING, empty, generation + 1, not cached, usage/stopReason/error removed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'));
    const update = valueOf(restart.request({ env, arguments: args, stash })) as {
      operation: string; key: unknown;
      update: { expression: string; expressionNames: Record<string, string>; expressionValues: unknown };
      condition: { expression: string; expressionNames: Record<string, string>; expressionValues: unknown };
    };
    expect(update.operation).toBe('UpdateItem');
    expect(plain(update.key)).toEqual({ pk: 'ADVERT#ad1', sk: 'VARIANT#01' });
    expect(update.update.expression).toBe(
      'SET #status = :streaming, #content = :empty, #generation = #generation + :one, #cached = :false, #updatedAt = :now REMOVE #usage, #stopReason, #error',
    );
    expect(update.update.expressionNames).toMatchObject({ '#usage': 'usage', '#stopReason': 'stopReason', '#error': 'error', '#generation': 'generation' });
    expect(plain(update.update.expressionValues)).toEqual({
      ':streaming': 'STREAMING', ':empty': '', ':one': 1, ':false': false, ':now': '2026-03-01T12:00:00.000Z',
    });
    // Not STREAMING, or STREAMING but silent for 6 minutes (the stream Lambda's timeout is 5).
    expect(update.condition.expression).toBe('attribute_exists(pk) AND #id = :variantId AND (#status <> :streaming OR #updatedAt < :staleBefore)');
    expect(plain(update.condition.expressionValues)).toEqual({
      ':variantId': 'v1', ':streaming': 'STREAMING', ':staleBefore': '2026-03-01T11:54:00.000Z',
    });
  });

  it('stashes the restarted variant', () => {
    const out = restart.response({ env, arguments: args, stash, result: restarted });
    expect(valueOf(out)).toEqual(restarted);
    expect(out.stash.variant).toEqual(restarted);
  });

  it('maps a failed condition (still streaming, or removed) to Conflict', () => {
    const out = restart.response({ env, arguments: args, stash, result: null, error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' } });
    expectError(out, 'Conflict', 'The variant is still being generated; regenerate it once it has ended');
  });

  it('raises another DynamoDB error', () => {
    expectError(restart.response({ env, arguments: args, stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('03.startStream', () => {
  const stash = { advert: advertWithVariants, variant: restarted };

  it('starts advert-stream for the one variant at its new generation, cache bypassed, with invocationType Event', () => {
    expect(valueOf(startStream.request({ env, arguments: args, stash }))).toEqual({
      operation: 'Invoke',
      invocationType: 'Event',
      payload: { advertId: 'ad1', owner: ALICE, variants: [{ id: 'v1', generation: 2 }], bypassCache: true },
    });
  });

  it('records a failed invoke instead of raising it', () => {
    const out = startStream.response({ env, arguments: args, stash, result: null, error: { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' } });
    expect(out.error).toBeUndefined();
    expect(out.stash.startError).toEqual({ message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' });
  });
});

describe('04.failUnstarted', () => {
  const startError = { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' };
  const stash = { advert: advertWithVariants, variant: restarted, startError };

  it('does nothing when the stream started', () => {
    const out = failUnstarted.request({ env, arguments: args, stash: { ...stash, startError: undefined } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toEqual(restarted);
  });

  it('marks the variant FAILED only while STREAMING at the new generation', () => {
    const update = valueOf(failUnstarted.request({ env, arguments: args, stash })) as {
      key: unknown; update: { expression: string; expressionValues: unknown }; condition: { expression: string; expressionValues: unknown };
    };
    expect(plain(update.key)).toEqual({ pk: 'ADVERT#ad1', sk: 'VARIANT#01' });
    expect(update.update.expression).toBe('SET #status = :failed, #error = :error, updatedAt = :now');
    expect(plain(update.update.expressionValues)).toMatchObject({ ':failed': 'FAILED', ':error': { errorType: 'InternalError', message: 'The advert could not be started' } });
    expect(update.condition.expression).toBe('#status = :streaming AND #generation = :generation');
    expect(plain(update.condition.expressionValues)).toEqual({ ':streaming': 'STREAMING', ':generation': 2 });
  });

  it('reports the failed start, whether or not the variant was still STREAMING', () => {
    for (const error of [undefined, { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' }]) {
      const out = failUnstarted.response({ env, arguments: args, stash, result: null, ...(error ? { error } : {}) });
      expectError(out, 'InternalError', 'The advert could not be started');
      expect(out.error?.errorInfo).toEqual({ advertId: 'ad1', variantId: 'v1' });
    }
    expectError(failUnstarted.response({ env, arguments: args, stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('resolver.ts', () => {
  it('answers with the restarted variant', () => {
    expect(valueOf(pipeline.response({ env, arguments: args, stash: { advert: advertWithVariants, variant: restarted }, prev: { result: restarted } })))
      .toEqual(restarted);
  });
});
