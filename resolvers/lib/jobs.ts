// JobsTable items (README "Workflow jobs (contract)") and the stashes of the workflow pipelines.
// Type aliases, not interfaces: util.dynamodb.toMapValues accepts only index-compatible object types.
import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { JobError, JobProgress, JobStatus, JobStep, WebhookDelivery, WorkflowKind } from '../generated/schema-types';
import { notFound, raiseIfError } from './errors';
import { callerOwner } from './owner';

export const JOB_SK = 'META';
export const JOB_RESULT_SK = 'RESULT';
/** How long a clientToken makes startWorkflow idempotent (README: 24 h). */
export const START_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** A job in one of these never changes again. */
export const TERMINAL_JOB_STATUSES: JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export type TableKey = { pk: string; sk: string };

export function jobKey(jobId: string): TableKey {
  return { pk: `JOB#${jobId}`, sk: JOB_SK };
}

export function jobResultKey(jobId: string): TableKey {
  return { pk: `JOB#${jobId}`, sk: JOB_RESULT_SK };
}

export function startTokenKey(owner: string, clientToken: string): TableKey {
  return { pk: `OWNER#${owner}`, sk: `TOKEN#${clientToken}` };
}

export type JobItem = {
  pk: string;
  sk: string;
  type: 'Job';
  id: string;
  jobId: string;
  owner: string;
  kind: WorkflowKind;
  status: JobStatus;
  steps: JobStep[];
  progress?: JobProgress | null;
  result?: string | null;
  resultTruncated?: boolean | null;
  error?: JobError | null;
  webhook?: WebhookDelivery | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The validated, normalized input the execution got. */
  input: Record<string, unknown>;
  callbackUrl?: string | null;
  bypassCache: boolean;
  executionArn?: string | null;
  gsi1pk: string;
  gsi1sk: string;
};

export type JobResultItem = {
  pk: string;
  sk: string;
  /** JSON. */
  result: string;
  size: number;
};

export type StartTokenItem = {
  pk: string;
  sk: string;
  type: 'StartToken';
  jobId: string;
  requestHash: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
};

/** What the Mutation.startWorkflow steps hand each other. */
export type StartWorkflowStash = {
  /** The validated, normalized input. */
  input: Record<string, unknown>;
  requestHash: string;
  /** Set by 01 when the clientToken was used before: the first job's id; nothing is written or started. */
  replayJobId?: string;
  /** The job: the replayed one, or the one 03 stored. */
  job?: JobItem;
  /** Set by 04 when StartExecution failed. */
  startError?: { message: string; type: string };
};

/** What the job pipelines' authorize step leaves for the later steps. */
export type JobStash = {
  job: JobItem;
  /** Set by cancelJob when the job changed under the cancel: it is read again. */
  conflict?: boolean;
};

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

export function getJobRequest(jobId: string): DynamoDBGetItemRequest {
  return { operation: 'GetItem', key: util.dynamodb.toMapValues(jobKey(jobId)), consistentRead: true };
}

/** The job when the caller owns it; NotFound when missing; AppSync's Unauthorized otherwise. */
export function requireOwnedJob(ctx: Context, item: JobItem | null | undefined): JobItem {
  if (!item) {
    notFound('Job not found');
  }
  if (item.owner !== callerOwner(ctx)) {
    util.unauthorized();
  }
  return item;
}

/** The response of each job pipeline's authorize step: the owned job, stashed. */
export function stashOwnedJob<TArgs>(ctx: Context<TArgs, JobStash>): JobItem {
  raiseIfError(ctx);
  const job = requireOwnedJob(ctx, ctx.result as JobItem | null);
  ctx.stash.job = job;
  return job;
}

/** The API's Job: the item without what only the backend needs (the input can be large). */
export function toJob(item: JobItem): JobItem {
  const job = { ...item };
  delete (job as Partial<JobItem>).input;
  return job;
}
