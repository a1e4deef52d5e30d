import { extensions, util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { Job, SubscriptionOnJobUpdatedArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { callerOwner } from '../lib/owner';

export function request(): Record<string, never> {
  return {};
}

/**
 * Runs whether or not a jobId was given. A filter set here replaces the argument filtering,
 * so it names the job when one is given; the owner rule makes sure an update only ever
 * reaches its owner.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
 */
export function response(ctx: Context<SubscriptionOnJobUpdatedArgs>): null {
  raiseIfError(ctx);
  const owner = callerOwner(ctx);
  const jobId = ctx.args.jobId;
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<Job>(
    jobId ? { owner: { eq: owner }, jobId: { eq: jobId } } : { owner: { eq: owner } },
  ));
  return null;
}
