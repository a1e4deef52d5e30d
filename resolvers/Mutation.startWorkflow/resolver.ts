import type { Context } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { toJob, type JobItem, type StartWorkflowStash } from '../lib/jobs';

export function request(): Record<string, never> {
  return {};
}

/** The first job on a replay, else the new one with its executionArn. */
export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): JobItem | null {
  raiseIfError(ctx);
  const job = ctx.stash.job;
  return job ? toJob(job) : null;
}
