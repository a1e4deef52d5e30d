import { describe, expect, it } from 'vitest';
import { checkImage } from './image-check.js';
import { advertRequestHash, canonicalJson } from './request-hash.js';
import { intakeEvent } from './test-fakes.js';
import { GIF_1X1_BASE64, PNG_1X1_BASE64 } from './test-images.js';

const hashOf = (input: ReturnType<typeof intakeEvent>['input']) =>
  advertRequestHash(input, input.images.map((image) => checkImage(image.format, image.base64)));

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ '10': 1, '9': 2, é: 3, e: 4 })).toBe('{"10":1,"9":2,"e":4,"é":3}');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
  });
});

describe('advertRequestHash', () => {
  const input = intakeEvent().input;

  it('is SHA-256 hex, independent of field order and of the clientToken', () => {
    const hash = hashOf(input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(hashOf(reordered)).toBe(hash);
    expect(hashOf({ ...input, clientToken: 'another-token' })).toBe(hash);
    expect(hashOf({ ...input, clientToken: null })).toBe(hash);
  });

  it('changes with every other field, the images included', () => {
    const hash = hashOf(input);
    const variants = [
      { spec: `${input.spec}.` },
      { personas: [...input.personas].reverse() },
      { tone: null },
      { wordCount: input.wordCount + 1 },
      { modelId: 'amazon.nova-pro-v1:0' },
      { bypassCache: !input.bypassCache },
      { images: [] },
      { images: [{ format: 'GIF' as const, base64: GIF_1X1_BASE64 }] },
      { images: [{ format: 'PNG' as const, base64: PNG_1X1_BASE64 }, { format: 'PNG' as const, base64: PNG_1X1_BASE64 }] },
    ];
    const hashes = variants.map((change) => hashOf({ ...input, ...change }));
    expect(new Set([hash, ...hashes]).size).toBe(variants.length + 1);
  });
});
