import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import { ErrorType, raiseIfError } from '../lib/errors';
import { startTokenKey, type StartTokenItem, type StartWorkflowStash } from '../lib/jobs';
import { callerOwner } from '../lib/owner';
import { startRequestHash, validateStartWorkflowInput } from '../lib/workflow-input';
import { isTokenLive } from '../lib/idempotency-token';

/** Validates everything first (nothing is written on bad input), then reads the start token, if any. */
export function request(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): DynamoDBGetItemRequest {
  const args = ctx.args.input;
  const owner = callerOwner(ctx);
  const input = validateStartWorkflowInput(ctx, args);
  ctx.stash.input = input;
  ctx.stash.requestHash = startRequestHash(args.kind, input);
  if (!args.clientToken) {
    runtime.earlyReturn(null);
  }
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(startTokenKey(owner, args.clientToken)),
    consistentRead: true,
  };
}

export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): StartTokenItem | null {
  raiseIfError(ctx);
  const token = ctx.result as StartTokenItem | null;
  if (!token || !isTokenLive(token.expiresAt)) {
    return null;
  }
  if (token.requestHash !== ctx.stash.requestHash) {
    util.error('This clientToken was already used with a different request', ErrorType.IdempotencyConflict);
  }
  ctx.stash.replayJobId = token.jobId;
  return token;
}
