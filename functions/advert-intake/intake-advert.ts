// createAdvert's storage step (README "Adverts", advert-intake): check the images, replay a live
// create token, refuse an advert id in use (clients may choose it), put the images, then write
// advert, variants and token in one transaction. The images are put first so a stored advert
// always has them; a transaction that fails removes them again. Never logs the spec or image
// data: ids, counts and sizes only.
import { errorName } from '../shared/errors.js';
import type { Log } from '../shared/logger.js';
import { checkAdvertImages } from './advert-images.js';
import type { AdvertItem, AdvertVariantItem } from '../shared/advert-items.js';
import { newAdvertItems } from './advert-items.js';
import { AdvertExistsError, TokenTakenError, type AdvertStore } from './advert-store.js';
import type { AdvertIntakeEvent } from './event.js';
import { IMAGE_FORMAT_INFO } from './image-check.js';
import type { ImageObject, ImageStore } from './image-store.js';
import { advertRequestHash } from './request-hash.js';

export type IntakeErrorType = 'ValidationError' | 'IdempotencyConflict' | 'Conflict';

export type AdvertIntakeResult =
  | { ok: true; replayed: boolean; advert: AdvertItem; variants: AdvertVariantItem[] }
  | { ok: false; errorType: IntakeErrorType; message: string };

export interface IntakeDeps {
  images: ImageStore;
  adverts: AdvertStore;
  log: Log;
  /** Defaults to Date.now. */
  now?: () => number;
}

export const MESSAGES = {
  idempotencyConflict: 'clientToken was already used with a different input',
  tokenRace: 'A request with the same clientToken is being processed; retry to get its advert',
  replayedAdvertGone: 'The advert first created with this clientToken no longer exists',
  idTaken: 'An advert with this id already exists',
} as const;

export async function intakeAdvert(event: AdvertIntakeEvent, deps: IntakeDeps): Promise<AdvertIntakeResult> {
  const { advertId, input } = event;
  const { log } = deps;
  const checked = checkAdvertImages(input.images);
  if (!checked.ok) {
    log.info('Advert rejected', { advertId, reason: checked.message });
    return { ok: false, errorType: 'ValidationError', message: checked.message };
  }
  const requestHash = advertRequestHash(input, checked.images);
  const nowSeconds = Math.floor((deps.now ?? Date.now)() / 1000);

  if (input.clientToken !== null) {
    const token = await deps.adverts.readToken(event.owner, input.clientToken);
    if (token && token.expiresAt > nowSeconds) {
      if (token.requestHash !== requestHash) {
        log.info('Advert clientToken reused with another input', { advertId, firstAdvertId: token.advertId });
        return { ok: false, errorType: 'IdempotencyConflict', message: MESSAGES.idempotencyConflict };
      }
      const stored = await deps.adverts.readAdvert(token.advertId);
      if (!stored) {
        log.info('Advert replay found no advert', { advertId, firstAdvertId: token.advertId });
        return { ok: false, errorType: 'Conflict', message: MESSAGES.replayedAdvertGone };
      }
      log.info('Advert replayed', { advertId, replayedAdvertId: stored.advert.id, variantCount: stored.variants.length });
      return { ok: true, replayed: true, ...stored };
    }
  }

  // A client-chosen id already in use: refuse before putting anything under its keys.
  if ((await deps.adverts.readAdvertOwner(advertId)) !== undefined) {
    log.info('Advert id taken', { advertId });
    return { ok: false, errorType: 'Conflict', message: MESSAGES.idTaken };
  }

  const items = newAdvertItems(event, checked.images, requestHash, nowSeconds);
  const objects: ImageObject[] = checked.images.map((image, position) => ({
    key: items.advert.images[position]?.key as string,
    bytes: image.bytes,
    contentType: IMAGE_FORMAT_INFO[image.format].contentType,
    sha256: image.sha256,
  }));
  await putAll(objects, deps);

  try {
    await deps.adverts.create(items, nowSeconds);
  } catch (error) {
    if (error instanceof AdvertExistsError) {
      // A concurrent create took the same id. Our objects are under our own request folder: remove them.
      await removeImages(objects.map((o) => o.key), deps, 'advert id taken');
      log.info('Advert id race lost', { advertId });
      return { ok: false, errorType: 'Conflict', message: MESSAGES.idTaken };
    }
    await removeImages(objects.map((o) => o.key), deps, 'transaction failed');
    if (error instanceof TokenTakenError) {
      log.info('Advert clientToken race lost', { advertId });
      return { ok: false, errorType: 'Conflict', message: MESSAGES.tokenRace };
    }
    throw error;
  }
  log.info('Advert stored', {
    advertId,
    variantCount: items.variants.length,
    imageCount: objects.length,
    imageBytes: objects.reduce((sum, o) => sum + o.bytes.length, 0),
    withClientToken: items.token !== undefined,
  });
  return { ok: true, replayed: false, advert: items.advert, variants: items.variants };
}

/** Puts every image concurrently; if any fails, removes those that were put, then rethrows. */
async function putAll(objects: readonly ImageObject[], deps: IntakeDeps): Promise<void> {
  const outcomes = await Promise.allSettled(objects.map((object) => deps.images.put(object)));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (!failed) return;
  const putKeys = objects.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((o) => o.key);
  if (putKeys.length > 0) await removeImages(putKeys, deps, 'image upload failed');
  throw failed.reason;
}

/** Best effort: a failure is logged, and the original outcome stands. */
async function removeImages(keys: readonly string[], deps: IntakeDeps, why: string): Promise<void> {
  if (keys.length === 0) return;
  try {
    await deps.images.deleteAll(keys);
    deps.log.info('Advert images removed', { why, objectCount: keys.length });
  } catch (error) {
    deps.log.error('Advert images could not be removed', { why, keys, error: errorName(error) });
  }
}
