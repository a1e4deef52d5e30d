// Workflow failures, cancel, webhooks, idempotency and ownership.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelJobDocument, JobDocument, JobsDocument, OnJobUpdatedDocument, StartWorkflowDocument } from '../../client/index.js';
import { followJobs, runJob } from '../support/jobs.js';
import { clientAs, modelAdmin, sandbox } from '../support/sandbox-context.js';

type ModelStats = { requests: { byOperation: Record<string, number> } };
const invokeRequests = async () => ((await modelAdmin('stats')) as ModelStats).requests.byOperation.invoke ?? 0;
const text = (extra = '') => `A short note about lighthouses and the sea ${extra}`;

describe('workflow reliability', () => {
  afterEach(async () => {
    await modelAdmin('faults', { method: 'DELETE' });
  });

  it('retries model throttling inside the state machine and succeeds', async () => {
    const alice = clientAs('alice');
    const marker = `throttle-${randomUUID()}`;
    await modelAdmin('faults', { method: 'POST', body: { throttle: { count: 2, marker } } });
    const before = await invokeRequests();
    const { final } = await runJob(alice, { kind: 'DOCUMENT_ANALYSIS', input: { document: { text: text(marker), format: 'TEXT' } }, bypassCache: true });
    expect(final.status).toBe('SUCCEEDED');
    // analyze: 2 throttled + 1 answered; summarize: 1.
    expect((await invokeRequests()) - before).toBe(4);
    alice.close();
  });

  it('a permanent model error ends the job FAILED with the failing step named and pushed', async () => {
    const alice = clientAs('alice');
    const marker = `reject-${randomUUID()}`;
    await modelAdmin('faults', { method: 'POST', body: { reject: { count: 1, errorType: 'ValidationException', marker } } });
    const { final, updates } = await runJob(alice, { kind: 'DOCUMENT_ANALYSIS', input: { document: { text: text(marker), format: 'TEXT' } }, bypassCache: true });
    expect(final.status).toBe('FAILED');
    expect(final.error).toMatchObject({ step: 'analyze' });
    expect(final.error?.errorType).toMatch(/ValidationException/);
    expect(final.steps.find((s) => s.name === 'analyze')?.status).toBe('FAILED');
    expect(updates.filter((u) => u.status === 'FAILED').length).toBeGreaterThan(0);
    const { job } = await alice.query(JobDocument, { id: final.id });
    expect(job?.status).toBe('FAILED');
    alice.close();
  });

  it('cancelJob stops the execution; the job ends CANCELLED and stays so', async () => {
    const alice = clientAs('alice');
    const follower = await followJobs(alice);
    const specs = Array.from({ length: 30 }, (_, i) => ({ name: `Lamp ${i}`, description: `A desk lamp [[tokens=400]] number ${i}` }));
    const { startWorkflow } = await alice.mutate(StartWorkflowDocument, {
      input: { kind: 'BATCH_ADVERTS', input: JSON.stringify({ specs }), bypassCache: true },
    });
    await follower.until((u) => u.id === startWorkflow.id && u.status === 'RUNNING', 'RUNNING');

    const { cancelJob } = await alice.mutate(CancelJobDocument, { id: startWorkflow.id });
    expect(cancelJob.status).toBe('CANCELLED');
    await follower.until((u) => u.id === startWorkflow.id && u.status === 'CANCELLED', 'a pushed CANCELLED update');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { job } = await alice.query(JobDocument, { id: startWorkflow.id });
    expect(job?.status).toBe('CANCELLED');
    expect(job!.progress!.completed + job!.progress!.failed).toBeLessThan(30);
    follower.close();
    alice.close();
  });

  it('delivers the final job to callbackUrl with a valid HMAC-SHA256 signature', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/job`;
    try {
      const alice = clientAs('alice');
      const { final } = await runJob(alice, { kind: 'CONTENT_INSIGHTS', input: { text: text() }, callbackUrl });
      expect(final.status).toBe('SUCCEEDED');
      const deadline = Date.now() + 15_000;
      let job;
      do {
        job = (await alice.query(JobDocument, { id: final.id })).job;
        if (job?.webhook?.status === 'DELIVERED') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < deadline);
      expect(job?.webhook).toMatchObject({ url: callbackUrl, status: 'DELIVERED', attempts: 2, lastStatusCode: 200 });

      const delivery = received.at(-1)!;
      const timestamp = String(delivery.headers['x-webhook-timestamp']);
      const expected = `sha256=${createHmac('sha256', sandbox().webhookSecret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
      expect(delivery.headers['x-webhook-signature']).toBe(expected);
      expect(JSON.parse(delivery.body)).toMatchObject({ id: final.id, status: 'SUCCEEDED' });
      alice.close();
    } finally {
      server.close();
    }
  });

  it('a repeated clientToken returns the first job and starts nothing', async () => {
    const alice = clientAs('alice');
    const clientToken = randomUUID();
    const input = { kind: 'CONTENT_INSIGHTS' as const, input: JSON.stringify({ text: text('idempotent') }), clientToken };
    const first = (await alice.mutate(StartWorkflowDocument, { input })).startWorkflow;
    const again = (await alice.mutate(StartWorkflowDocument, { input })).startWorkflow;
    expect(again.id).toBe(first.id);
    await expect(
      alice.mutate(StartWorkflowDocument, { input: { ...input, input: JSON.stringify({ text: 'different' }) } }),
    ).rejects.toMatchObject({ errorType: 'IdempotencyConflict' });
    const { jobs } = await alice.query(JobsDocument, { limit: 100 });
    expect(jobs.items.filter((j) => j.id === first.id)).toHaveLength(1);
    alice.close();
  });

  it('rejects bad input per kind with ValidationError and starts nothing', async () => {
    const alice = clientAs('alice');
    const before = (await alice.query(JobsDocument, { limit: 100 })).jobs.items.length;
    const bad: Array<[string, unknown, string?]> = [
      ['DOCUMENT_ANALYSIS', { document: {} }],
      ['DOCUMENT_ANALYSIS', { document: { text: 'x', url: 'https://example.com/a', format: 'TEXT' } }],
      ['DOCUMENT_ANALYSIS', { document: { text: 'x', format: 'DOCX' } }],
      ['CONTENT_INSIGHTS', { text: '' }],
      ['CONTENT_INSIGHTS', { text: 'x'.repeat(8_001) }],
      ['BATCH_ADVERTS', { specs: [] }],
      ['BATCH_ADVERTS', { specs: Array.from({ length: 101 }, (_, i) => ({ name: `n${i}`, description: 'd' })) }],
      ['BATCH_ADVERTS', { specs: [{ name: 'no description' }] }],
      ['CONTENT_INSIGHTS', { text: 'fine' }, 'ftp://example.com/hook'],
    ];
    for (const [kind, input, callbackUrl] of bad) {
      await expect(
        alice.mutate(StartWorkflowDocument, { input: { kind: kind as 'BATCH_ADVERTS', input: JSON.stringify(input), ...(callbackUrl ? { callbackUrl } : {}) } }),
        `${kind} ${JSON.stringify(input).slice(0, 80)}`,
      ).rejects.toMatchObject({ errorType: 'ValidationError' });
    }
    await expect(alice.mutate(StartWorkflowDocument, { input: { kind: 'CONTENT_INSIGHTS', input: 'not json' } })).rejects.toHaveProperty('errorType');
    expect((await alice.query(JobsDocument, { limit: 100 })).jobs.items.length).toBe(before);
    alice.close();
  });

  it('another user can neither see, cancel nor subscribe to a job, and the owner filter hides its updates', async () => {
    const alice = clientAs('alice');
    const bob = clientAs('bob');
    const bobsFollower = await followJobs(bob);
    const { final } = await runJob(alice, { kind: 'CONTENT_INSIGHTS', input: { text: text('private') } });

    await expect(bob.query(JobDocument, { id: final.id })).rejects.toMatchObject({ errorType: 'Unauthorized' });
    await expect(bob.mutate(CancelJobDocument, { id: final.id })).rejects.toMatchObject({ errorType: 'Unauthorized' });
    expect((await bob.query(JobsDocument, { limit: 100 })).jobs.items.map((j) => j.id)).not.toContain(final.id);
    const direct = bob.subscribe(OnJobUpdatedDocument, { jobId: final.id });
    await expect(direct.started).rejects.toMatchObject({ errorType: 'Unauthorized' });
    expect(bobsFollower.of(final.id)).toEqual([]);
    bobsFollower.close();
    alice.close();
    bob.close();
  });
});
