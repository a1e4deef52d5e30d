// The async invocation payload sent by createAdvert and regenerateAdvertVariant (README "Adverts").
import { InvalidEventError } from '../shared/errors.js';

export interface VariantToStream {
  id: string;
  generation: number;
}

export interface AdvertStreamEvent {
  advertId: string;
  owner: string;
  variants: VariantToStream[];
  bypassCache: boolean;
}

function requireString(record: Record<string, unknown>, field: string, where = 'Event'): string {
  const value = record[field];
  if (typeof value !== 'string' || value.length === 0) throw new InvalidEventError(`${where} field ${field} must be a non-empty string`);
  return value;
}

function parseVariant(value: unknown, index: number): VariantToStream {
  if (typeof value !== 'object' || value === null) throw new InvalidEventError(`variants[${index}] must be an object`);
  const record = value as Record<string, unknown>;
  const generation = record.generation;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 1) {
    throw new InvalidEventError(`variants[${index}].generation must be a positive integer`);
  }
  return { id: requireString(record, 'id', `variants[${index}]`), generation };
}

export function parseAdvertStreamEvent(payload: unknown): AdvertStreamEvent {
  if (typeof payload !== 'object' || payload === null) throw new InvalidEventError('Event must be an object');
  const record = payload as Record<string, unknown>;
  const variants = record.variants;
  if (!Array.isArray(variants) || variants.length === 0) throw new InvalidEventError('Event field variants must be a non-empty list');
  const bypassCache = record.bypassCache ?? false;
  if (typeof bypassCache !== 'boolean') throw new InvalidEventError('Event field bypassCache must be a boolean');
  return {
    advertId: requireString(record, 'advertId'),
    owner: requireString(record, 'owner'),
    variants: variants.map(parseVariant),
    bypassCache,
  };
}
