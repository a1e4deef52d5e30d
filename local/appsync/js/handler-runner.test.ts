import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from './handler-runner.js';

const roundTrip = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
};

describe('toJsonValue (a handler result leaving the resolver realm)', () => {
  const cases: Record<string, unknown> = {
    'nested objects and arrays': { a: [1, 'two', { three: true }], b: { c: null } },
    'undefined, functions and symbols: left out of objects, null in arrays': { u: undefined, f: () => 1, s: Symbol('x'), list: [undefined, () => 1, Symbol('y')] },
    'numbers JSON cannot hold': [Number.NaN, Number.POSITIVE_INFINITY, -0, 1.5],
    'a Date and a toJSON method': { when: new Date('2026-11-22T00:00:00Z'), custom: { toJSON: () => 'custom' } },
    'a Map, a boxed number and a typed array': { map: new Map([['k', 1]]), boxed: Object(5) as unknown, bytes: new Uint8Array([1, 2]) },
    'an object without a prototype': Object.assign(Object.create(null) as object, { id: '1' }),
    'a class instance': new (class Item { id = '1'; })(),
    'top-level undefined': undefined,
    'a string': 'text',
  };
  for (const [name, value] of Object.entries(cases)) {
    it(`gives what JSON.parse(JSON.stringify()) gives: ${name}`, () => {
      expect(toJsonValue(value)).toStrictEqual(roundTrip(value));
    });
  }

  it('copies objects made in the resolvers\' own vm context into this realm', () => {
    const made = vm.runInContext('({ item: { id: "1", tags: ["a"], when: new Date(0) }, skip: undefined })', vm.createContext({})) as Record<string, unknown>;
    const copy = toJsonValue(made) as { item: { tags: unknown[] } };
    expect(copy).toStrictEqual(roundTrip(made));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Array.isArray(copy.item.tags)).toBe(true);
    expect(copy.item.tags).toBeInstanceOf(Array);
  });

  it('never shares an object with its input', () => {
    const input = { nested: { list: [1] } };
    const copy = toJsonValue(input) as typeof input;
    copy.nested.list.push(2);
    expect(input.nested.list).toEqual([1]);
  });

  it('fails as JSON.stringify does on a cycle and on a bigint', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJsonValue(cyclic)).toThrow(TypeError);
    expect(() => toJsonValue({ big: 1n })).toThrow(TypeError);
  });
});
