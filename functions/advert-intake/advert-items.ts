// The AdvertsTable items advert-intake writes (README "Adverts": one partition per advert,
// create tokens per owner) and the images' S3 keys.
import type { CheckedImage, ImageFormat } from './image-check.js';
import { IMAGE_FORMAT_INFO } from './image-check.js';
import type { AdvertIntakeEvent } from './event.js';
import {
  ADVERT_SK,
  advertImagePrefix,
  advertPk,
  advertTokenSk,
  ownerPk,
  variantSk,
  type AdvertItem,
  type AdvertTokenItem,
  type AdvertVariantItem,
} from '../shared/advert-items.js';

/** A create token lives 24 h (README "Adverts"). */
export const TOKEN_TTL_SECONDS = 24 * 60 * 60;

/**
 * One request's images sit under its own folder (the request id is its first variant's ULID, new
 * on every createAdvert call), so two concurrent creates racing for one client-chosen advert id
 * never write the same key: the loser removes only what it put.
 */
export const imageKey = (owner: string, advertId: string, requestId: string, position: number, format: ImageFormat): string =>
  `${advertImagePrefix(owner, advertId)}${requestId}/${position}.${IMAGE_FORMAT_INFO[format].extension}`;

/** What one createAdvert writes: the advert, a STREAMING variant per persona, and the token when one was given. */
export interface NewAdvert {
  advert: AdvertItem;
  variants: AdvertVariantItem[];
  token?: AdvertTokenItem;
}

export function newAdvertItems(event: AdvertIntakeEvent, images: readonly CheckedImage[], requestHash: string, nowSeconds: number): NewAdvert {
  const { owner, advertId, createdAt, input } = event;
  const advert: AdvertItem = {
    pk: advertPk(advertId),
    sk: ADVERT_SK,
    type: 'Advert',
    id: advertId,
    owner,
    spec: input.spec,
    tone: input.tone,
    wordCount: input.wordCount,
    modelId: input.modelId,
    personas: input.personas,
    bypassCache: input.bypassCache,
    images: images.map((image, position) => ({
      position,
      format: image.format,
      sizeBytes: image.sizeBytes,
      width: image.width,
      height: image.height,
      sha256: image.sha256,
      key: imageKey(owner, advertId, event.variantIds[0] as string, position, image.format),
    })),
    createdAt,
    updatedAt: createdAt,
    gsi1pk: ownerPk(owner),
    gsi1sk: createdAt,
  };
  const variants = input.personas.map(
    (persona, position): AdvertVariantItem => ({
      pk: advertPk(advertId),
      sk: variantSk(position),
      type: 'AdvertVariant',
      id: event.variantIds[position] as string,
      advertId,
      owner,
      position,
      persona,
      status: 'STREAMING',
      content: '',
      generation: 1,
      cached: false,
      createdAt,
      updatedAt: createdAt,
    }),
  );
  const token: AdvertTokenItem | undefined =
    input.clientToken === null
      ? undefined
      : { pk: ownerPk(owner), sk: advertTokenSk(input.clientToken), type: 'AdvertToken', advertId, requestHash, expiresAt: nowSeconds + TOKEN_TTL_SECONDS };
  return { advert, variants, ...(token ? { token } : {}) };
}
