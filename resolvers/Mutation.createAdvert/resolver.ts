import type { Context } from '@aws-appsync/utils';
import type { MutationCreateAdvertArgs } from '../generated/schema-types';
import type { AdvertWithVariants, CreateAdvertStash } from '../lib/advert-items';
import { raiseIfError } from '../lib/errors';

export function request(): Record<string, never> {
  return {};
}

/** The new advert (the first one on a replay) with its variants, for Advert.variants. */
export function response(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): AdvertWithVariants | null {
  raiseIfError(ctx);
  const advert = ctx.stash.advert;
  return advert ? { ...advert, variants: ctx.stash.variants ?? [] } : null;
}
