// Shared fixtures of the adverts resolver tests: the API environment the stack
// gives them, AdvertsTable items, and image data with real magic numbers.
import { ALICE, ENV } from './evaluate-resolver.js';

export const ADVERTS_ENV = { ...ENV, ADVERTS_TABLE_NAME: 'AdvertsTable-test' };

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function advertItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const owner = (overrides.owner as string | undefined) ?? ALICE;
  return {
    pk: 'ADVERT#ad1', sk: 'META', type: 'Advert', id: 'ad1', owner, spec: 'Trail shoes, 280 g, recycled mesh', tone: null,
    wordCount: 150, modelId: ENV.DEFAULT_MODEL_ID, personas: ['Families', 'Runners'], bypassCache: false, images: [],
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    gsi1pk: `OWNER#${owner}`, gsi1sk: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

export function variantItem(position: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: 'ADVERT#ad1', sk: `VARIANT#0${position}`, type: 'AdvertVariant', id: `v${position}`, advertId: 'ad1', owner: ALICE,
    position, persona: position === 0 ? 'Families' : 'Runners', status: 'COMPLETE', content: 'Run further.', generation: 1,
    cached: false, usage: { inputTokens: 10, outputTokens: 20 }, stopReason: 'end_turn',
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:05.000Z', ...overrides,
  };
}

/** A partition read (Query pk = ADVERT#ad1) as DynamoDB answers it: META first, then the variants in sk order. */
export function partition(advert: Record<string, unknown> | null, ...variants: Array<Record<string, unknown>>): { items: unknown[]; nextToken: null } {
  return { items: [...(advert ? [advert] : []), ...variants], nextToken: null };
}

const MAGIC: Record<string, number[]> = {
  PNG: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d],
  JPEG: [0xff, 0xd8, 0xff, 0xe0],
  GIF: [...Buffer.from('GIF89a')],
  WEBP: [...Buffer.from('RIFF'), 0x24, 0x00, 0x00, 0x00, ...Buffer.from('WEBPVP8 ')],
};

/** `bytes` bytes starting with the format's magic number. */
export function imageBytes(format: string, bytes = 64): Buffer {
  const data = Buffer.alloc(bytes, 0x41);
  Buffer.from(MAGIC[format]!).copy(data);
  return data;
}

export function image(format: string, bytes = 64): { format: string; base64: string } {
  return { format, base64: imageBytes(format, bytes).toString('base64') };
}
