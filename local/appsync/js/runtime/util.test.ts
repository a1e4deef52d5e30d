import { describe, expect, it } from 'vitest';
import { dynamodbModule } from './dynamodb-module.js';
import { toExpression } from './expression-builder.js';
import { withInvocation, type InvocationState } from './invocation-state.js';
import { toSubscriptionFilter } from './subscription-filter.js';
import { util } from './util.js';

const state = (): InvocationState => ({
  typeName: 'Query', fieldName: 'f', authenticationType: 'API_KEY', errors: [], invalidations: [],
});

describe('util core', () => {
  it('generates ids in the documented formats', () => {
    expect(util.autoId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(util.autoUlid()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(util.autoKsuid()).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(util.autoId()).not.toBe(util.autoId());
  });

  it('puts the creation second in a KSUID (segmentio epoch 1400000000) and a ULID', () => {
    const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const value = [...util.autoKsuid()].reduce((n, c) => n * 62n + BigInt(BASE62.indexOf(c)), 0n);
    const seconds = Number(value >> 128n) + 1_400_000_000;
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5);
    const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const ulidMs = [...util.autoUlid().slice(0, 10)].reduce((n, c) => n * 32 + CROCKFORD.indexOf(c), 0);
    expect(Math.abs(ulidMs - Date.now())).toBeLessThan(5000);
  });

  it('answers type questions with AppSync names', () => {
    expect([null, 1, 's', true, [], {}].map(util.typeOf)).toEqual(['Null', 'Number', 'String', 'Boolean', 'List', 'Map']);
    expect(util.isNullOrEmpty('')).toBe(true);
    expect(util.isNullOrBlank('  ')).toBe(true);
    expect(util.isNullOrBlank(' a ')).toBe(false);
    expect(util.defaultIfNullOrBlank(' ', 'x')).toBe('x');
    expect(util.defaultIfNull(0, 5)).toBe(0);
    expect(util.matches('a.c', 'abc')).toBe(true);
    expect(util.matches('b', 'abc')).toBe(false);
  });

  it('encodes like AppSync (Java URLEncoder, escapeEcmaScript)', () => {
    expect(util.base64Decode(util.base64Encode('héllo'))).toBe('héllo');
    expect(util.urlEncode("a b&c=d!'~")).toBe('a+b%26c%3Dd%21%27%7E');
    expect(util.urlDecode('a+b%26c')).toBe('a b&c');
    expect(util.escapeJavaScript('say "hi"\n/é')).toBe('say \\"hi\\"\\n\\/\\u00E9');
  });

  it('reports the auth type string of the current request', () => {
    expect(withInvocation(state(), () => util.authType())).toBe('API Key Authorization');
  });

  it('formats and parses times with Java patterns and zones', () => {
    const ms = Date.UTC(2024, 0, 15, 13, 5, 9, 7);
    expect(util.time.epochMilliSecondsToFormatted(ms, "yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toBe('2024-01-15T13:05:09.007+0000');
    expect(util.time.epochMilliSecondsToFormatted(ms, 'dd MMM yyyy hh:mm a EEE', 'America/New_York')).toBe('15 Jan 2024 08:05 AM Mon');
    expect(util.time.epochMilliSecondsToFormatted(ms, 'HH:mm XXX', 'Asia/Kolkata')).toBe('18:35 +05:30');
    expect(util.time.parseFormattedToEpochMilliSeconds('2024-01-15 08:05:09', 'yyyy-MM-dd HH:mm:ss', 'America/New_York')).toBe(ms - 7);
    expect(util.time.parseISO8601ToEpochMilliSeconds('2024-01-15T13:05:09.007Z')).toBe(ms);
    expect(util.time.epochMilliSecondsToISO8601(ms)).toBe('2024-01-15T13:05:09.007Z');
    expect(util.time.epochMilliSecondsToSeconds(1999)).toBe(1);
  });

  it('converts values to DynamoDB types', () => {
    expect(util.dynamodb.toMapValues({ s: 'x', n: 1, b: true, z: null, l: ['a'], m: { k: 2 }, gone: undefined })).toEqual({
      s: { S: 'x' }, n: { N: 1 }, b: { BOOL: true }, z: { NULL: null }, l: { L: [{ S: 'a' }] }, m: { M: { k: { N: 2 } } },
    });
    expect(util.dynamodb.toStringSet(['a'])).toEqual({ SS: ['a'] });
    expect(util.dynamodb.toNumberSet([1, 2])).toEqual({ NS: [1, 2] });
    expect(util.dynamodb.toString(null)).toBeNull();
    expect(util.dynamodb.toNumber(undefined as unknown as number)).toBeNull();
    expect(util.dynamodb.fromS3ObjectJson(util.dynamodb.toS3Object('k', 'b', 'r').S as string)).toEqual({ key: 'k', bucket: 'b', region: 'r' });
    expect(() => util.dynamodb.toDynamoDB(() => 1)).toThrow(TypeError);
  });

  it('has str and math helpers', () => {
    expect(util.str.toReplace('a-b-c', '-', '+')).toBe('a+b+c');
    expect(util.str.normalize('e\u0301', 'nfc')).toBe('é');
    expect(util.math.roundNum(2.5)).toBe(3);
    const r = util.math.randomWithinRange(3, 5);
    expect(r >= 3 && r <= 5 && Number.isInteger(r)).toBe(true);
  });
});

describe('util.transform', () => {
  it('builds a filter expression with and/or/not', () => {
    const expression = JSON.parse(util.transform.toDynamoDBFilterExpression({
      title: { contains: 'Hello World' },
      or: [{ n: { between: [1, 3] } }, { status: { in: ['A', 'B'] } }],
      not: { owner: { attributeExists: false } },
    })) as unknown;
    expect(expression).toEqual({
      expression: '(contains(#title, :title_contains)) AND (((#n BETWEEN :n_between_0 AND :n_between_1) OR (#status IN (:status_in_0, :status_in_1)))) AND ((NOT (attribute_not_exists(#owner))))',
      expressionNames: { '#title': 'title', '#n': 'n', '#status': 'status', '#owner': 'owner' },
      expressionValues: {
        ':title_contains': { S: 'Hello World' }, ':n_between_0': { N: 1 }, ':n_between_1': { N: 3 },
        ':status_in_0': { S: 'A' }, ':status_in_1': { S: 'B' },
      },
    });
    expect(toExpression({})).toBeNull();
  });

  it('builds subscription filters with or-groups and strict rules', () => {
    expect(toSubscriptionFilter({ a: { eq: 1 }, or: [{ b: { eq: 2 } }, { c: { gt: 3 } }], skip: { eq: 0 } }, ['skip'], { owner: { eq: 'u' } }))
      .toEqual({ filterGroup: [
        { filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'b', operator: 'eq', value: 2 }, { fieldName: 'owner', operator: 'eq', value: 'u' }] },
        { filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'c', operator: 'gt', value: 3 }, { fieldName: 'owner', operator: 'eq', value: 'u' }] },
      ] });
  });
});

describe("'@aws-appsync/utils/dynamodb' helpers", () => {
  it('builds request objects like AWS documents them', () => {
    expect(dynamodbModule.get({ key: { id: '1' }, projection: ['a', 'nested.b[1]'] })).toEqual({
      operation: 'GetItem', key: { id: { S: '1' } },
      projection: { expression: '#a, #nested.#b[1]', expressionNames: { '#a': 'a', '#nested': 'nested', '#b': 'b' } },
    });
    expect(dynamodbModule.put({ key: { id: '1' }, item: { tags: dynamodbModule.toStringSet(['x']) } })).toEqual({
      operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { tags: { SS: ['x'] } },
    });
    expect(dynamodbModule.query({ query: { pk: { eq: 'p' }, sk: { beginsWith: 'M' } }, limit: 5 })).toEqual({
      operation: 'Query', limit: 5,
      query: {
        expression: '(#pk = :pk_eq) AND (begins_with(#sk, :sk_beginsWith))',
        expressionNames: { '#pk': 'pk', '#sk': 'sk' },
        expressionValues: { ':pk_eq': { S: 'p' }, ':sk_beginsWith': { S: 'M' } },
      },
    });
    const { operations } = dynamodbModule;
    expect(dynamodbModule.update({ key: { id: '1' }, update: { n: operations.increment(), l: [operations.updateListItem('v', 2)], gone: operations.remove() } }))
      .toEqual({
        operation: 'UpdateItem', key: { id: { S: '1' } },
        update: {
          expression: 'SET #l[2] = :l_2 ADD #n :n_increment REMOVE #gone',
          expressionNames: { '#n': 'n', '#l': 'l', '#gone': 'gone' },
          expressionValues: { ':n_increment': { N: 1 }, ':l_2': { S: 'v' } },
        },
      });
  });
});
