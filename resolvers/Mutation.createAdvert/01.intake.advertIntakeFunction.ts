import { util } from '@aws-appsync/utils';
import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationCreateAdvertArgs } from '../generated/schema-types';
import { newAdvertId, validateCreateAdvertInput } from '../lib/advert-input';
import type { AdvertIntakeEvent, AdvertIntakeResult, AdvertItem, CreateAdvertStash } from '../lib/advert-items';
import { ErrorType, raiseIfError } from '../lib/errors';
import { callerOwner } from '../lib/owner';

/**
 * Validates every input rule first (nothing is written on bad input), then hands the
 * input to advert-intake, which checks the client token, stores the images in S3 and
 * writes the advert, its variants and the token in one transaction.
 */
export function request(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): LambdaRequest {
  const owner = callerOwner(ctx);
  const input = validateCreateAdvertInput(ctx, ctx.args.input);
  const event: AdvertIntakeEvent = {
    owner,
    advertId: newAdvertId(ctx.args.input.id),
    variantIds: input.personas.map(() => util.autoUlid()),
    createdAt: util.time.nowISO8601(),
    input,
  };
  // Synchronous: the advert exists once this step answers.
  return { operation: 'Invoke', invocationType: 'RequestResponse', payload: event };
}

/** The intake's own refusals (`ok: false`) become the field's error with their errorType. */
export function response(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): AdvertItem {
  raiseIfError(ctx);
  const result = ctx.result as AdvertIntakeResult | null;
  if (!result) {
    return util.error('The advert intake answered nothing', ErrorType.Internal);
  }
  if (!result.ok) {
    return util.error(result.message, result.errorType || ErrorType.Internal);
  }
  ctx.stash.advert = result.advert;
  ctx.stash.variants = result.variants;
  ctx.stash.replayed = result.replayed === true;
  return result.advert;
}
