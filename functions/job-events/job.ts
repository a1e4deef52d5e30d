// The job as stored (README "Workflow jobs": pk JOB#<id>, sk META) and as published (the schema's
// Job, which is also JobUpdateInput). Converting keeps exactly the schema's fields: an unknown field
// in the mutation's input would be rejected, and a missing one would reach subscribers as null.

export const TERMINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = 'QUEUED' | 'RUNNING' | (typeof TERMINAL_STATUSES)[number];
export type JobStepStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface JobStep {
  name: string;
  status: JobStepStatus;
  startedAt: string | null;
  endedAt: string | null;
  cached: boolean | null;
  usage: Usage | null;
}

export interface JobProgress {
  completed: number;
  failed: number;
  total: number;
}

export interface JobError {
  errorType: string;
  message: string;
  step: string | null;
}

export interface WebhookDelivery {
  url: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastAttemptAt: string | null;
}

/** The published Job: every field of the schema's Job (and JobUpdateInput). */
export interface Job {
  id: string;
  jobId: string;
  owner: string;
  kind: string;
  status: JobStatus;
  steps: JobStep[];
  progress: JobProgress | null;
  result: string | null;
  resultTruncated: boolean;
  error: JobError | null;
  webhook: WebhookDelivery | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The META item as DynamoDB returns it (only what job-events reads is typed). */
export interface JobItem {
  id: string;
  jobId?: string;
  owner: string;
  kind: string;
  status: JobStatus;
  steps?: Partial<JobStep>[] | null;
  progress?: Partial<JobProgress> | null;
  error?: Partial<JobError> | null;
  webhook?: Partial<WebhookDelivery> | null;
  /** Set by the one invocation that delivers the webhook (job-store claimWebhook). */
  webhookClaimedAt?: string;
  version?: number;
  createdAt: string;
  updatedAt?: string;
  callbackUrl?: string | null;
  [attribute: string]: unknown;
}

/** A pushed Job carries `result` only under this size (README); above it, `job(id)` returns it. */
export const MAX_PUSHED_RESULT_BYTES = 100 * 1024;

export const jobPk = (jobId: string) => `JOB#${jobId}`;
export const META_SK = 'META';
export const RESULT_SK = 'RESULT';

export function isTerminal(status: unknown): boolean {
  return (TERMINAL_STATUSES as readonly unknown[]).includes(status);
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0);

function toUsage(value: unknown): Usage | null {
  if (!value || typeof value !== 'object') return null;
  const usage = value as Partial<Usage>;
  return { inputTokens: int(usage.inputTokens), outputTokens: int(usage.outputTokens) };
}

function toStep(step: Partial<JobStep>): JobStep {
  return {
    name: step.name ?? '',
    status: step.status ?? 'RUNNING',
    startedAt: text(step.startedAt),
    endedAt: text(step.endedAt),
    cached: typeof step.cached === 'boolean' ? step.cached : null,
    usage: toUsage(step.usage),
  };
}

/**
 * The Job to publish or POST. `result` is the JSON string from the RESULT item; with
 * `maxResultBytes` a larger result is left out and flagged `resultTruncated`.
 */
export function toJob(item: JobItem, result: string | null, maxResultBytes = Number.POSITIVE_INFINITY): Job {
  const truncated = result !== null && Buffer.byteLength(result, 'utf8') >= maxResultBytes;
  const progress = item.progress && typeof item.progress === 'object' ? item.progress : null;
  const error = item.error && typeof item.error === 'object' ? item.error : null;
  const webhook = item.webhook && typeof item.webhook === 'object' ? item.webhook : null;
  return {
    id: item.id,
    jobId: item.jobId ?? item.id,
    owner: item.owner,
    kind: item.kind,
    status: item.status,
    steps: (Array.isArray(item.steps) ? item.steps : []).map(toStep),
    progress: progress ? { completed: int(progress.completed), failed: int(progress.failed), total: int(progress.total) } : null,
    result: truncated ? null : result,
    resultTruncated: truncated,
    error: error ? { errorType: error.errorType ?? 'Unknown', message: error.message ?? '', step: text(error.step) } : null,
    webhook:
      webhook && typeof webhook.url === 'string'
        ? {
            url: webhook.url,
            status: webhook.status ?? 'PENDING',
            attempts: int(webhook.attempts),
            lastStatusCode: typeof webhook.lastStatusCode === 'number' ? webhook.lastStatusCode : null,
            lastAttemptAt: text(webhook.lastAttemptAt),
          }
        : null,
    version: int(item.version),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt ?? item.createdAt,
  };
}
