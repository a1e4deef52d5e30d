import { getNamedType, isObjectType, parse, validate, type GraphQLObjectType } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from '../shared/errors.js';
import { loadApiSchema } from '../shared/test-api-schema.js';
import { createChunkPublisher, PUBLISH_MESSAGE_CHUNK } from './chunk-publisher.js';

const loadSchema = loadApiSchema;

const chunk = { seq: 0, text: 'hi', done: false, stopReason: null, usage: null, error: null };
const address = { conversationId: 'C1', messageId: 'M1', owner: 'alice' };

describe('PUBLISH_MESSAGE_CHUNK', () => {
  it('is valid against the schema and selects every MessageChunk field (subscribers get only those)', () => {
    const schema = loadSchema();
    const document = parse(PUBLISH_MESSAGE_CHUNK);
    expect(validate(schema, document)).toEqual([]);

    const selected = (PUBLISH_MESSAGE_CHUNK.match(/publishMessageChunk\(input: \$input\) \{([\s\S]*)\}\s*\}\s*$/)?.[1] ?? '').replace(/\{[^}]*\}/g, ' ');
    const type = schema.getType('MessageChunk') as GraphQLObjectType;
    for (const [name, field] of Object.entries(type.getFields())) {
      expect(selected.split(/\s+/)).toContain(name);
      const named = getNamedType(field.type);
      if (isObjectType(named)) {
        for (const sub of Object.keys(named.getFields())) expect(PUBLISH_MESSAGE_CHUNK).toMatch(new RegExp(`${name} \\{[^}]*\\b${sub}\\b`));
      }
    }
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
