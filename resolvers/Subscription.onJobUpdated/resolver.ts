import { extensions, util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { Job, SubscriptionOnJobUpdatedArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { callerOwner } from '../lib/owner';

export function request(): Record<string, never> {
  return {};
}

/**
 * Runs whether or not a jobId was given: the jobId argument (when given) filters
 * by job, and this owner filter makes sure an update only ever reaches its owner.
 */
export function response(ctx: Context<SubscriptionOnJobUpdatedArgs>): null {
  raiseIfError(ctx);
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<Job>({ owner: { eq: callerOwner(ctx) } }));
  return null;
}
