// Workflow jobs on the sandbox: time from startWorkflow to the first RUNNING
// update on the subscription, and a 100-item BATCH_ADVERTS job's wall time
// against the same items run one by one (the ratio shows the Map's concurrency).
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { OnJobUpdatedDocument, StartWorkflowDocument, createClient, type Client, type JobFieldsFragment, type WebSocketConstructor } from '../client/index.js';
import { startSandbox } from '../local/sandbox/start-sandbox.js';
import { percentile, printTable, round, writeResult } from './lib/report.js';

const LATENCY_SAMPLES = 50;
const BATCH_ITEMS = 100;
const TARGET_FIRST_RUNNING_P99_MS = 100;

const now = () => performance.now();

/** Keeps every job update of the client, with its arrival time. */
async function jobFeed(client: Client) {
  const subscription = client.subscribe(OnJobUpdatedDocument, {});
  await subscription.started;
  const arrivals: Array<{ job: JobFieldsFragment; at: number }> = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    for await (const event of subscription) {
      if (event.onJobUpdated) arrivals.push({ job: event.onJobUpdated, at: now() });
      waiters.splice(0).forEach((wake) => wake());
    }
  })();
  const until = async (predicate: (job: JobFieldsFragment) => boolean, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = arrivals.find((a) => predicate(a.job));
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for a job update');
      await new Promise<void>((resolveWait) => {
        waiters.push(resolveWait);
        setTimeout(resolveWait, 500);
      });
    }
  };
  return { until, close: () => subscription.close() };
}

const spec = (i: number) => ({ name: `Bench product ${i}`, description: `A sturdy water bottle, variant ${i}, keeps drinks cold for a day` });

export async function runWorkflowsBenchmark(): Promise<void> {
  const sandbox = await startSandbox({ stateDir: resolve('.sandbox/bench'), port: 0, log: () => undefined });
  try {
    const token = await sandbox.issueToken('bench-user');
    const client = createClient({
      url: sandbox.graphqlUrl,
      realtimeUrl: sandbox.realtimeUrl,
      auth: { type: 'cognito', token: () => token },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const feed = await jobFeed(client);
    const start = async (kind: 'CONTENT_INSIGHTS' | 'BATCH_ADVERTS', input: unknown) => {
      const sentAt = now();
      const { startWorkflow } = await client.mutate(StartWorkflowDocument, { input: { kind, input: JSON.stringify(input), bypassCache: true } });
      return { id: startWorkflow.id, sentAt };
    };
    const finished = (id: string) => feed.until((job) => job.id === id && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status));

    // Warm up the Lambdas and the code paths.
    await finished((await start('CONTENT_INSIGHTS', { text: 'warm up' })).id);

    const firstRunning: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
      const { id, sentAt } = await start('CONTENT_INSIGHTS', { text: `latency sample ${i}: a cheerful note` });
      const running = await feed.until((job) => job.id === id && job.status === 'RUNNING');
      firstRunning.push(running.at - sentAt);
      await finished(id);
    }

    const batchStarted = now();
    const batch = await start('BATCH_ADVERTS', { specs: Array.from({ length: BATCH_ITEMS }, (_, i) => spec(i)) });
    const batchEnd = await finished(batch.id);
    const batchMs = batchEnd.at - batchStarted;

    const oneByOneStarted = now();
    for (let i = 0; i < BATCH_ITEMS; i += 1) await finished((await start('BATCH_ADVERTS', { specs: [spec(i)] })).id);
    const oneByOneMs = now() - oneByOneStarted;

    feed.close();
    client.close();
    const result = {
      firstRunningMs: { p50: round(percentile(firstRunning, 50)), p99: round(percentile(firstRunning, 99)), samples: firstRunning.length },
      batchAdverts: { items: BATCH_ITEMS, batchSeconds: round(batchMs / 1000, 2), oneByOneSeconds: round(oneByOneMs / 1000, 2), speedup: round(oneByOneMs / batchMs, 1) },
      verdicts: { firstRunningP99: percentile(firstRunning, 99) < TARGET_FIRST_RUNNING_P99_MS },
    };
    printTable('Workflow jobs on the sandbox', [
      { measure: 'startWorkflow -> first RUNNING update, p50 / p99 ms', value: `${result.firstRunningMs.p50} / ${result.firstRunningMs.p99} (target p99 < ${TARGET_FIRST_RUNNING_P99_MS})` },
      { measure: `BATCH_ADVERTS of ${BATCH_ITEMS} items, one job (s)`, value: result.batchAdverts.batchSeconds },
      { measure: `the same ${BATCH_ITEMS} items one by one (s)`, value: result.batchAdverts.oneByOneSeconds },
      { measure: 'speed-up', value: `${result.batchAdverts.speedup}x` },
    ]);
    console.log('written to', writeResult('workflows', result));
  } finally {
    await sandbox.close();
  }
}
