import { describe, expect, it } from 'vitest';
import { compileFilter, InvalidFilterError } from './filters.js';

const item = { name: 'hello world', count: 5, tags: ['a', 'b'], owner: { id: 'u1' }, missing: null };
const one = (fieldName: string, operator: string, value: unknown) => compileFilter({ filterGroup: [{ filters: [{ fieldName, operator, value }] }] })(item);

describe('enhanced subscription filters', () => {
  it.each([
    ['name', 'eq', 'hello world', true],
    ['name', 'eq', 'other', false],
    ['name', 'ne', 'other', true],
    ['count', 'le', 5, true],
    ['count', 'lt', 5, false],
    ['count', 'ge', 5, true],
    ['count', 'gt', 4, true],
    ['count', 'gt', '4', false],
    ['name', 'contains', 'world', true],
    ['tags', 'contains', 'b', true],
    ['tags', 'notContains', 'c', true],
    ['name', 'notContains', 'hello', false],
    ['name', 'beginsWith', 'hello', true],
    ['name', 'beginsWith', 'world', false],
    ['count', 'in', [1, 5], true],
    ['count', 'notIn', [1, 5], false],
    ['count', 'between', [5, 10], true],
    ['count', 'between', [6, 10], false],
    ['tags', 'containsAny', ['x', 'a'], true],
    ['tags', 'containsAny', ['x', 'y'], false],
    ['owner.id', 'eq', 'u1', true],
    ['missing', 'eq', null, true],
  ])('%s %s %j -> %s', (field, operator, value, expected) => {
    expect(one(field, operator, value)).toBe(expected);
  });

  it('ORs groups and ANDs the filters inside a group', () => {
    const filter = compileFilter({
      filterGroup: [
        { filters: [{ fieldName: 'count', operator: 'gt', value: 10 }] },
        {
          filters: [
            { fieldName: 'count', operator: 'eq', value: 5 },
            { fieldName: 'name', operator: 'beginsWith', value: 'hello' },
          ],
        },
      ],
    });
    expect(filter(item)).toBe(true);
    expect(filter({ ...item, name: 'bye' })).toBe(false);
    expect(filter({ ...item, name: 'bye', count: 11 })).toBe(true);
  });

  it('rejects unknown operators', () => {
    expect(() => one('name', 'like', 'x')).toThrow(InvalidFilterError);
  });
});
