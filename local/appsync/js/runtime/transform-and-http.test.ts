import { describe, expect, it } from 'vitest';
import { addResponseHeader, addResponseHeaders } from './http-utils.js';
import { withInvocation, type InvocationState } from './invocation-state.js';
import { toElasticsearchQueryDSL } from './opensearch-query.js';
import { extensions } from './runtime-and-extensions.js';
import { toSubscriptionFilter } from './subscription-filter.js';
import { matches } from './type-checks.js';
import { parseIso8601 } from './util-time.js';
import { xmlToMap } from './xml-utils.js';

const state = (): InvocationState => ({ typeName: 'Mutation', fieldName: 'f', authenticationType: 'API_KEY', errors: [], invalidations: [] });

describe('toElasticsearchQueryDSL', () => {
  it('maps and/or/not, exists, full-text and range operators', () => {
    expect(JSON.parse(toElasticsearchQueryDSL({
      or: [{ title: { match: 'x' } }, { title: { matchPhrasePrefix: 'y' } }],
      not: { flag: { exists: false } },
      votes: { gt: 1, lte: 9 },
    }))).toEqual({ bool: { must: [
      { bool: { should: [{ bool: { must: [{ bool: { must: [{ match: { title: 'x' } }] } }] } }, { bool: { must: [{ bool: { must: [{ match_phrase_prefix: { title: 'y' } }] } }] } }] } },
      { bool: { must_not: { bool: { must: [{ bool: { must: [{ bool: { must_not: { exists: { field: 'flag' } } } }] } }] } } } },
      { bool: { must: [{ range: { votes: { gt: 1 } } }, { range: { votes: { lte: 9 } } }] } },
    ] } });
    expect(() => toElasticsearchQueryDSL({ a: { near: 1 } })).toThrow("Unsupported OpenSearch filter operator 'near'");
  });
});

describe('toSubscriptionFilter', () => {
  it('drops ignored fields inside nested and/or, and empty or-branches with them', () => {
    expect(toSubscriptionFilter({ and: [{ a: { eq: 1 } }, { or: [{ skip: { eq: 2 } }, { b: { in: [1, 2] } }] }] }, ['skip'])).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }, { fieldName: 'b', operator: 'in', value: [1, 2] }] }],
    });
    expect(toSubscriptionFilter({}, null, { owner: { eq: 'u' } })).toEqual({ filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: 'u' }] }] });
    expect(toSubscriptionFilter({ onlyIgnored: { eq: 1 } }, ['onlyIgnored'])).toEqual({ filterGroup: [] });
  });
});

describe('util.http response headers', () => {
  it('keeps the latest value of a header and refuses headers past 4 KB', () => {
    const s = state();
    withInvocation(s, () => {
      addResponseHeaders({ a: 1, b: { c: true } });
      addResponseHeader('a', 'two');
      addResponseHeader('big', 'x'.repeat(4100));
    });
    expect(s.responseHeaders).toEqual({ a: 'two', b: '{"c":true}' });
    expect(s.errors).toEqual([expect.objectContaining({ errorType: 'ResponseHeaderError', message: expect.stringContaining('4 KB') })]);
  });
});

describe('extensions.invalidateSubscriptions', () => {
  it('counts identical calls once', () => {
    const s = state();
    withInvocation(s, () => {
      for (let i = 0; i < 3; i += 1) extensions.invalidateSubscriptions({ subscriptionField: 'onX', payload: { id: 1 } });
    });
    expect(s.invalidations).toEqual([{ subscriptionField: 'onX', payload: { id: 1 } }]);
    expect(s.errors).toEqual([]);
  });
});

describe('small helpers', () => {
  it('matches: whole-string Java semantics with leading inline flags', () => {
    expect(matches('(?i)abc', 'ABC')).toBe(true);
    expect(matches('abc', 'ABC')).toBe(false);
    expect(matches('b', 'abc')).toBe(false);
    expect(matches('[a-z\\_]+', 'a_b')).toBe(true);
  });

  it('parseIso8601: offset required, fraction and seconds optional, fields checked', () => {
    expect(parseIso8601('2024-01-07T05:04Z')).toBe(Date.UTC(2024, 0, 7, 5, 4));
    expect(parseIso8601('2024-01-07T05:04:03.123456789-01:00[Atlantic/Azores]')).toBe(Date.UTC(2024, 0, 7, 6, 4, 3, 123));
    expect(() => parseIso8601('2024-01-07T05:04:03')).toThrow('ISO 8601');
    expect(() => parseIso8601('2024-02-30T00:00Z')).toThrow('out of range');
    expect(() => parseIso8601('Jan 7 2024')).toThrow('ISO 8601');
  });

  it('xmlToMap: null for text that is not XML; attributes and text beside them', () => {
    expect(xmlToMap('<a><b></a>')).toBeNull();
    expect(xmlToMap('')).toBeNull();
    expect(xmlToMap('<a id="7" on="true">text</a>')).toEqual({ a: { id: 7, on: true, content: 'text' } });
  });
});
