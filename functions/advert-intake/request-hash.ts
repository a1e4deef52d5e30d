// The create token's requestHash: SHA-256 hex of a canonical JSON of the input, each image
// replaced by its format and SHA-256 and the clientToken itself left out, so the same input
// always hashes the same, whatever order its fields came in.
import { createHash } from 'node:crypto';
import type { AdvertIntakeInput } from './event.js';
import type { CheckedImage } from './image-check.js';

/** JSON with object keys sorted (by UTF-16 code units) at every level; arrays keep their order; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    const members = Object.keys(fields)
      .filter((key) => fields[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(fields[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function advertRequestHash(input: AdvertIntakeInput, images: readonly CheckedImage[]): string {
  const hashed = {
    spec: input.spec,
    images: images.map((image) => ({ format: image.format, sha256: image.sha256 })),
    personas: input.personas,
    tone: input.tone,
    wordCount: input.wordCount,
    modelId: input.modelId,
    bypassCache: input.bypassCache,
  };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}
