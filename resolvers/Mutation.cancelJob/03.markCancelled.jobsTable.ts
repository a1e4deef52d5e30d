import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationCancelJobArgs } from '../generated/schema-types';
import { CONDITIONAL_CHECK_FAILED, raiseIfError } from '../lib/errors';
import { isTerminal, jobKey, toJob, type JobItem, type JobStash } from '../lib/jobs';

/** Idempotent: a job that already ended is returned as it is. */
export function request(ctx: Context<MutationCancelJobArgs, JobStash>): DynamoDBUpdateItemRequest {
  const job = ctx.stash.job;
  if (isTerminal(job.status)) {
    runtime.earlyReturn(toJob(job));
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(jobKey(job.id)),
    update: {
      expression: 'SET #status = :cancelled, updatedAt = :now, version = version + :one',
      expressionNames: { '#status': 'status' },
      expressionValues: util.dynamodb.toMapValues({
        ':cancelled': 'CANCELLED',
        ':now': util.time.nowISO8601(),
        ':one': 1,
        ':queued': 'QUEUED',
        ':running': 'RUNNING',
      }),
    },
    // job-events may have ended the job meanwhile (e.g. on the ABORTED event): never leave a terminal status.
    condition: { expression: '#status IN (:queued, :running)' },
  };
}

export function response(ctx: Context<MutationCancelJobArgs, JobStash>): JobItem | null {
  if (ctx.error && ctx.error.type === CONDITIONAL_CHECK_FAILED) {
    // The job ended under the cancel: 04 reads it again and returns it as it is.
    ctx.stash.conflict = true;
    return null;
  }
  raiseIfError(ctx);
  return toJob(ctx.result as JobItem);
}
