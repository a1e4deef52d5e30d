import { runtime, util } from '@aws-appsync/utils';
import type { Context, HTTPRequest } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import type { StartWorkflowStash } from '../lib/jobs';
import { stateMachineArn, stepFunctionsOutcome, stepFunctionsRequest } from '../lib/step-functions';
import { workflowCacheTtlSeconds } from '../lib/workflow-env';

/** The execution input (README "Workflow jobs", without `models`: the machines fix their model ids). */
export type ExecutionInput = {
  jobId: string;
  owner: string;
  kind: string;
  input: Record<string, unknown>;
  bypassCache: boolean;
  /** Epoch seconds: the TTL of prompt cache entries this execution writes. */
  cacheExpiresAt: number;
};

export function request(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): HTTPRequest<string> {
  const job = ctx.stash.job;
  if (ctx.stash.replayJobId || !job) {
    runtime.earlyReturn(null);
  }
  const executionInput: ExecutionInput = {
    jobId: job.id,
    owner: job.owner,
    kind: job.kind,
    input: job.input,
    bypassCache: job.bypassCache,
    cacheExpiresAt: util.time.nowEpochSeconds() + workflowCacheTtlSeconds(ctx),
  };
  // name = jobId: Step Functions refuses a second execution of one job.
  return stepFunctionsRequest('StartExecution', {
    stateMachineArn: stateMachineArn(ctx, job.kind),
    name: job.id,
    input: JSON.stringify(executionInput),
  });
}

export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): string | null {
  // Deliberately no raise: the job is stored, so a failed start must first mark it FAILED (05).
  const outcome = stepFunctionsOutcome(ctx);
  if (!outcome.ok) {
    ctx.stash.startError = { type: outcome.type, message: outcome.message };
    return null;
  }
  const executionArn = outcome.body.executionArn;
  return typeof executionArn === 'string' ? executionArn : null;
}
