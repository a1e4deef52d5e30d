import { describe, expect, it } from 'vitest';
import { jsonEncodedSize, splitByEncodedSize } from './json-size.js';

const encoded = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

describe('jsonEncodedSize', () => {
  it.each([
    ['ascii', 'hello world'],
    ['escapes', 'quote " backslash \\ newline \n tab \t bell \u0007 nul \u0000'],
    ['two-byte', 'é ñ ü ß'],
    ['three-byte', '中文 € \u2028'],
    ['pairs', '😀🎉👍🏽'],
    ['lone surrogates', 'a\uD83Db\uDE00c'],
  ])('matches JSON.stringify in UTF-8 for %s', (_, text) => {
    expect(jsonEncodedSize(text)).toBe(encoded(text));
  });
});

describe('splitByEncodedSize', () => {
  it('takes the longest prefix within the limit', () => {
    expect(splitByEncodedSize('abcdef', 4)).toEqual({ head: 'abcd', rest: 'ef', headBytes: 4 });
    expect(splitByEncodedSize('ab"cd', 4)).toMatchObject({ head: 'ab"', rest: 'cd' });
  });

  it('keeps surrogate pairs whole', () => {
    const { head, rest } = splitByEncodedSize('a😀b', 3);
    expect(head).toBe('a');
    expect(rest).toBe('😀b');
  });

  it('always takes at least one character', () => {
    expect(splitByEncodedSize('😀', 1).head).toBe('😀');
  });
});
