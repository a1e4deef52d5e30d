import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationRegenerateAdvertVariantArgs } from '../generated/schema-types';
import type { AdvertStash, AdvertVariantItem } from '../lib/advert-items';
import { variantKey } from '../lib/advert-keys';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';

/**
 * A STREAMING variant whose last write is older than this has a dead stream: the
 * advert-stream Lambda times out after 5 minutes and checkpoints while it runs.
 */
export const STALE_STREAM_MILLISECONDS = 6 * 60 * 1000;

/**
 * The variant back to STREAMING with a new generation and no content. The old
 * stream's writes are conditional on its generation, so it stops at its next write.
 */
export function request(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): DynamoDBUpdateItemRequest {
  const variant = ctx.stash.variant as AdvertVariantItem;
  const nowMillis = util.time.nowEpochMilliSeconds();
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(variantKey(variant.advertId, variant.position)),
    update: {
      expression: 'SET #status = :streaming, #content = :empty, #generation = #generation + :one, #cached = :false, #updatedAt = :now'
        + ' REMOVE #usage, #stopReason, #error',
      expressionNames: {
        '#status': 'status', '#content': 'content', '#generation': 'generation', '#cached': 'cached',
        '#updatedAt': 'updatedAt', '#usage': 'usage', '#stopReason': 'stopReason', '#error': 'error',
      },
      expressionValues: util.dynamodb.toMapValues({
        ':streaming': 'STREAMING',
        ':empty': '',
        ':one': 1,
        ':false': false,
        ':now': util.time.epochMilliSecondsToISO8601(nowMillis),
      }),
    },
    condition: {
      // The item may have gone with a deleteAdvert since 01 read it.
      expression: 'attribute_exists(pk) AND #id = :variantId AND (#status <> :streaming OR #updatedAt < :staleBefore)',
      expressionNames: { '#id': 'id', '#status': 'status', '#updatedAt': 'updatedAt' },
      expressionValues: util.dynamodb.toMapValues({
        ':variantId': variant.id,
        ':streaming': 'STREAMING',
        ':staleBefore': util.time.epochMilliSecondsToISO8601(nowMillis - STALE_STREAM_MILLISECONDS),
      }),
    },
  };
}

export function response(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): AdvertVariantItem {
  raiseIfError(ctx, {
    [CONDITIONAL_CHECK_FAILED]: {
      errorType: ErrorType.Conflict,
      message: 'The variant is still being generated; regenerate it once it has ended',
    },
  });
  const variant = ctx.result as AdvertVariantItem;
  ctx.stash.variant = variant;
  return variant;
}
