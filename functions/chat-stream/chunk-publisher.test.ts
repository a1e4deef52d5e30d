import { parse, validate } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from '../shared/errors.js';
import { loadApiSchema, unselectedFields } from '../shared/test-api-schema.js';
import { createChunkPublisher, PUBLISH_MESSAGE_CHUNK } from './chunk-publisher.js';

const chunk = { seq: 0, text: 'hi', done: false, stopReason: null, usage: null, error: null };
const address = { conversationId: 'C1', messageId: 'M1', owner: 'alice' };

describe('PUBLISH_MESSAGE_CHUNK', () => {
  it('is valid against the schema and selects every MessageChunk field (subscribers get only those)', () => {
    const schema = loadApiSchema();
    expect(validate(schema, parse(PUBLISH_MESSAGE_CHUNK))).toEqual([]);
    expect(unselectedFields(schema, PUBLISH_MESSAGE_CHUNK)).toEqual([]);
  });

  it('is caught when it misses a field', () => {
    expect(unselectedFields(loadApiSchema(), PUBLISH_MESSAGE_CHUNK.replace('stopReason', ''))).toEqual(['stopReason']);
  });
});

describe('createChunkPublisher', () => {
  it('sends the chunk with its address as the input', async () => {
    const request = vi.fn(async () => ({}));
    await createChunkPublisher({ request } as GraphQLClient, address)(chunk);
    expect(request).toHaveBeenCalledWith(PUBLISH_MESSAGE_CHUNK, { input: { ...address, ...chunk } });
  });

  it('retries transient failures, not GraphQL errors', async () => {
    const sleep = vi.fn(async () => undefined);
    const flaky = vi
      .fn()
      .mockRejectedValueOnce(new AppSyncHttpError('busy', 503))
      .mockResolvedValueOnce({});
    await createChunkPublisher({ request: flaky } as GraphQLClient, address, { sleep })(chunk);
    expect(flaky).toHaveBeenCalledTimes(2);

    const invalid = vi.fn().mockRejectedValue(new GraphQLResponseError([{ errorType: 'Unauthorized', message: 'no' }], 401));
    await expect(createChunkPublisher({ request: invalid } as GraphQLClient, address, { sleep })(chunk)).rejects.toThrow('Unauthorized');
    expect(invalid).toHaveBeenCalledTimes(1);
  });
});
