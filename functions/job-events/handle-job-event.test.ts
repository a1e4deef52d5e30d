// End to end through the real pieces: DynamoDB Local, a fake AppSync that executes the mutation
// against the schema, and a webhook receiver on loopback.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppSyncClient } from '../shared/appsync-publisher.js';
import { InvalidEventError } from '../shared/errors.js';
import { silentLog } from '../shared/logger.js';
import { handleJobEvent, type JobEventDeps } from './handle-job-event.js';
import { RESULT_SK, type Job } from './job.js';
import { createJobPublisher } from './job-publisher.js';
import { DynamoJobStore } from './job-store.js';
import { startFakeAppSync, type FakeAppSync } from './test-schema.js';
import { startTestTable, type TestTable } from './test-table.js';

const SECRET = 'whsec_test';
let table: TestTable;
let appsync: FakeAppSync;
let receiver: Server;
let hookUrl: string;
let hookStatuses: number[] = [];
let hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
let deps: JobEventDeps;
let sequence = 0;
const newJobId = () => `H${Date.now()}${sequence++}`;

beforeAll(async () => {
  [table, appsync] = await Promise.all([startTestTable(), startFakeAppSync()]);
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.writeHead(hookStatuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/job`;
  deps = {
    store: new DynamoJobStore(table.tableName, { client: table.client }),
    publish: createJobPublisher(new AppSyncClient({ url: appsync.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), {
      retries: 0,
    }),
    readSecret: async () => SECRET,
    callbackPolicy: { allowInsecureLoopback: true },
    webhook: { sleep: async () => undefined },
    log: silentLog,
  };
}, 60_000);

afterAll(async () => {
  await Promise.all([table?.close(), appsync?.close(), new Promise((resolve) => receiver?.close(resolve))]);
});

beforeEach(() => {
  appsync.published.length = 0;
  appsync.errors.length = 0;
  appsync.failWith = undefined;
  hookStatuses = [];
  hooks = [];
});

const publishedFor = (jobId: string) => appsync.published.filter((job) => job.id === jobId) as unknown as Job[];

function verifySignature(hook: { headers: IncomingHttpHeaders; body: string }): boolean {
  const timestamp = String(hook.headers['x-webhook-timestamp']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${hook.body}`).digest('hex')}`;
  return hook.headers['x-webhook-signature'] === expected;
}

describe('handleJobEvent', () => {
  it('runs a document analysis to SUCCEEDED: every change published in version order, webhook signed and recorded', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { callbackUrl: hookUrl });
    const events = [
      { type: 'STARTED', jobId },
      { type: 'STEP', jobId, step: 'extract', status: 'RUNNING' },
      { type: 'STEP', jobId, step: 'extract', status: 'SUCCEEDED' },
      { type: 'STEP', jobId, step: 'analyze', status: 'RUNNING' },
      { type: 'STEP', jobId, step: 'analyze', status: 'SUCCEEDED', cached: false, usage: { inputTokens: 120, outputTokens: 40 } },
      { type: 'STEP', jobId, step: 'summarize', status: 'RUNNING' },
      { type: 'STEP', jobId, step: 'summarize', status: 'SUCCEEDED', cached: true, usage: { inputTokens: 50, outputTokens: 10 } },
    ];
    for (const event of events) await handleJobEvent(event, deps);
    hookStatuses = [503];
    const summary = await handleJobEvent({ type: 'SUCCEEDED', jobId, result: { summary: 'Short.', analysis: { tone: 'calm' } } }, deps);
    expect(summary).toMatchObject({ outcome: 'applied', status: 'SUCCEEDED', version: 9, published: true, webhook: 'DELIVERED' });

    expect(appsync.errors).toEqual([]);
    const published = publishedFor(jobId);
    // The webhook claim (version 10) is not pushed; its outcome (11) is.
    expect(published.map((job) => job.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11]);
    const succeeded = published[7];
    expect(succeeded).toMatchObject({ status: 'SUCCEEDED', result: JSON.stringify({ summary: 'Short.', analysis: { tone: 'calm' } }), resultTruncated: false, webhook: null });
    expect(succeeded?.steps.map((s) => [s.name, s.status])).toEqual([
      ['extract', 'SUCCEEDED'],
      ['analyze', 'SUCCEEDED'],
      ['summarize', 'SUCCEEDED'],
    ]);
    expect(succeeded?.steps[2]).toMatchObject({ cached: true, usage: { inputTokens: 50, outputTokens: 10 } });
    expect(published.at(-1)).toMatchObject({ status: 'SUCCEEDED', webhook: { url: hookUrl, status: 'DELIVERED', attempts: 2, lastStatusCode: 200 } });

    expect(hooks).toHaveLength(2);
    expect(hooks.every(verifySignature)).toBe(true);
    const body = JSON.parse(hooks[1]?.body ?? '{}') as Job;
    expect(body).toMatchObject({ id: jobId, status: 'SUCCEEDED', version: 9, result: succeeded?.result, resultTruncated: false });
    expect(hooks[1]?.body).not.toContain('secret input');
  });

  it('pushes a result of 100 KB or more as null + resultTruncated, and stores and POSTs it whole', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', callbackUrl: hookUrl, kind: 'BATCH_ADVERTS' });
    const result = { adverts: Array.from({ length: 100 }, (_, i) => ({ name: `spec ${i}`, text: 'word '.repeat(250) })) };
    await handleJobEvent({ type: 'SUCCEEDED', jobId, result }, deps);
    const [pushed] = publishedFor(jobId);
    expect(pushed).toMatchObject({ status: 'SUCCEEDED', result: null, resultTruncated: true });
    expect((await table.getItem(jobId, RESULT_SK))?.result).toBe(JSON.stringify(result));
    expect(JSON.parse(hooks[0]?.body ?? '{}')).toMatchObject({ result: JSON.stringify(result), resultTruncated: false });
  });

  it('fails the job when the result cannot be stored', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING' });
    await expect(handleJobEvent({ type: 'SUCCEEDED', jobId, result: { text: 'x'.repeat(400 * 1024) } }, deps)).resolves.toMatchObject({ status: 'FAILED' });
    expect(await table.getItem(jobId)).toMatchObject({ status: 'FAILED', error: { errorType: 'ResultTooLarge' } });
  });

  it('cancels on EventBridge ABORTED, delivers the webhook once, ignores the duplicate', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', callbackUrl: hookUrl });
    const aborted = {
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      detail: { executionArn: `arn:aws:states:us-east-1:1:execution:Jobs:${jobId}`, name: jobId, status: 'ABORTED' },
    };
    const [first, second] = await Promise.all([handleJobEvent(aborted, deps), handleJobEvent(aborted, deps)]);
    expect([first?.outcome, second?.outcome].sort()).toEqual(['applied', 'terminal']);
    expect(hooks).toHaveLength(1);
    expect(JSON.parse(hooks[0]?.body ?? '{}')).toMatchObject({ id: jobId, status: 'CANCELLED' });
    expect(await table.getItem(jobId)).toMatchObject({ status: 'CANCELLED', webhook: { status: 'DELIVERED', attempts: 1 } });
  });

  it('delivers the webhook of a job that startWorkflow stored with webhook PENDING (as the resolver does)', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', callbackUrl: hookUrl, webhook: { url: hookUrl, status: 'PENDING', attempts: 0 } });
    const summary = await handleJobEvent({ type: 'SUCCEEDED', jobId, result: { ok: true } }, deps);
    expect(summary).toMatchObject({ outcome: 'applied', webhook: 'DELIVERED' });
    expect(hooks).toHaveLength(1);
    expect(await table.getItem(jobId)).toMatchObject({ webhook: { status: 'DELIVERED', attempts: 1 } });
  });

  it('delivers the webhook of a job cancelJob already ended, when the execution reports ABORTED', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'CANCELLED', callbackUrl: hookUrl, version: 4 });
    const summary = await handleJobEvent({ 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', detail: { name: jobId, status: 'ABORTED' } }, deps);
    expect(summary).toMatchObject({ outcome: 'terminal', webhook: 'DELIVERED' });
    // The CANCELLED state cancelJob wrote is pushed (version 4), then the delivery (6; 5 was the claim).
    expect(publishedFor(jobId).map((job) => [job.version, job.status, job.webhook?.status ?? null])).toEqual([
      [4, 'CANCELLED', null],
      [6, 'CANCELLED', 'DELIVERED'],
    ]);
    await handleJobEvent({ 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', detail: { name: jobId, status: 'ABORTED' } }, deps);
    expect(hooks).toHaveLength(1);
  });

  it('pushes the ended state when the execution ends after cancelJob already marked the job CANCELLED', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'CANCELLED', version: 3 });
    const summary = await handleJobEvent({ 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', detail: { name: jobId, status: 'ABORTED' } }, deps);
    expect(summary).toMatchObject({ outcome: 'terminal', published: true });
    expect(publishedFor(jobId).map((job) => [job.version, job.status])).toEqual([[3, 'CANCELLED']]);
  });

  it('refuses a plain-http callback outside the sandbox and records it FAILED without calling it', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', callbackUrl: hookUrl });
    const summary = await handleJobEvent(
      { type: 'FAILED', jobId, step: 'analyze', error: { errorType: 'Bedrock.ModelError', message: 'bad' } },
      { ...deps, callbackPolicy: { allowInsecureLoopback: false } },
    );
    expect(summary).toMatchObject({ status: 'FAILED', webhook: 'FAILED' });
    expect(hooks).toHaveLength(0);
    expect(await table.getItem(jobId)).toMatchObject({ error: { errorType: 'Bedrock.ModelError', step: 'analyze' }, webhook: { status: 'FAILED', attempts: 0 } });
  });

  it('keeps the write when publishing fails (a retried invoke would count twice)', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING' });
    appsync.failWith = 500;
    await expect(handleJobEvent({ type: 'PROGRESS', jobId, outcome: 'SUCCEEDED', total: 5 }, deps)).resolves.toMatchObject({ outcome: 'applied', published: false });
    expect(await table.getItem(jobId)).toMatchObject({ progress: { completed: 1, failed: 0, total: 5 } });
  });

  it('ignores other EventBridge statuses, reports unknown jobs, and throws on malformed events', async () => {
    await expect(handleJobEvent({ 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', detail: { name: 'X', status: 'RUNNING' } }, deps)).resolves.toEqual({
      outcome: 'ignored',
    });
    await expect(handleJobEvent({ type: 'STARTED', jobId: 'nope' }, deps)).resolves.toMatchObject({ outcome: 'not-found' });
    await expect(handleJobEvent({ type: 'STEP', jobId: 'J1' }, deps)).rejects.toBeInstanceOf(InvalidEventError);
  });
});
