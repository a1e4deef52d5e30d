import type { Context } from '@aws-appsync/utils';
import type { MutationRegenerateAdvertVariantArgs } from '../generated/schema-types';
import type { AdvertStash, AdvertVariantItem } from '../lib/advert-items';
import { raiseIfError } from '../lib/errors';

export function request(): Record<string, never> {
  return {};
}

/** The restarted variant: STREAMING, empty, its new generation (the chunks carry it). */
export function response(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): AdvertVariantItem | null {
  raiseIfError(ctx);
  return ctx.stash.variant ?? null;
}
