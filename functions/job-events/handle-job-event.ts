// One job event end to end: apply it to the job item, publish the new state, and when the job has
// just ended (or ended elsewhere, e.g. cancelJob, and this is the execution's end event) deliver
// its webhook once. After the write nothing throws: the state machine invokes synchronously and a
// retried invoke would apply the event twice (a PROGRESS counted twice), so a failed publish is
// logged and left to `job(id)`.
import { errorName, GraphQLResponseError } from '../shared/errors.js';
import type { Log } from '../shared/logger.js';
import { checkOutboundUrl, type OutboundUrlPolicy } from '../shared/outbound-url.js';
import type { ReadSecret } from '../shared/secret.js';
import { parseJobEvent, type JobEvent } from './event.js';
import { isTerminal, MAX_PUSHED_RESULT_BYTES, toJob, type JobItem, type JobStatus, type WebhookDelivery, type WebhookDeliveryStatus } from './job.js';
import type { PublishJob } from './job-publisher.js';
import type { ApplyOutcome, JobStore } from './job-store.js';
import { deliverWebhook, type WebhookOptions } from './webhook.js';

/** DynamoDB items stop at 400 KB; a larger result fails the job instead of the write. */
export const MAX_STORED_RESULT_BYTES = 350 * 1024;

export interface JobEventDeps {
  store: JobStore;
  publish: PublishJob;
  readSecret: ReadSecret;
  callbackPolicy: OutboundUrlPolicy;
  webhook?: WebhookOptions;
  log: Log;
  now?: () => Date;
}

export interface JobEventSummary {
  outcome: ApplyOutcome['outcome'] | 'ignored';
  jobId?: string;
  type?: JobEvent['type'];
  status?: JobStatus;
  version?: number;
  published?: boolean;
  webhook?: WebhookDeliveryStatus;
}

const ENDING_EVENTS: ReadonlySet<JobEvent['type']> = new Set(['SUCCEEDED', 'FAILED', 'EXECUTION_ENDED']);

/** A result too large to store becomes the job's failure. */
function withStorableResult(event: JobEvent): { event: JobEvent; resultJson?: string } {
  if (event.type !== 'SUCCEEDED') return { event };
  const resultJson = JSON.stringify(event.result);
  const size = Buffer.byteLength(resultJson, 'utf8');
  if (size <= MAX_STORED_RESULT_BYTES) return { event, resultJson };
  return {
    event: {
      type: 'FAILED',
      jobId: event.jobId,
      error: { errorType: 'ResultTooLarge', message: `The result is ${size} bytes; at most ${MAX_STORED_RESULT_BYTES} can be stored` },
    },
  };
}

export async function handleJobEvent(payload: unknown, deps: JobEventDeps): Promise<JobEventSummary> {
  const parsed = parseJobEvent(payload);
  if (parsed.kind === 'ignored') {
    deps.log.info('Job event ignored', { reason: parsed.reason });
    return { outcome: 'ignored' };
  }
  const { event, resultJson } = withStorableResult(parsed.event);
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const applied = await deps.store.apply(event, now(), resultJson);
  const summary: JobEventSummary = { outcome: applied.outcome, jobId: event.jobId, type: event.type };
  if (applied.outcome === 'not-found') {
    deps.log.warn('Job event for an unknown job', { jobId: event.jobId, type: event.type });
    return summary;
  }
  summary.status = applied.job.status;
  summary.version = applied.job.version;
  deps.log.info('Job event applied', { jobId: event.jobId, type: event.type, outcome: applied.outcome, status: applied.job.status, version: applied.job.version });

  // The result is read at most once, and only when a SUCCEEDED job is pushed or POSTed.
  let storedResult: Promise<string | null> | undefined;
  const resultOf = (job: JobItem): Promise<string | null> => {
    if (job.status !== 'SUCCEEDED') return Promise.resolve(null);
    storedResult ??= resultJson !== undefined ? Promise.resolve(resultJson) : deps.store.result(event.jobId);
    return storedResult;
  };

  // An execution that ended finds its job already terminal when cancelJob (or a FAILED event)
  // got there first; cancelJob publishes nothing itself, so the ended state is pushed from here.
  const endedElsewhere = applied.outcome === 'terminal' && event.type === 'EXECUTION_ENDED';
  if (applied.outcome === 'applied' || endedElsewhere) summary.published = await publishSafely(applied.job, await resultOf(applied.job), deps);

  const ended = isTerminal(applied.job.status) && (applied.outcome === 'applied' || applied.outcome === 'terminal');
  if (ended && ENDING_EVENTS.has(event.type) && typeof applied.job.callbackUrl === 'string' && !applied.job.webhookClaimedAt) {
    const webhook = await sendWebhook(applied.job, applied.job.callbackUrl, resultOf, now, deps);
    if (webhook) summary.webhook = webhook;
  }
  return summary;
}

async function publishSafely(job: JobItem, result: string | null, deps: JobEventDeps): Promise<boolean> {
  try {
    await deps.publish(toJob(job, result, MAX_PUSHED_RESULT_BYTES));
    return true;
  } catch (error) {
    // Not the message: AppSync's validation errors can echo the input (the result).
    const errorType = error instanceof GraphQLResponseError ? error.errorType : undefined;
    deps.log.error('Job update not published', { jobId: job.id, version: job.version, error: errorName(error), errorType });
    return false;
  }
}

/** Claims the webhook (only one invocation delivers it), POSTs, records and publishes the outcome. */
async function sendWebhook(
  job: JobItem,
  callbackUrl: string,
  resultOf: (job: JobItem) => Promise<string | null>,
  now: () => string,
  deps: JobEventDeps,
): Promise<WebhookDeliveryStatus | undefined> {
  const claimed = await deps.store.claimWebhook(job.id, callbackUrl, now()).catch((error: unknown) => {
    deps.log.error('Webhook not claimed', { jobId: job.id, error: errorName(error) });
    return undefined;
  });
  if (!claimed) return undefined;

  let delivery: WebhookDelivery;
  const allowed = checkOutboundUrl(callbackUrl, deps.callbackPolicy);
  if (!allowed.ok) {
    deps.log.warn('Webhook URL refused', { jobId: job.id, reason: allowed.reason });
    delivery = { url: callbackUrl, status: 'FAILED', attempts: 0, lastStatusCode: null, lastAttemptAt: null };
  } else {
    try {
      // The body is the job as it ended (no delivery record: the receiver is the delivery).
      const body = JSON.stringify(toJob(job, await resultOf(job)));
      delivery = await deliverWebhook(allowed.url, body, await deps.readSecret(), deps.webhook);
    } catch (error) {
      deps.log.error('Webhook not delivered', { jobId: job.id, error: errorName(error) });
      delivery = { url: callbackUrl, status: 'FAILED', attempts: 0, lastStatusCode: null, lastAttemptAt: null };
    }
  }
  deps.log.info('Webhook finished', { jobId: job.id, status: delivery.status, attempts: delivery.attempts, lastStatusCode: delivery.lastStatusCode });

  try {
    const recorded = await deps.store.recordWebhook(job.id, delivery, now());
    if (recorded) await publishSafely(recorded, await resultOf(recorded), deps);
  } catch (error) {
    deps.log.error('Webhook outcome not recorded', { jobId: job.id, error: errorName(error) });
  }
  return delivery.status;
}
