import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from './event.js';
import { RESULT_SK } from './job.js';
import { DynamoJobStore } from './job-store.js';
import { startTestTable, type TestTable } from './test-table.js';

let table: TestTable;
let store: DynamoJobStore;
let sequence = 0;
const newJobId = () => `J${Date.now()}${sequence++}`;
const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

beforeAll(async () => {
  table = await startTestTable();
  store = new DynamoJobStore(table.tableName, { client: table.client });
}, 60_000);

afterAll(async () => {
  await table?.close();
});

describe('DynamoJobStore.apply', () => {
  it('STARTED moves QUEUED to RUNNING once, with version + 1 and updatedAt', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId);
    const first = await store.apply({ type: 'STARTED', jobId }, at(1));
    expect(first).toMatchObject({ outcome: 'applied', job: { status: 'RUNNING', version: 2, updatedAt: at(1) } });
    await expect(store.apply({ type: 'STARTED', jobId }, at(2))).resolves.toMatchObject({ outcome: 'unchanged' });
    expect(await table.getItem(jobId)).toMatchObject({ status: 'RUNNING', version: 2, input: { document: { text: 'secret input' } } });
  });

  it('counts 20 concurrent PROGRESS events exactly (progress starts null), one version each', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { kind: 'BATCH_ADVERTS' });
    const events: JobEvent[] = Array.from({ length: 20 }, (_, i) => ({ type: 'PROGRESS', jobId, outcome: i % 4 === 0 ? 'FAILED' : 'SUCCEEDED', total: 20 }));
    const outcomes = await Promise.all(events.map((event) => store.apply(event, at(3))));
    expect(outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    const item = await table.getItem(jobId);
    expect(item).toMatchObject({ status: 'RUNNING', progress: { completed: 15, failed: 5, total: 20 }, version: 21 });
    // Each publish carries a distinct version.
    const versions = outcomes.map((o) => (o.outcome === 'applied' ? o.job.version : 0)).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(new Set(versions).size).toBe(20);
  });

  it('keeps every step under concurrency, in start order, updated in place', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { kind: 'CONTENT_INSIGHTS', status: 'RUNNING' });
    await store.apply({ type: 'STEP', jobId, step: 'prepare', status: 'RUNNING' }, at(1));
    await store.apply({ type: 'STEP', jobId, step: 'prepare', status: 'SUCCEEDED' }, at(2));
    // Parallel branches start and finish at the same moment, with progress events in between.
    const branches = ['sentiment', 'keywords', 'entities', 'topics'];
    await Promise.all([
      ...branches.map((step) => store.apply({ type: 'STEP', jobId, step, status: 'RUNNING' }, at(3))),
      ...branches.map(() => store.apply({ type: 'PROGRESS', jobId, outcome: 'SUCCEEDED', total: 4 }, at(3))),
    ]);
    await Promise.all(
      branches.map((step, i) => store.apply({ type: 'STEP', jobId, step, status: 'SUCCEEDED', cached: i === 0, usage: { inputTokens: 10 + i, outputTokens: 5 } }, at(4))),
    );
    const item = (await table.getItem(jobId)) as { steps: { name: string; status: string; startedAt: string; endedAt: string | null; cached?: boolean }[]; version: number };
    expect(item.steps.map((s) => s.name).slice(0, 1)).toEqual(['prepare']);
    expect(item.steps.map((s) => s.name).sort()).toEqual(['entities', 'keywords', 'prepare', 'sentiment', 'topics']);
    expect(item.steps.every((s) => s.status === 'SUCCEEDED')).toBe(true);
    expect(item.steps.find((s) => s.name === 'prepare')).toMatchObject({ startedAt: at(1), endedAt: at(2) });
    expect(item.steps.find((s) => s.name === 'sentiment')).toMatchObject({ startedAt: at(3), endedAt: at(4), cached: true, usage: { inputTokens: 10, outputTokens: 5 } });
    // 2 + 4 starts + 4 progress + 4 ends, each exactly one version.
    expect(item.version).toBe(1 + 14);
  });

  it('a retried step starts afresh, a repeated event changes nothing', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING' });
    await store.apply({ type: 'STEP', jobId, step: 'analyze', status: 'RUNNING' }, at(1));
    await store.apply({ type: 'STEP', jobId, step: 'analyze', status: 'FAILED' }, at(2));
    await store.apply({ type: 'STEP', jobId, step: 'analyze', status: 'RUNNING' }, at(3));
    await expect(store.apply({ type: 'STEP', jobId, step: 'analyze', status: 'RUNNING' }, at(4))).resolves.toMatchObject({ outcome: 'unchanged' });
    expect(await table.getItem(jobId)).toMatchObject({ steps: [{ name: 'analyze', status: 'RUNNING', startedAt: at(3), endedAt: null }], version: 4 });
  });

  it('never leaves a terminal status, whatever arrives concurrently', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', steps: [{ name: 'analyze', status: 'RUNNING', startedAt: at(1) }] });
    const failed = await store.apply({ type: 'FAILED', jobId, error: { errorType: 'Bedrock.ThrottlingException', message: 'slow down' } }, at(5));
    expect(failed).toMatchObject({
      outcome: 'applied',
      job: { status: 'FAILED', error: { errorType: 'Bedrock.ThrottlingException', message: 'slow down', step: 'analyze' }, steps: [{ name: 'analyze', status: 'FAILED', endedAt: at(5) }] },
    });
    const late = await Promise.all([
      store.apply({ type: 'STARTED', jobId }, at(6)),
      store.apply({ type: 'STEP', jobId, step: 'summarize', status: 'RUNNING' }, at(6)),
      store.apply({ type: 'PROGRESS', jobId, outcome: 'SUCCEEDED', total: 1 }, at(6)),
      store.apply({ type: 'SUCCEEDED', jobId, result: { ok: true } }, at(6), '{"ok":true}'),
      store.apply({ type: 'EXECUTION_ENDED', jobId, status: 'CANCELLED' }, at(6)),
    ]);
    expect(late.map((o) => o.outcome)).toEqual(['terminal', 'terminal', 'terminal', 'terminal', 'terminal']);
    expect(await table.getItem(jobId)).toMatchObject({ status: 'FAILED', version: 2, updatedAt: at(5) });
    expect(await table.getItem(jobId, RESULT_SK)).toBeUndefined();
  });

  it('lets exactly one of racing terminal events win', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING' });
    const outcomes = await Promise.all([
      store.apply({ type: 'SUCCEEDED', jobId, result: { a: 1 } }, at(7), '{"a":1}'),
      store.apply({ type: 'EXECUTION_ENDED', jobId, status: 'CANCELLED' }, at(7)),
      store.apply({ type: 'FAILED', jobId, error: { errorType: 'X', message: 'y' } }, at(7)),
    ]);
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(1);
    const item = await table.getItem(jobId);
    expect(item?.version).toBe(2);
    const result = await table.getItem(jobId, RESULT_SK);
    expect(result === undefined).toBe(item?.status !== 'SUCCEEDED');
  });

  it('SUCCEEDED stores the result item with its size, then the status', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING' });
    const json = JSON.stringify({ summary: 'é' });
    await expect(store.apply({ type: 'SUCCEEDED', jobId, result: { summary: 'é' } }, at(8), json)).resolves.toMatchObject({
      outcome: 'applied',
      job: { status: 'SUCCEEDED', version: 2 },
    });
    expect(await table.getItem(jobId, RESULT_SK)).toMatchObject({ result: json, size: Buffer.byteLength(json) });
    await expect(store.result(jobId)).resolves.toBe(json);
  });

  it('EventBridge ABORTED cancels a running job and closes running steps', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', steps: [{ name: 'generate', status: 'RUNNING', startedAt: at(1) }] });
    await expect(store.apply({ type: 'EXECUTION_ENDED', jobId, status: 'CANCELLED' }, at(9))).resolves.toMatchObject({
      outcome: 'applied',
      job: { status: 'CANCELLED', steps: [{ status: 'FAILED', endedAt: at(9) }], error: null },
    });
  });

  it('reports an unknown job without creating it', async () => {
    const jobId = newJobId();
    await expect(store.apply({ type: 'PROGRESS', jobId, outcome: 'SUCCEEDED', total: 1 }, at(1))).resolves.toEqual({ outcome: 'not-found' });
    await expect(store.apply({ type: 'STEP', jobId, step: 'x', status: 'RUNNING' }, at(1))).resolves.toEqual({ outcome: 'not-found' });
    expect(await table.getItem(jobId)).toBeUndefined();
  });
});

describe('DynamoJobStore webhook', () => {
  it('is claimed once by concurrent callers, only on a terminal job, and recorded on the claim', async () => {
    const jobId = newJobId();
    await table.seedJob(jobId, { status: 'RUNNING', callbackUrl: 'https://example.com/hook' });
    await expect(store.claimWebhook(jobId, 'https://example.com/hook', at(1))).resolves.toBeUndefined();
    await store.apply({ type: 'EXECUTION_ENDED', jobId, status: 'CANCELLED' }, at(2));
    const claims = await Promise.all([1, 2, 3].map(() => store.claimWebhook(jobId, 'https://example.com/hook', at(3))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ webhook: { status: 'PENDING', attempts: 0 }, version: 3 });
    const delivery = { url: 'https://example.com/hook', status: 'DELIVERED' as const, attempts: 2, lastStatusCode: 204, lastAttemptAt: at(4) };
    await expect(store.recordWebhook(jobId, delivery, at(4))).resolves.toMatchObject({ webhook: delivery, version: 4, status: 'CANCELLED' });
    await expect(store.recordWebhook(jobId, delivery, at(5))).resolves.toBeUndefined();
  });
});
