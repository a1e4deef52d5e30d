// Enhanced subscription filters against "Argument: filterJsonObject" of
// https://docs.aws.amazon.com/appsync/latest/devguide/extensions.html (operators, value types,
// AND/OR logic, "Exceptions") and the nesting rule of
// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
import { describe, expect, it } from 'vitest';
import { compileFilter, FILTER_LIMITS, InvalidFilterError, SUBSCRIPTION_FILTER_OPERATORS } from './filters.js';

const item = {
  service: 'AWS AppSync',
  event: 'product launch',
  size: 5,
  price: 12.45,
  active: true,
  seats: [10, 11],
  tags: ['a', 'b'],
  owner: { id: 'u1' },
  missing: null,
  venue: { address: { country: { metadata: { continent: 'North America', capital: { financial: 'New York' } } } } },
};
const one = (fieldName: string, operator: string, value: unknown, data: Record<string, unknown> = item) =>
  compileFilter({ filterGroup: [{ filters: [{ fieldName, operator, value }] }] })(data);
const group = (...filters: Array<[string, string, unknown]>) => ({ filters: filters.map(([fieldName, operator, value]) => ({ fieldName, operator, value })) });

describe('enhanced filter operators (extensions.html, "Field: operator")', () => {
  it('has exactly the documented, case-sensitive operators', () => {
    expect(SUBSCRIPTION_FILTER_OPERATORS.sort()).toEqual(
      ['beginsWith', 'between', 'contains', 'containsAny', 'eq', 'ge', 'gt', 'in', 'le', 'lt', 'ne', 'notContains', 'notIn'].sort(),
    );
    expect(() => one('service', 'EQ', 'AWS AppSync')).toThrow(InvalidFilterError);
    expect(() => one('service', 'attributeExists', true)).toThrow('Unsupported filter operator: attributeExists');
  });

  it.each([
    // eq / ne: integer, float, string, Boolean; strictly equal, case-sensitive
    ['service', 'eq', 'AWS AppSync', true],
    ['service', 'eq', 'aws appsync', false],
    ['size', 'eq', 5, true],
    ['size', 'eq', '5', false],
    ['price', 'eq', 12.45, true],
    ['active', 'eq', true, true],
    ['active', 'eq', false, false],
    ['service', 'ne', 'AWS AppSync', false],
    ['service', 'ne', 'other', true],
    ['active', 'ne', false, true],
    ['absent', 'ne', 'x', true],
    // le / lt / ge / gt: integer, float, string
    ['size', 'le', 5, true],
    ['size', 'lt', 5, false],
    ['size', 'ge', 5, true],
    ['size', 'gt', 5, false],
    ['price', 'gt', 12.4, true],
    ['service', 'gt', 'AWS', true],
    ['service', 'lt', 'AWS', false],
    ['size', 'gt', '4', false],
    ['absent', 'lt', 100, false],
    // contains / notContains: a substring, or a value in a set
    ['seats', 'contains', 10, true],
    ['seats', 'contains', 12, false],
    ['event', 'contains', 'launch', true],
    ['event', 'contains', 'Launch', false],
    ['seats', 'notContains', 10, false],
    ['seats', 'notContains', 12, true],
    ['event', 'notContains', 'launch', false],
    ['size', 'contains', 5, true],
    // beginsWith: string prefix
    ['service', 'beginsWith', 'AWS', true],
    ['service', 'beginsWith', 'AppSync', false],
    ['size', 'beginsWith', '5', false],
    // in / notIn: arrays of integer, float or string
    ['size', 'in', [1, 2, 5], true],
    ['size', 'in', [1, 2, 3], false],
    ['service', 'in', ['AWS AppSync', 'x'], true],
    ['size', 'notIn', [1, 2, 3], true],
    ['size', 'notIn', [5], false],
    // between: the page's example, [1, 5], matches "values 2, 3, 4"
    ['size', 'between', [1, 5], false],
    ['size', 'between', [4, 6], true],
    ['service', 'between', ['A', 'B'], true],
    // containsAny: a non-empty intersection ([10, 11] and [15, 20, 30] against [10, 15])
    ['seats', 'containsAny', [10, 15], true],
    ['seats', 'containsAny', [12, 15], false],
    ['tags', 'containsAny', ['x', 'b'], true],
    // nested fields with the "." separator
    ['owner.id', 'eq', 'u1', true],
    ['owner.id', 'eq', 'u2', false],
    ['venue.address.country.metadata.continent', 'eq', 'North America', true],
  ])('%s %s %j -> %s', (field, operator, value, expected) => {
    expect(one(field, operator, value)).toBe(expected);
  });

  it('matches the page\'s containsAny and between examples', () => {
    const seats = compileFilter({ filterGroup: [group(['seats', 'containsAny', [10, 15]])] });
    expect([[10, 11], [15, 20, 30], [1, 2]].map((value) => seats({ seats: value }))).toEqual([true, true, false]);
    const severity = compileFilter({ filterGroup: [group(['severity', 'between', [1, 5]])] });
    expect([1, 2, 3, 4, 5].filter((value) => severity({ severity: value }))).toEqual([2, 3, 4]);
  });

  it('ignores a filter past the fifth nesting level ("venue.address.country.metadata.capital.financial")', () => {
    // The sixth level never matches anything here, yet the filter passes: it is ignored.
    expect(one('venue.address.country.metadata.capital.financial', 'eq', 'Nowhere')).toBe(true);
    expect(one('venue.address.country.metadata.continent', 'eq', 'Nowhere')).toBe(false);
  });
});

describe('AND and OR logic', () => {
  const filter = compileFilter({
    filterGroup: [group(['userId', 'eq', 1], ['group', 'in', ['Admin', 'Developer']]), group(['userId', 'eq', 2])],
  });

  it('ANDs the filters of one group and ORs the groups', () => {
    expect(filter({ userId: 1, group: 'Admin' })).toBe(true);
    expect(filter({ userId: 1, group: 'Guest' })).toBe(false);
    expect(filter({ userId: 2, group: 'Guest' })).toBe(true);
    expect(filter({ userId: 3, group: 'Admin' })).toBe(false);
  });

  it('treats an empty filterGroup as no constraint', () => {
    expect(compileFilter({ filterGroup: [] })({ anything: 1 })).toBe(true);
  });
});

describe('documented limits ("Exceptions")', () => {
  const fields = (n: number) => Array.from({ length: n }, (_, i): [string, string, unknown] => [`f${i}`, 'eq', i]);

  it('allows five unique fieldNames per filter, not six', () => {
    expect(() => compileFilter({ filterGroup: [group(...fields(5))] }, 'onPost')).not.toThrow();
    expect(() => compileFilter({ filterGroup: [group(...fields(6))] }, 'onPost')).toThrow(
      `Filters exceed maximum attributes limit ${FILTER_LIMITS.fieldNamesPerFilter} for subscription onPost`,
    );
  });

  it('refuses the same fieldName twice in one filter', () => {
    expect(() => compileFilter({ filterGroup: [group(['a', 'gt', 1], ['a', 'lt', 5])] })).toThrow('filter uses same fieldName multiple time');
  });

  it('allows 10 filters in a filterGroup, counting each value of "in" as one', () => {
    const ten = Array.from({ length: 10 }, (_, i) => group(['a', 'eq', i]));
    expect(() => compileFilter({ filterGroup: ten })).not.toThrow();
    expect(() => compileFilter({ filterGroup: [...ten, group(['a', 'eq', 10])] })).toThrow('Filters combination exceed maximum limit 10');
    // 2 x 5 `in` alternatives = 10 filters; one more group makes 11.
    const expanded = [group(['a', 'in', [1, 2]], ['b', 'in', [1, 2, 3, 4, 5]])];
    expect(() => compileFilter({ filterGroup: expanded })).not.toThrow();
    expect(() => compileFilter({ filterGroup: [...expanded, group(['c', 'eq', 1])] })).toThrow('Filters combination exceed maximum limit 10');
  });

  it('allows five values for in and notIn and twenty for containsAny', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(() => one('size', 'in', values(5))).not.toThrow();
    expect(() => one('size', 'in', values(6))).toThrow('at most 5 values');
    expect(() => one('size', 'notIn', values(6))).toThrow('at most 5 values');
    expect(() => one('seats', 'containsAny', values(20))).not.toThrow();
    expect(() => one('seats', 'containsAny', values(21))).toThrow('at most 20 values');
  });

  it('allows strings of 256 characters, not 257', () => {
    expect(() => one('service', 'eq', 'x'.repeat(256))).not.toThrow();
    expect(() => one('service', 'eq', 'x'.repeat(257))).toThrow('at most 256 characters');
    expect(() => one('service', 'in', ['x'.repeat(257)])).toThrow('at most 256 characters');
  });

  it('checks value types per operator', () => {
    expect(() => one('size', 'in', 5)).toThrow(InvalidFilterError);
    expect(() => one('size', 'between', [1])).toThrow(InvalidFilterError);
    expect(() => one('size', 'eq', { nested: true })).toThrow(InvalidFilterError);
    expect(() => compileFilter({ filterGroup: 'x' } as never)).toThrow(InvalidFilterError);
  });
});
