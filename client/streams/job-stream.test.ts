import { describe, expect, it } from 'vitest';
import { NetworkError } from '../errors.js';
import type { JobFieldsFragment } from '../generated/graphql.js';
import { FakeTransport } from './fake-transport.js';
import { createJobStreams } from './job-stream.js';

const FAST = { pollIntervalMs: 10 };

function job(version: number, fields: Partial<JobFieldsFragment> = {}): JobFieldsFragment {
  return {
    id: 'j1', jobId: 'j1', owner: 'alice', kind: 'CONTENT_INSIGHTS', status: 'RUNNING', result: null, resultTruncated: null, version,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', steps: [], progress: null, error: null, webhook: null,
    ...fields,
  };
}

const update = (version: number, fields: Partial<JobFieldsFragment> = {}) => ({ onJobUpdated: job(version, fields) });

function backend() {
  const stored = { job: job(1, { status: 'QUEUED' }) };
  const transport = new FakeTransport({
    StartWorkflow: () => ({ startWorkflow: job(1, { status: 'QUEUED' }) }),
    Job: () => ({ job: stored.job }),
    CancelJob: () => ({ cancelJob: (stored.job = job(stored.job.version + 1, { status: 'CANCELLED' })) }),
  });
  return { transport, stored, updates: () => transport.subscription<ReturnType<typeof update>>() };
}

async function collect(stream: AsyncIterable<JobFieldsFragment>): Promise<JobFieldsFragment[]> {
  const seen: JobFieldsFragment[] = [];
  for await (const state of stream) seen.push(state);
  return seen;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const INPUT = { kind: 'CONTENT_INSIGHTS' as const, input: '{"text":"I love these boots"}' };

describe('jobs.start', () => {
  it('subscribes to all jobs before starting, then yields this job in version order up to a terminal status', async () => {
    const { transport, updates } = backend();
    transport.autoAck = false;
    const stream = createJobStreams(transport, FAST).start(INPUT);
    await flush();
    expect(updates()).toMatchObject({ operation: 'OnJobUpdated', variables: {} });
    expect(transport.count('StartWorkflow')).toBe(0);
    updates().emit(update(2)); // arrives before startWorkflow answers
    updates().ack();
    await expect(stream.job).resolves.toMatchObject({ id: 'j1', status: 'QUEUED' });
    updates().emit({ onJobUpdated: { ...job(9), id: 'other', jobId: 'other' } });
    updates().emit(update(4));
    updates().emit(update(3)); // stale: concurrent steps published out of order
    updates().emit(update(5, { status: 'SUCCEEDED', result: '{"keywords":["boots"]}' }));
    updates().emit(update(6)); // after the end: ignored

    expect((await collect(stream)).map((j) => [j.version, j.status])).toEqual([
      [1, 'QUEUED'],
      [2, 'RUNNING'],
      [4, 'RUNNING'],
      [5, 'SUCCEEDED'],
    ]);
    await expect(stream.final).resolves.toMatchObject({ status: 'SUCCEEDED', result: '{"keywords":["boots"]}' });
    expect(updates().closed).toBe(true);
  });

  it('reads the job for a result too large to be pushed', async () => {
    const { transport, stored, updates } = backend();
    const stream = createJobStreams(transport, FAST).start(INPUT);
    await stream.job;
    stored.job = job(3, { status: 'SUCCEEDED', result: '{"big":true}', resultTruncated: true });
    updates().emit(update(3, { status: 'SUCCEEDED', result: null, resultTruncated: true }));
    await expect(stream.final).resolves.toMatchObject({ result: '{"big":true}' });
    expect((await collect(stream)).at(-1)).toMatchObject({ result: '{"big":true}' });
  });

  it('reads the job after a resubscribe, and polls it once the subscription is lost', async () => {
    const { transport, stored, updates } = backend();
    const stream = createJobStreams(transport, FAST).start(INPUT);
    await stream.job;
    stored.job = job(4);
    updates().resubscribe();
    await flush();
    updates().end(new NetworkError('gave up reconnecting'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    stored.job = job(7, { status: 'FAILED', error: { errorType: 'InvalidModelOutput', message: 'bad', step: 'keywords' } });
    expect((await collect(stream)).map((j) => j.version)).toEqual([1, 4, 7]);
    await expect(stream.final).resolves.toMatchObject({ status: 'FAILED' });
  });

  it('on abort cancels the job, ends the iteration and resolves final with the cancelled job', async () => {
    const { transport, stored, updates } = backend();
    const controller = new AbortController();
    const stream = createJobStreams(transport, FAST).start(INPUT, { signal: controller.signal });
    await stream.job;
    stored.job = job(2);
    updates().emit(update(2));
    const seen: number[] = [];
    for await (const state of stream) {
      seen.push(state.version);
      if (state.version === 2) controller.abort();
    }
    expect(seen).toEqual([1, 2]);
    await expect(stream.final).resolves.toMatchObject({ status: 'CANCELLED' });
    expect(transport.calls.find((c) => c.operation === 'CancelJob')?.variables).toEqual({ id: 'j1' });
  });

  it('fails when startWorkflow is refused, and ends with StreamClosedError when the client closes', async () => {
    const refused = backend();
    refused.transport.on('StartWorkflow', () => {
      throw Object.assign(new Error('bad input'), { errorType: 'ValidationError' });
    });
    const failing = createJobStreams(refused.transport, FAST).start(INPUT);
    await expect(collect(failing)).rejects.toMatchObject({ errorType: 'ValidationError' });

    const closed = backend();
    const stream = createJobStreams(closed.transport, FAST).start(INPUT);
    await stream.job;
    closed.updates().end();
    await expect(stream.final).rejects.toMatchObject({ name: 'StreamClosedError' });
  });
});
