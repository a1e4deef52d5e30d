// An advert's images as a whole (README "Adverts", input limits): at most 5, together at most
// 3,750,000 bytes, each passing checkImage. A broken rule is the user's ValidationError, with a
// message naming the image's position.
import { base64DecodedLength, checkImage, ImageRejectedError, type CheckedImage } from './image-check.js';
import type { AdvertImageInput } from './event.js';

export const ADVERT_IMAGE_LIMITS = { count: 5, totalMaxBytes: 3_750_000 } as const;

export type ImagesCheck = { ok: true; images: CheckedImage[] } | { ok: false; message: string };

export function checkAdvertImages(images: readonly AdvertImageInput[]): ImagesCheck {
  if (images.length > ADVERT_IMAGE_LIMITS.count) return { ok: false, message: `images allows at most ${ADVERT_IMAGE_LIMITS.count} entries` };
  const tooMuch = { ok: false, message: `images together must decode to at most ${ADVERT_IMAGE_LIMITS.totalMaxBytes} bytes` } as const;
  // From the text first: nothing oversize is decoded.
  if (images.reduce((sum, image) => sum + base64DecodedLength(image.base64), 0) > ADVERT_IMAGE_LIMITS.totalMaxBytes) return tooMuch;
  const checked: CheckedImage[] = [];
  for (const [position, image] of images.entries()) {
    try {
      checked.push(checkImage(image.format, image.base64));
    } catch (error) {
      if (error instanceof ImageRejectedError) return { ok: false, message: `images[${position}]: ${error.message}` };
      throw error;
    }
  }
  if (checked.reduce((sum, image) => sum + image.sizeBytes, 0) > ADVERT_IMAGE_LIMITS.totalMaxBytes) return tooMuch;
  return { ok: true, images: checked };
}
