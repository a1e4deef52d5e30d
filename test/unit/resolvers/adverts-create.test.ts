// Mutation.createAdvert: every pipeline step's request and response, on the bundled code.
import { describe, expect, it } from 'vitest';
import { ALICE, DYNAMODB_FAILURE, ENV, IAM_IDENTITY, expectError, plain, resolverFile, valueOf } from './evaluate-resolver.js';
import { ADVERTS_ENV, ULID, advertItem, image, imageBytes, variantItem } from './adverts-support.js';

const intake = resolverFile('Mutation.createAdvert/01.intake.advertIntakeFunction.ts');
const startStream = resolverFile('Mutation.createAdvert/02.startStream.advertStreamFunction.ts');
const failUnstarted = resolverFile('Mutation.createAdvert/03.failUnstarted.advertsTable.ts');
const pipeline = resolverFile('Mutation.createAdvert/resolver.ts');

const env = ADVERTS_ENV;
const OTHER_MODEL = 'amazon.nova-pro-v1:0';
const input = (overrides: Record<string, unknown> = {}) => ({ spec: 'Trail shoes, 280 g, recycled mesh', ...overrides });
const args = (overrides: Record<string, unknown> = {}) => ({ input: input(overrides) });
const request = (overrides: Record<string, unknown>) => intake.request({ env, arguments: args(overrides) });

type Invoke = { operation: string; invocationType: string; payload: Record<string, unknown> & { input: Record<string, unknown> } };

describe('01.intake request: every input rule, before anything is written', () => {
  // One case per rule: [rule, input overrides, errorType, message].
  it.each([
    ['spec empty', { spec: '' }, 'ValidationError', 'spec must not be blank'],
    ['spec blank', { spec: ' \n\t ' }, 'ValidationError', 'spec must not be blank'],
    ['spec over 20,000 characters', { spec: 'x'.repeat(20_001) }, 'ValidationError', 'spec must be at most 20000 characters'],
    ['more than 5 personas', { personas: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'ValidationError', 'personas allows at most 5 entries'],
    ['an empty persona', { personas: ['Families', ''] }, 'ValidationError', 'personas[1] must not be blank'],
    ['a blank persona', { personas: ['  '] }, 'ValidationError', 'personas[0] must not be blank'],
    ['a persona over 100 characters', { personas: ['p'.repeat(101)] }, 'ValidationError', 'personas[0] must be at most 100 characters'],
    ['personas equal ignoring case', { personas: ['Families', 'FAMILIES'] }, 'ValidationError', /personas must be distinct ignoring case: personas\[1\]/],
    ['personas equal ignoring surrounding spaces', { personas: ['Runners', ' runners '] }, 'ValidationError', /personas must be distinct/],
    ['an empty tone', { tone: '' }, 'ValidationError', 'tone must not be blank'],
    ['a blank tone', { tone: '   ' }, 'ValidationError', 'tone must not be blank'],
    ['a tone over 100 characters', { tone: 't'.repeat(101) }, 'ValidationError', 'tone must be at most 100 characters'],
    ['wordCount 24', { wordCount: 24 }, 'ValidationError', 'wordCount must be between 25 and 500'],
    ['wordCount 501', { wordCount: 501 }, 'ValidationError', 'wordCount must be between 25 and 500'],
    ['an empty clientToken', { clientToken: '' }, 'ValidationError', 'clientToken must be 1 to 64 characters of [A-Za-z0-9_-]'],
    ['a clientToken over 64 characters', { clientToken: 'a'.repeat(65) }, 'ValidationError', /clientToken must be/],
    ['a clientToken with a dot', { clientToken: 'a.b' }, 'ValidationError', /clientToken must be/],
    ['more than 5 images', { images: Array.from({ length: 6 }, () => image('PNG')) }, 'ValidationError', 'images allows at most 5 entries'],
    ['an empty image', { images: [{ format: 'PNG', base64: '' }] }, 'ValidationError', 'images[0].base64 must not be empty'],
    ['base64 whose length is not a multiple of 4', { images: [{ format: 'PNG', base64: image('PNG').base64.slice(0, -1) }] }, 'ValidationError', 'images[0].base64 is not valid base64: its length must be a multiple of 4'],
    ['base64 in the URL-safe alphabet', { images: [image('PNG'), { format: 'JPEG', base64: `/9j_${'A'.repeat(8)}` }] }, 'ValidationError', /^images\[1\]\.base64 is not valid base64: standard alphabet/],
    ['base64 with a line break', { images: [{ format: 'JPEG', base64: `/9j/AAA\nAAAA` }] }, 'ValidationError', /images\[0\]\.base64 is not valid base64: standard alphabet/],
    ['base64 with padding inside', { images: [{ format: 'JPEG', base64: '/9j/AA==AAAA' }] }, 'ValidationError', /images\[0\]\.base64 is not valid base64: standard alphabet/],
    ['base64 with three padding characters', { images: [{ format: 'JPEG', base64: '/9j/A===' }] }, 'ValidationError', /images\[0\]\.base64 is not valid base64: standard alphabet/],
    ['an image decoding to over 3,750,000 bytes', { images: [image('PNG', 3_750_001)] }, 'ValidationError', 'images[0] must decode to at most 3750000 bytes'],
    ['images decoding to over 3,750,000 bytes together', { images: [image('PNG', 2_000_000), image('JPEG', 1_750_001)] }, 'ValidationError', 'images together must decode to at most 3750000 bytes'],
    ['PNG declared, JPEG sent', { images: [{ format: 'PNG', base64: image('JPEG').base64 }] }, 'ValidationError', 'images[0] is not a PNG image: the data does not start with its magic number'],
    ['JPEG declared, PNG sent', { images: [{ format: 'JPEG', base64: image('PNG').base64 }] }, 'ValidationError', /images\[0\] is not a JPEG image/],
    ['GIF declared, WEBP sent', { images: [{ format: 'GIF', base64: image('WEBP').base64 }] }, 'ValidationError', /images\[0\] is not a GIF image/],
    ['WEBP declared, a RIFF file that is not WEBP (WAVE)', { images: [{ format: 'WEBP', base64: Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(52)]).toString('base64') }] }, 'ValidationError', /images\[0\] is not a WEBP image/],
    ['WEBP declared, GIF sent', { images: [{ format: 'WEBP', base64: image('GIF').base64 }] }, 'ValidationError', /images\[0\] is not a WEBP image/],
    ['an id that is neither a ULID nor a UUID', { id: 'my-advert' }, 'ValidationError', 'id must be a ULID or a UUID'],
    ['a lower-case ULID (not Crockford upper case)', { id: '01jd3q2x9v7k5m8n4p6r0s2t4w' }, 'ValidationError', 'id must be a ULID or a UUID'],
    ['a model the API does not allow', { modelId: 'meta.llama3-70b-instruct-v1:0' }, 'UnsupportedModel', 'Model meta.llama3-70b-instruct-v1:0 is not supported by this API'],
  ])('rejects %s', (_rule, overrides, errorType, message) => {
    expectError(request(overrides), errorType, message);
  });

  it.each([
    ['the bounds of every limit', {
      spec: 's'.repeat(20_000), personas: ['a', 'B', 'c', 'D', 'p'.repeat(100)], tone: 't'.repeat(100), wordCount: 500,
      clientToken: `aZ09_-${'k'.repeat(58)}`, images: ['PNG', 'JPEG', 'GIF', 'WEBP', 'PNG'].map((format) => image(format, 1000)),
    }],
    ['wordCount 25', { wordCount: 25 }],
    ['GIF87a', { images: [{ format: 'GIF', base64: Buffer.concat([Buffer.from('GIF87a'), Buffer.alloc(10)]).toString('base64') }] }],
    ['a JPEG with one and one with two padding characters', { images: [image('JPEG', 65), image('JPEG', 64)] }],
    ['empty lists', { personas: [], images: [] }],
    ['an allowed model', { modelId: OTHER_MODEL }],
  ])('accepts %s', (_name, overrides) => {
    valueOf(request(overrides));
  });

  it('accepts one image of exactly 3,750,000 bytes (5,000,000 base64 characters)', () => {
    const big = image('PNG', 3_750_000);
    expect(big.base64).toHaveLength(5_000_000);
    valueOf(request({ images: [big] }));
  });

  it('checks 5,000,000 characters of base64 in linear time, even when the bad character is the last', () => {
    const base64 = imageBytes('JPEG', 3_750_000).toString('base64');
    const bad = `${base64.slice(0, -1)}-`;
    const started = performance.now();
    expectError(request({ images: [{ format: 'JPEG', base64: bad }] }), 'ValidationError', /standard alphabet/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses an IAM caller (no owner)', () => {
    expectError(intake.request({ env, arguments: args(), identity: IAM_IDENTITY }), 'Unauthorized');
  });

  it('fails loudly when DEFAULT_MODEL_ID is not configured', () => {
    expectError(intake.request({ env: { ALLOWED_MODEL_IDS: ENV.ALLOWED_MODEL_IDS }, arguments: args() }), 'InternalError', /DEFAULT_MODEL_ID/);
  });
});

describe('01.intake request: the intake payload', () => {
  it('invokes advert-intake synchronously with ULIDs, the owner and the input with its defaults', () => {
    const before = new Date().toISOString();
    const invoke = valueOf(request({})) as Invoke;
    expect(invoke.operation).toBe('Invoke');
    expect(invoke.invocationType).toBe('RequestResponse');
    expect(Object.keys(invoke.payload).sort()).toEqual(['advertId', 'createdAt', 'input', 'owner', 'variantIds']);
    expect(invoke.payload.owner).toBe(ALICE);
    expect(invoke.payload.advertId).toMatch(ULID);
    expect(invoke.payload.variantIds).toEqual([expect.stringMatching(ULID)]);
    const createdAt = invoke.payload.createdAt as string;
    expect(createdAt >= before && createdAt <= new Date().toISOString()).toBe(true);
    expect(invoke.payload.input).toEqual({
      spec: 'Trail shoes, 280 g, recycled mesh', images: [], personas: ['General audience'], tone: null, wordCount: 150,
      modelId: ENV.DEFAULT_MODEL_ID, clientToken: null, bypassCache: false,
    });
  });

  it('passes every given value, one distinct variant id per persona in order', () => {
    const images = [image('PNG'), image('WEBP')];
    const invoke = valueOf(request({
      personas: ['Families', 'Driving enthusiasts', 'Students'], tone: 'playful', wordCount: 80, modelId: OTHER_MODEL,
      clientToken: 'tok-1', bypassCache: true, images,
    })) as Invoke;
    const variantIds = invoke.payload.variantIds as string[];
    expect(variantIds).toHaveLength(3);
    expect(new Set([invoke.payload.advertId, ...variantIds]).size).toBe(4);
    expect(invoke.payload.input).toEqual({
      spec: 'Trail shoes, 280 g, recycled mesh', images, personas: ['Families', 'Driving enthusiasts', 'Students'],
      tone: 'playful', wordCount: 80, modelId: OTHER_MODEL, clientToken: 'tok-1', bypassCache: true,
    });
  });

  it("uses the client's own id (ULID or UUID) so it could subscribe first", () => {
    for (const id of ['01JD3Q2X9V7K5M8N4P6R0S2T4W', 'f47ac10b-58cc-4372-a567-0e02b2c3d479']) {
      expect((valueOf(request({ id })) as Invoke).payload.advertId).toBe(id);
    }
  });

  it('gives API key callers the shared guest owner', () => {
    expect((valueOf(intake.request({ env, arguments: args(), identity: null })) as Invoke).payload.owner).toBe('guest');
  });
});

describe('01.intake response', () => {
  const advert = advertItem();
  const variants = [variantItem(0, { status: 'STREAMING', content: '' }), variantItem(1, { status: 'STREAMING', content: '' })];
  const respond = (result: unknown, extra: Record<string, unknown> = {}) => intake.response({ env, arguments: args(), result, ...extra });

  it('stashes the stored advert and variants', () => {
    const out = respond({ ok: true, replayed: false, advert, variants });
    expect(valueOf(out)).toEqual(advert);
    expect(out.stash).toEqual({ advert, variants, replayed: false });
  });

  it('stashes a replay', () => {
    expect(respond({ ok: true, replayed: true, advert, variants }).stash.replayed).toBe(true);
  });

  it.each([
    ['ValidationError', 'images[0] is 9000 px wide: at most 8000'],
    ['IdempotencyConflict', 'This clientToken was already used with a different input'],
    ['Conflict', 'A request with this clientToken is already being processed'],
  ])('maps the intake refusal %s to the error with its message', (errorType, message) => {
    const out = respond({ ok: false, errorType, message });
    expectError(out, errorType, message);
    expect(out.stash.advert).toBeUndefined();
  });

  it('raises a Lambda failure and an empty answer', () => {
    expectError(respond(null, { error: { message: 'boom', type: 'Lambda:Unhandled' } }), 'Lambda:Unhandled', 'boom');
    expectError(respond(null), 'InternalError', 'The advert intake answered nothing');
  });
});

describe('02.startStream: starts advert-stream asynchronously for every variant', () => {
  const advert = advertItem({ bypassCache: true });
  const variants = [variantItem(0, { status: 'STREAMING' }), variantItem(1, { status: 'STREAMING' })];
  const stash = { advert, variants, replayed: false };

  it('sends { advertId, owner, variants: [{ id, generation }], bypassCache } with invocationType Event', () => {
    expect(valueOf(startStream.request({ env, arguments: args(), stash }))).toEqual({
      operation: 'Invoke',
      invocationType: 'Event',
      payload: { advertId: 'ad1', owner: ALICE, variants: [{ id: 'v0', generation: 1 }, { id: 'v1', generation: 1 }], bypassCache: true },
    });
  });

  it('starts nothing on a replay', () => {
    const out = startStream.request({ env, arguments: args(), stash: { ...stash, replayed: true } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toBeNull();
  });

  it('records a failed invoke for 03.failUnstarted instead of raising it', () => {
    const out = startStream.response({ env, arguments: args(), stash, result: null, error: { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' } });
    expect(out.error).toBeUndefined();
    expect(out.stash.startError).toEqual({ message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' });
  });

  it('passes the invoke result through', () => {
    const out = startStream.response({ env, arguments: args(), stash, result: { StatusCode: 202 } });
    expect(valueOf(out)).toEqual({ StatusCode: 202 });
    expect(out.stash.startError).toBeUndefined();
  });
});

describe('03.failUnstarted: marks every variant FAILED when the start failed', () => {
  const advert = advertItem();
  const variants = [variantItem(0, { status: 'STREAMING' }), variantItem(1, { status: 'STREAMING' })];
  const startError = { message: 'Lambda throttled', type: 'Lambda:TooManyRequestsException' };
  const stash = { advert, variants, replayed: false, startError };

  it('does nothing when the stream started', () => {
    const out = failUnstarted.request({ env, arguments: args(), stash: { ...stash, startError: undefined } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toBeNull();
  });

  it('updates every variant in one transaction on ADVERTS_TABLE_NAME, each only while STREAMING at its generation', () => {
    const transaction = valueOf(failUnstarted.request({ env, arguments: args(), stash })) as {
      operation: string;
      transactItems: Array<{
        table: string; operation: string; key: unknown;
        update: { expression: string; expressionNames: unknown; expressionValues: unknown };
        condition: { expression: string; expressionNames: unknown; expressionValues: unknown };
      }>;
    };
    expect(transaction.operation).toBe('TransactWriteItems');
    expect(transaction.transactItems).toHaveLength(2);
    transaction.transactItems.forEach((item, position) => {
      expect(item).toMatchObject({ table: 'AdvertsTable-test', operation: 'UpdateItem' });
      expect(plain(item.key)).toEqual({ pk: 'ADVERT#ad1', sk: `VARIANT#0${position}` });
      expect(item.update.expression).toBe('SET #status = :failed, #error = :error, updatedAt = :now');
      expect(plain(item.update.expressionValues)).toMatchObject({
        ':failed': 'FAILED', ':error': { errorType: 'InternalError', message: 'The advert could not be started' },
      });
      expect(item.condition.expression).toBe('#status = :streaming AND #generation = :generation');
      expect(item.condition.expressionNames).toEqual({ '#status': 'status', '#generation': 'generation' });
      expect(plain(item.condition.expressionValues)).toEqual({ ':streaming': 'STREAMING', ':generation': 1 });
    });
  });

  it('fails loudly when ADVERTS_TABLE_NAME is not configured', () => {
    expectError(failUnstarted.request({ env: { ...ENV }, arguments: args(), stash }), 'InternalError', /ADVERTS_TABLE_NAME/);
  });

  it('reports the failed start with the ids, whether or not the variants were still STREAMING', () => {
    const cancelled = { message: 'Transaction cancelled', type: 'DynamoDB:TransactionCanceledException' };
    for (const error of [undefined, cancelled]) {
      const out = failUnstarted.response({ env, arguments: args(), stash, result: null, ...(error ? { error } : {}) });
      expectError(out, 'InternalError', 'The advert could not be started');
      expect(out.error?.errorInfo).toEqual({ advertId: 'ad1', variantIds: ['v0', 'v1'] });
    }
  });

  it('raises another DynamoDB error', () => {
    expectError(failUnstarted.response({ env, arguments: args(), stash, result: null, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('resolver.ts: the pipeline answer', () => {
  it('answers with the advert carrying its variants (new or replayed)', () => {
    const advert = advertItem();
    const variants = [variantItem(0), variantItem(1)];
    expect(valueOf(pipeline.request({ env, arguments: args() }))).toEqual({});
    for (const replayed of [false, true]) {
      expect(valueOf(pipeline.response({ env, arguments: args(), stash: { advert, variants, replayed }, prev: { result: null } })))
        .toEqual({ ...advert, variants });
    }
  });

  it('raises an error', () => {
    expectError(pipeline.response({ env, arguments: args(), stash: {}, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});
