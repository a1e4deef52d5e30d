import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationRegenerateAdvertVariantArgs } from '../generated/schema-types';
import { START_FAILED_MESSAGE } from '../lib/advert';
import type { AdvertStash, AdvertVariantItem } from '../lib/advert-items';
import { variantKey } from '../lib/advert-keys';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';
import { failedStartUpdate, streamingAtGeneration } from '../lib/failed-start';

export function request(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): DynamoDBUpdateItemRequest {
  const variant = ctx.stash.variant;
  if (!ctx.stash.startError || !variant) {
    runtime.earlyReturn(variant ?? null);
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(variantKey(variant.advertId, variant.position)),
    update: failedStartUpdate(START_FAILED_MESSAGE),
    // Never overwrite a generation that did get going after all, nor a newer one.
    condition: streamingAtGeneration(variant.generation),
  };
}

export function response(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): AdvertVariantItem {
  // A failed condition means the variant already left this generation's STREAMING: still report the failed start.
  if (!ctx.error || ctx.error.type !== CONDITIONAL_CHECK_FAILED) {
    raiseIfError(ctx);
  }
  const variant = ctx.stash.variant;
  return util.error(START_FAILED_MESSAGE, ErrorType.Internal, null, {
    advertId: ctx.args.advertId,
    variantId: variant ? variant.id : ctx.args.variantId,
  });
}
