// Query.advert, Query.adverts, Advert.variants, deleteAdvert, publishAdvertChunk and
// onAdvertChunk on the bundled code.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DYNAMODB_FAILURE, IAM_IDENTITY, expectError, plain, resolverFile, valueOf } from './evaluate-resolver.js';
import { ADVERTS_ENV, advertItem, partition, variantItem } from './adverts-support.js';

const env = ADVERTS_ENV;

describe('Query.advert', () => {
  const getAdvert = resolverFile('Query.advert/01.getAdvert.advertsTable.ts');
  const args = { id: 'ad1' };
  const respond = (result: unknown, extra: Record<string, unknown> = {}) => getAdvert.response({ env, arguments: args, result, ...extra });

  it("reads the advert's partition in one strongly consistent Query", () => {
    const query = valueOf(getAdvert.request({ env, arguments: args })) as { operation: string; query: { expression: string; expressionValues: unknown } };
    expect(query).toMatchObject({ operation: 'Query', consistentRead: true, scanIndexForward: true });
    expect(plain(query.query.expressionValues)).toEqual({ ':pk': 'ADVERT#ad1' });
  });

  it('answers with the advert and its variants in position (sk) order', () => {
    expect(valueOf(respond(partition(advertItem(), variantItem(0), variantItem(1)))))
      .toEqual({ ...advertItem(), variants: [variantItem(0), variantItem(1)] });
  });

  it('answers null when there is no advert', () => {
    expect(valueOf(respond(partition(null)))).toBeNull();
    expect(valueOf(respond({ items: [], nextToken: null }))).toBeNull();
  });

  it("denies another owner's advert with Unauthorized, as for a conversation (never NotFound)", () => {
    expectError(respond(partition(advertItem({ owner: BOB }), variantItem(0))), 'Unauthorized');
    expectError(respond(partition(advertItem()), { identity: null }), 'Unauthorized');
    valueOf(respond(partition(advertItem({ owner: 'guest' })), { identity: null }));
  });

  it('raises a DynamoDB error', () => {
    expectError(respond(null, { error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.adverts', () => {
  const list = resolverFile('Query.adverts.advertsTable.ts');

  it("queries the caller's byOwner partition newest first, 20 by default", () => {
    const query = valueOf(list.request({ env, arguments: {} })) as { index: string; query: { expression: string; expressionValues: unknown }; scanIndexForward: boolean; limit: number };
    expect(query).toMatchObject({ operation: 'Query', index: 'byOwner', scanIndexForward: false, limit: 20 });
    expect(query.query.expression).toBe('gsi1pk = :owner');
    expect(plain(query.query.expressionValues)).toEqual({ ':owner': `OWNER#${ALICE}` });
    expect(valueOf(list.request({ env, arguments: { limit: 100, nextToken: 'tok' } }))).toMatchObject({ limit: 100, nextToken: 'tok' });
  });

  it('rejects a limit outside 1..100', () => {
    expectError(list.request({ env, arguments: { limit: 0 } }), 'ValidationError', 'limit must be between 1 and 100');
    expectError(list.request({ env, arguments: { limit: 101 } }), 'ValidationError');
  });

  it('answers with Advert items only, and the next token', () => {
    const token = { type: 'AdvertToken', pk: `OWNER#${ALICE}`, sk: 'ADVERT_TOKEN#t', gsi1pk: `OWNER#${ALICE}` };
    expect(valueOf(list.response({ env, arguments: {}, result: { items: [advertItem(), token], nextToken: 'next' } })))
      .toEqual({ items: [advertItem()], nextToken: 'next' });
  });

  it('raises a DynamoDB error', () => {
    expectError(list.response({ env, arguments: {}, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Advert.variants', () => {
  const field = resolverFile('Advert.variants.advertsTable.ts');

  it('returns the variants the parent already carries, without a read', () => {
    const variants = [variantItem(0), variantItem(1)];
    const out = field.request({ env, arguments: {}, source: { ...advertItem(), variants } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toEqual(variants);
  });

  it("otherwise queries the partition's VARIANT# items in sk order", () => {
    const query = valueOf(field.request({ env, arguments: {}, source: advertItem() })) as { query: { expression: string; expressionValues: unknown } };
    expect(query).toMatchObject({ operation: 'Query', scanIndexForward: true, consistentRead: true });
    expect(query.query.expression).toBe('pk = :pk AND begins_with(sk, :prefix)');
    expect(plain(query.query.expressionValues)).toEqual({ ':pk': 'ADVERT#ad1', ':prefix': 'VARIANT#' });
    expect(valueOf(field.response({ env, arguments: {}, source: advertItem(), result: { items: [variantItem(0), variantItem(1)] } })))
      .toEqual([variantItem(0), variantItem(1)]);
  });

  it('raises a DynamoDB error', () => {
    expectError(field.response({ env, arguments: {}, source: advertItem(), result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Mutation.deleteAdvert', () => {
  const authorize = resolverFile('Mutation.deleteAdvert/01.authorize.advertsTable.ts');
  const purge = resolverFile('Mutation.deleteAdvert/02.purge.advertPurgeFunction.ts');
  const args = { id: 'ad1' };
  const advert = { ...advertItem(), variants: [variantItem(0)] };

  it('authorizes on the partition read and stashes the advert with its variants', () => {
    expect(plain((valueOf(authorize.request({ env, arguments: args })) as { query: { expressionValues: unknown } }).query.expressionValues))
      .toEqual({ ':pk': 'ADVERT#ad1' });
    const out = authorize.response({ env, arguments: args, result: partition(advertItem(), variantItem(0)) });
    expect(valueOf(out)).toEqual(advert);
    expect(out.stash.advert).toEqual(advert);
  });

  it('denies a missing advert with NotFound and another owner with Unauthorized', () => {
    expectError(authorize.response({ env, arguments: args, result: partition(null) }), 'NotFound', 'Advert not found');
    expectError(authorize.response({ env, arguments: args, result: partition(advertItem({ owner: BOB })) }), 'Unauthorized');
    expectError(authorize.response({ env, arguments: args, result: partition(advertItem()), identity: IAM_IDENTITY }), 'Unauthorized');
  });

  it('invokes advert-purge synchronously with { advertId, owner } and answers with the removed advert', () => {
    expect(valueOf(purge.request({ env, arguments: args, stash: { advert } }))).toEqual({
      operation: 'Invoke', invocationType: 'RequestResponse', payload: { advertId: 'ad1', owner: ALICE },
    });
    expect(valueOf(purge.response({ env, arguments: args, stash: { advert }, result: { deletedItems: 2, deletedObjects: 0 } }))).toEqual(advert);
  });

  it('raises a failed purge', () => {
    expectError(purge.response({ env, arguments: args, stash: { advert }, result: null, error: { message: 'boom', type: 'Lambda:Unhandled' } }), 'Lambda:Unhandled');
  });
});

describe('Mutation.publishAdvertChunk', () => {
  const publish = resolverFile('Mutation.publishAdvertChunk.none.ts');
  const chunk = {
    advertId: 'ad1', variantId: 'v0', owner: ALICE, persona: 'Families', generation: 1, seq: 3, text: 'Run', done: false,
    stopReason: null, usage: null, cached: null, error: null,
  };

  it('echoes the chunk through the NONE data source for IAM callers', () => {
    expect(valueOf(publish.request({ env, arguments: { input: chunk }, identity: IAM_IDENTITY }))).toEqual({ payload: chunk });
    expect(valueOf(publish.response({ env, arguments: { input: chunk }, identity: IAM_IDENTITY, result: chunk }))).toEqual(chunk);
  });

  it('raises an error', () => {
    expectError(publish.response({ env, arguments: { input: chunk }, identity: IAM_IDENTITY, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Subscription.onAdvertChunk', () => {
  const authorize = resolverFile('Subscription.onAdvertChunk/01.authorize.advertsTable.ts');
  const handlers = resolverFile('Subscription.onAdvertChunk/resolver.ts');
  const args = { advertId: 'ad1' };
  // The filter replaces argument filtering (enhanced filtering), so it names the advert too.
  const ownerFilter = (owner: string) => ({
    filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: owner }, { fieldName: 'advertId', operator: 'eq', value: 'ad1' }] }],
  });

  it('reads the advert item strongly consistent', () => {
    const get = valueOf(authorize.request({ env, arguments: args })) as { operation: string; key: unknown; consistentRead: boolean };
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: 'ADVERT#ad1', sk: 'META' });
  });

  it("lets the owner subscribe, and denies another owner's advert, an API key on a user advert, and IAM", () => {
    expect(valueOf(authorize.response({ env, arguments: args, result: advertItem() }))).toBeNull();
    const denials = [
      [authorize.response({ env, arguments: args, result: null, identity: IAM_IDENTITY }), 'Unauthorized'],
      [authorize.response({ env, arguments: args, result: advertItem({ owner: BOB }) }), 'Unauthorized'],
      [authorize.response({ env, arguments: args, result: advertItem(), identity: null }), 'Unauthorized'],
      [authorize.response({ env, arguments: args, result: advertItem(), identity: IAM_IDENTITY }), 'Unauthorized'],
    ] as const;
    for (const [out, errorType] of denials) expectError(out, errorType);
  });

  it('lets a user subscribe to an advert that does not exist yet (an id chosen for createAdvert)', () => {
    expect(valueOf(authorize.response({ env, arguments: args, result: null }))).toBeNull();
  });

  it('sets the owner and advert filter for the caller', () => {
    const out = handlers.response({ env, arguments: args, prev: { result: null } });
    expect(valueOf(out)).toBeNull();
    expect(out.subscriptionFilter).toEqual(ownerFilter(ALICE));
    expect(handlers.response({ env, arguments: args, identity: null }).subscriptionFilter).toEqual(ownerFilter('guest'));
  });

  it('sets no filter when the authorize step failed', () => {
    const out = handlers.response({ env, arguments: args, error: { message: 'denied', type: 'Unauthorized' } });
    expectError(out, 'Unauthorized');
    expect(out.subscriptionFilter).toBeUndefined();
  });
});
