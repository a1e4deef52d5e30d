import { parse, validate } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import { loadApiSchema, unselectedFields } from '../shared/test-api-schema.js';
import { createAdvertChunkPublisher, PUBLISH_ADVERT_CHUNK } from './chunk-publisher.js';

const address = { advertId: 'A1', variantId: 'V1', owner: 'alice', persona: 'Families', generation: 1 };
const chunk = { seq: 0, text: 'Big', done: false, stopReason: null, usage: null, error: null };

describe('PUBLISH_ADVERT_CHUNK', () => {
  it('is valid against the schema and selects every AdvertChunk field (subscribers get only those)', () => {
    const schema = loadApiSchema();
    expect(validate(schema, parse(PUBLISH_ADVERT_CHUNK))).toEqual([]);
    expect(unselectedFields(schema, PUBLISH_ADVERT_CHUNK)).toEqual([]);
  });
});

describe('createAdvertChunkPublisher', () => {
  it('sends the address with each chunk, and cached on the final chunk only', async () => {
    const request = vi.fn(async () => ({}));
    const publish = createAdvertChunkPublisher({ request } as GraphQLClient, address, () => true);
    await publish(chunk);
    await publish({ ...chunk, seq: 1, done: true, stopReason: 'end_turn' });
    expect(request).toHaveBeenNthCalledWith(1, PUBLISH_ADVERT_CHUNK, { input: { ...address, ...chunk, cached: null } });
    expect(request).toHaveBeenNthCalledWith(2, PUBLISH_ADVERT_CHUNK, { input: { ...address, ...chunk, seq: 1, done: true, stopReason: 'end_turn', cached: true } });
  });
});
