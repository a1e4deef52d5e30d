import { runtime, util } from '@aws-appsync/utils';
import type { Context, HTTPRequest } from '@aws-appsync/utils';
import type { MutationCancelJobArgs } from '../generated/schema-types';
import { isTerminal, type JobStash } from '../lib/jobs';
import { stepFunctionsOutcome, stepFunctionsRequest } from '../lib/step-functions';

export const CANCEL_ERROR = 'JobCancelled';

/** Stops the execution; a job that already ended, or never got an execution, has nothing to stop. */
export function request(ctx: Context<MutationCancelJobArgs, JobStash>): HTTPRequest<string> {
  const job = ctx.stash.job;
  if (isTerminal(job.status) || !job.executionArn) {
    runtime.earlyReturn(null);
  }
  return stepFunctionsRequest('StopExecution', {
    executionArn: job.executionArn,
    error: CANCEL_ERROR,
    cause: 'Cancelled by its owner',
  });
}

export function response(ctx: Context<MutationCancelJobArgs, JobStash>): Record<string, unknown> | null {
  const outcome = stepFunctionsOutcome(ctx);
  if (!outcome.ok) {
    util.error(`The workflow could not be stopped: ${outcome.message}`, outcome.type);
  }
  return outcome.body;
}
