import { describe, expect, it } from 'vitest';
import { InputWords } from './input-words.js';
import { breakConformance, sampleFromSchema } from './schema-sample.js';
import { createRandom } from './seeded-random.js';

const text = 'Our bakery launches sourdough workshops for beginners every Saturday morning in Leeds';
const words = new InputWords(text);
const samples = (schema: unknown, count = 200) => Array.from({ length: count }, (_, seed) => sampleFromSchema(schema, createRandom(seed), words));

describe('sampleFromSchema', () => {
  it('honours numeric bounds: inclusive, exclusive (both drafts), one-sided, multipleOf', () => {
    for (const value of samples({ type: 'integer', minimum: -3, maximum: 4 }) as number[]) {
      expect(Number.isInteger(value) && value >= -3 && value <= 4).toBe(true);
    }
    for (const value of samples({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.01 }) as number[]) {
      expect(value > 0 && value < 0.01).toBe(true);
    }
    for (const value of samples({ type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 7, exclusiveMaximum: true }) as number[]) {
      expect(value).toBe(6);
    }
    for (const value of samples({ type: 'number', minimum: 1000 }) as number[]) expect(value).toBeGreaterThanOrEqual(1000);
    for (const value of samples({ type: 'integer', maximum: -50 }) as number[]) expect(value).toBeLessThanOrEqual(-50);
    for (const value of samples({ type: 'number', minimum: 0, maximum: 1, multipleOf: 0.25 }) as number[]) {
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(value);
    }
  });

  it('honours string lengths, padding and cutting with words of the message', () => {
    for (const value of samples({ type: 'string', minLength: 150, maxLength: 160 }) as string[]) {
      expect(value.length).toBeGreaterThanOrEqual(150);
      expect(value.length).toBeLessThanOrEqual(160);
      for (const word of value.split(' ').filter(Boolean)) expect(text).toContain(word);
    }
    for (const value of samples({ type: 'string', maxLength: 3 }) as string[]) expect(value.length).toBeLessThanOrEqual(3);
    expect(samples({ type: 'string', maxLength: 0 }, 5)).toEqual(['', '', '', '', '']);
  });

  it('produces the common formats in their syntax', () => {
    expect(samples({ type: 'string', format: 'date-time' }, 20).every((value) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value as string))).toBe(true);
    expect(samples({ type: 'string', format: 'date' }, 20).every((value) => /^\d{4}-\d\d-\d\d$/.test(value as string))).toBe(true);
    expect(samples({ type: 'string', format: 'email' }, 20).every((value) => /^[a-z0-9]+@example\.com$/.test(value as string))).toBe(true);
    expect(samples({ type: 'string', format: 'uuid' }, 20).every((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/.test(value as string))).toBe(true);
  });

  it('handles enums, const, nullable types, allOf, anyOf, tuples and unique enum arrays', () => {
    expect(new Set(samples({ enum: ['a', 'b', 'c'] }))).toEqual(new Set(['a', 'b', 'c']));
    expect(samples({ const: 7 }, 3)).toEqual([7, 7, 7]);
    expect(samples({ type: ['null', 'boolean'] }).every((value) => typeof value === 'boolean')).toBe(true);
    const merged = samples({ allOf: [{ properties: { a: { type: 'integer' } }, required: ['a'] }, { properties: { b: { type: 'boolean' } } }] }, 10);
    for (const value of merged as Array<{ a: unknown; b: unknown }>) {
      expect(Number.isInteger(value.a)).toBe(true);
      expect(typeof value.b).toBe('boolean');
    }
    expect(samples({ anyOf: [{ type: 'integer', minimum: 1, maximum: 1 }, { type: 'string' }] }, 5)).toEqual([1, 1, 1, 1, 1]);
    for (const value of samples({ type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }], maxItems: 2 }) as unknown[][]) {
      expect(value).toHaveLength(2);
      expect(Number.isInteger(value[0])).toBe(true);
      expect(typeof value[1]).toBe('boolean');
    }
    for (const value of samples({ type: 'array', items: { enum: ['x', 'y', 'z'] }, uniqueItems: true, minItems: 2, maxItems: 3 }) as string[][]) {
      expect(value.length).toBeGreaterThanOrEqual(2);
      expect(new Set(value).size).toBe(value.length);
    }
  });

  it('fills keyword arrays with distinct words of the message, numbering repeats when it runs out', () => {
    for (const value of samples({ type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 }) as string[][]) {
      expect(value.length).toBeGreaterThanOrEqual(2);
      expect(value.length).toBeLessThanOrEqual(4);
      expect(new Set(value).size).toBe(value.length);
      for (const keyword of value) expect(text.split(' ')).toContain(keyword);
    }
    const many = sampleFromSchema({ type: 'array', items: { type: 'string' }, minItems: 12 }, createRandom(1), new InputWords('crimson emerald azure')) as string[];
    expect(new Set(many).size).toBe(many.length);
    expect(many).toHaveLength(12);
    expect(many).toEqual(expect.arrayContaining(['crimson', 'crimson-2', 'crimson-4']));
  });

  it('falls back to stock words when the message has none', () => {
    const value = sampleFromSchema({ type: 'string', minLength: 1 }, createRandom(3), new InputWords(' ... '));
    expect(value).toMatch(/^[a-z]+( [a-z]+)*$/);
  });
});

describe('breakConformance', () => {
  it('drops the first required field, or mistypes the first property when none is required', () => {
    expect(breakConformance({ a: 'x', b: 1 }, { type: 'object', required: ['b', 'a'] })).toEqual({ a: 'x' });
    expect(breakConformance({ a: 'x' }, { type: 'object', properties: { a: { type: 'string' } } })).toEqual({ a: 42 });
    expect(breakConformance({ n: 3 }, { type: 'object', properties: { n: { type: 'integer' } } })).toEqual({ n: 'not a number' });
    expect(breakConformance({}, { type: 'object' })).toBeNull();
  });
});
