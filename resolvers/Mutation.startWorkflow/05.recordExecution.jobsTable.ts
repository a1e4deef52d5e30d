import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';
import { jobKey, type JobItem, type StartWorkflowStash } from '../lib/jobs';

export const START_FAILED_MESSAGE = 'The workflow could not be started';

/** Records the execution ARN (cancelJob stops it), or marks the job FAILED when it never started. */
export function request(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): DynamoDBUpdateItemRequest {
  const job = ctx.stash.job;
  if (ctx.stash.replayJobId || !job) {
    runtime.earlyReturn(job ?? null);
  }
  const startError = ctx.stash.startError;
  if (startError) {
    return {
      operation: 'UpdateItem',
      key: util.dynamodb.toMapValues(jobKey(job.id)),
      update: {
        expression: 'SET #status = :failed, #error = :error, updatedAt = :now, version = version + :one',
        expressionNames: { '#status': 'status', '#error': 'error' },
        expressionValues: util.dynamodb.toMapValues({
          ':failed': 'FAILED',
          ':error': { errorType: startError.type, message: START_FAILED_MESSAGE },
          ':now': util.time.nowISO8601(),
          ':one': 1,
          ':queued': 'QUEUED',
        }),
      },
      // Never overwrite a job that got going after all.
      condition: { expression: '#status = :queued' },
    };
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(jobKey(job.id)),
    update: {
      expression: 'SET executionArn = :executionArn',
      expressionValues: util.dynamodb.toMapValues({ ':executionArn': ctx.prev.result as string }),
    },
    condition: { expression: 'attribute_exists(pk)' },
  };
}

export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): JobItem {
  const startError = ctx.stash.startError;
  if (!startError) {
    raiseIfError(ctx);
    const job = ctx.result as JobItem;
    ctx.stash.job = job;
    return job;
  }
  // A failed condition means the job already left QUEUED: still report the failed start.
  if (!ctx.error || ctx.error.type !== CONDITIONAL_CHECK_FAILED) {
    raiseIfError(ctx);
  }
  const job = ctx.stash.job;
  return util.error(START_FAILED_MESSAGE, ErrorType.Internal, null, {
    jobId: job ? job.id : null,
    cause: startError.type,
  });
}
