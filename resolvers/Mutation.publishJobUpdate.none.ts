import type { Context, NONERequest } from '@aws-appsync/utils';
import type { Job, MutationPublishJobUpdateArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';

// Local resolver: the job is echoed back, and AppSync fans it out to onJobUpdated.
export function request(ctx: Context<MutationPublishJobUpdateArgs>): NONERequest {
  return { payload: ctx.args.input };
}

export function response(ctx: Context<MutationPublishJobUpdateArgs>): Job {
  raiseIfError(ctx);
  return ctx.result as Job;
}
