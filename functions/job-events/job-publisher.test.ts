import { getNamedType, isObjectType, parse, validate, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppSyncClient, type GraphQLClient } from '../shared/appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from '../shared/errors.js';
import { toJob, type JobItem } from './job.js';
import { createJobPublisher, PUBLISH_JOB_UPDATE } from './job-publisher.js';
import { loadApiSchema, startFakeAppSync, type FakeAppSync } from './test-schema.js';

const item: JobItem = {
  id: 'J1',
  jobId: 'J1',
  owner: 'alice',
  kind: 'CONTENT_INSIGHTS',
  status: 'SUCCEEDED',
  steps: [{ name: 'sentiment', status: 'SUCCEEDED', startedAt: '2026-01-01T00:00:01.000Z', endedAt: '2026-01-01T00:00:02.000Z', cached: true, usage: { inputTokens: 3, outputTokens: 4 } }],
  progress: { completed: 1, failed: 0, total: 1 },
  error: null,
  webhook: { url: 'https://example.com/h', status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastAttemptAt: '2026-01-01T00:00:03.000Z' },
  version: 7,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:03.000Z',
  // Stored-only attributes must not reach the mutation's input.
  input: { text: 'private' },
  callbackUrl: 'https://example.com/h',
  executionArn: 'arn:aws:states:...',
  gsi1pk: 'OWNER#alice',
};

let appsync: FakeAppSync;
beforeAll(async () => {
  appsync = await startFakeAppSync();
});
afterAll(async () => {
  await appsync.close();
});

describe('PUBLISH_JOB_UPDATE', () => {
  it('is valid against the schema and selects every Job field, nested ones too (subscribers get only those)', () => {
    const schema = loadApiSchema();
    expect(validate(schema, parse(PUBLISH_JOB_UPDATE))).toEqual([]);
    const selected = PUBLISH_JOB_UPDATE.split(/[\s{}]+/);
    const visit = (type: GraphQLObjectType) => {
      for (const [name, field] of Object.entries(type.getFields())) {
        expect(selected, `${type.name}.${name}`).toContain(name);
        const named = getNamedType(field.type);
        if (isObjectType(named)) visit(named);
      }
    };
    visit(schema.getType('Job') as GraphQLObjectType);
  });

  it('publishes a stored job as a valid JobUpdateInput, and subscribers receive the whole job', async () => {
    const publish = createJobPublisher(new AppSyncClient({ url: appsync.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    const job = toJob(item, '{"sentiment":"positive"}', 100 * 1024);
    await publish(job);
    expect(appsync.errors).toEqual([]);
    expect(appsync.published.at(-1)).toEqual(job);
    expect(job).toMatchObject({ result: '{"sentiment":"positive"}', resultTruncated: false, webhook: { status: 'DELIVERED' } });
    expect(JSON.stringify(job)).not.toContain('private');
  });
});

describe('createJobPublisher', () => {
  it('retries transient failures, not GraphQL errors', async () => {
    const sleep = vi.fn(async () => undefined);
    const flaky = vi.fn().mockRejectedValueOnce(new AppSyncHttpError('busy', 503)).mockResolvedValueOnce({});
    await createJobPublisher({ request: flaky } as GraphQLClient, { sleep })(toJob(item, null));
    expect(flaky).toHaveBeenCalledTimes(2);
    const invalid = vi.fn().mockRejectedValue(new GraphQLResponseError([{ errorType: 'Unauthorized', message: 'no' }], 401));
    await expect(createJobPublisher({ request: invalid } as GraphQLClient, { sleep })(toJob(item, null))).rejects.toThrow('Unauthorized');
    expect(invalid).toHaveBeenCalledTimes(1);
  });
});

describe('toJob', () => {
  it('leaves out a result of 100 KB or more and flags it', () => {
    const big = JSON.stringify({ text: 'x'.repeat(100 * 1024) });
    expect(toJob(item, big, 100 * 1024)).toMatchObject({ result: null, resultTruncated: true });
    expect(toJob(item, big)).toMatchObject({ result: big, resultTruncated: false });
  });

  it('fills what an older item lacks (steps, jobId, updatedAt)', () => {
    const job = toJob({ id: 'J2', owner: 'o', kind: 'BATCH_ADVERTS', status: 'QUEUED', createdAt: 'c' }, null);
    expect(job).toMatchObject({ id: 'J2', jobId: 'J2', steps: [], progress: null, version: 0, updatedAt: 'c', webhook: null, error: null });
  });
});
