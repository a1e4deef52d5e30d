import { describe, expect, it } from 'vitest';
import { copyValue } from './context.js';

describe('copyValue (the per-field copy of ctx)', () => {
  it('copies nested objects and arrays, so changing the copy leaves the original alone', () => {
    const original = { a: { b: [1, { c: 'x' }] }, d: null, e: undefined, f: true };
    const copy = copyValue(original) as typeof original;
    expect(copy).toStrictEqual(original);
    (copy.a.b[1] as { c: string }).c = 'changed';
    copy.a.b.push(2);
    expect(original).toStrictEqual({ a: { b: [1, { c: 'x' }] }, d: null, e: undefined, f: true });
  });

  it('gives objects without a prototype (as graphql-js may build arguments) an ordinary one', () => {
    const original = Object.assign(Object.create(null) as Record<string, unknown>, { id: '1' });
    const copy = copyValue(original) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual({ id: '1' });
  });

  it('copies an object of another prototype as structuredClone does: own properties only', () => {
    const original = Object.create({ inherited: 1 }) as Record<string, unknown>;
    original.own = 2;
    expect(copyValue(original)).toStrictEqual({ own: 2 });
  });

  it('leaves anything else to structuredClone: a Date, a Map, a cycle', () => {
    const when = new Date('2026-11-22T00:00:00Z');
    const copy = copyValue({ when, map: new Map([['k', 1]]) }) as { when: Date; map: Map<string, number> };
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect(copy.map.get('k')).toBe(1);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const cyclicCopy = copyValue(cyclic) as Record<string, unknown>;
    expect(cyclicCopy.self).not.toBe(cyclic);
    expect((cyclicCopy.self as Record<string, unknown>).name).toBe('loop');
  });
});
