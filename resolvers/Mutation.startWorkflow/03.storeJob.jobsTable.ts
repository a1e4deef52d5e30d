import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import { ErrorType, raiseIfError } from '../lib/errors';
import {
  START_TOKEN_TTL_SECONDS, jobKey, startTokenKey, type JobItem, type StartTokenItem, type StartWorkflowStash,
} from '../lib/jobs';
import { ownerPartition } from '../lib/keys';
import { callerOwner } from '../lib/owner';
import { jobsTableName } from '../lib/workflow-env';
import { newOrExpiredTokenCondition } from '../lib/idempotency-token';

type TransactItem = DynamoDBTransactWriteItemsRequest['transactItems'][number];

interface CancellationReason {
  type?: string | null;
}

// Position of the start token in transactItems, read back from the cancellation reasons.
const START_TOKEN_INDEX = 1;

/** The job QUEUED, and the start token with it: both or neither. */
export function request(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): DynamoDBTransactWriteItemsRequest {
  if (ctx.stash.job) {
    runtime.earlyReturn(ctx.stash.job);
  }
  const args = ctx.args.input;
  const table = jobsTableName(ctx);
  const owner = callerOwner(ctx);
  const id = util.autoUlid();
  const now = util.time.nowISO8601();
  const input = ctx.stash.input;
  const specs = input.specs as unknown[] | undefined;

  const job: JobItem = {
    ...jobKey(id),
    type: 'Job',
    id,
    jobId: id,
    owner,
    kind: args.kind,
    status: 'QUEUED',
    steps: [],
    progress: args.kind === 'BATCH_ADVERTS' && specs ? { completed: 0, failed: 0, total: specs.length } : null,
    webhook: args.callbackUrl ? { url: args.callbackUrl, status: 'PENDING', attempts: 0 } : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    input,
    callbackUrl: args.callbackUrl ?? null,
    bypassCache: args.bypassCache === true,
    gsi1pk: ownerPartition(owner),
    gsi1sk: now,
  };
  const transactItems: TransactItem[] = [
    {
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues(jobKey(id)),
      attributeValues: util.dynamodb.toMapValues(job),
      condition: { expression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: false },
    },
  ];
  if (args.clientToken) {
    const key = startTokenKey(owner, args.clientToken);
    const token: StartTokenItem = {
      ...key,
      type: 'StartToken',
      jobId: id,
      requestHash: ctx.stash.requestHash,
      expiresAt: util.time.nowEpochSeconds() + START_TOKEN_TTL_SECONDS,
    };
    transactItems.push({
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues(key),
      attributeValues: util.dynamodb.toMapValues(token),
      // An expired token that TTL has not removed yet may be reused.
      condition: newOrExpiredTokenCondition(),
    });
  }
  ctx.stash.job = job;
  return { operation: 'TransactWriteItems', transactItems };
}

export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): JobItem | undefined {
  if (ctx.error) {
    const result = ctx.result as { cancellationReasons?: CancellationReason[] | null } | null;
    const reasons = (result && result.cancellationReasons) || [];
    const tokenReason = reasons[START_TOKEN_INDEX];
    if (tokenReason && tokenReason.type === 'ConditionalCheckFailed') {
      // A concurrent request with the same clientToken won the race.
      util.error('A request with this clientToken is already being processed', ErrorType.Conflict);
    }
  }
  raiseIfError(ctx);
  return ctx.stash.job;
}
