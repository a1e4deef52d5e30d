// The resolver's checks of createAdvert's images (schema/adverts.graphql AdvertImageInput).
// Everything is read off the base64 text, with no decoding: the intake Lambda decodes
// the bytes and checks them again (magic number, dimensions).
import { util } from '@aws-appsync/utils';
import type { AdvertImageInput, ImageFormat } from '../generated/schema-types';
import { validationError } from './errors';

export const IMAGE_LIMITS = {
  count: 5,
  /** Bedrock's per-image limit. */
  maxBytes: 3_750_000,
  /** All images of one request: 5,000,000 base64 characters, so the intake payload stays under Lambda's 6 MB. */
  totalMaxBytes: 3_750_000,
} as const;

/**
 * util.matches (Java `String.matches`, whole string). One character class and a
 * bounded tail: linear even on 5,000,000 characters (no nested quantifier, no group
 * repeated per character, which Java runs recursively). Padding only at the end
 * follows: a `=` anywhere else cannot match. The length check is separate.
 */
const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';

// Magic numbers, as the base64 text of a file must begin (README "Adverts", input limits).
/** 89 50 4E 47 0D 0A 1A 0A */
const PNG_PREFIX = 'iVBORw0KGgo';
/** FF D8 FF */
const JPEG_PREFIX = '/9j/';
/** GIF87a, GIF89a */
const GIF87_PREFIX = 'R0lGODdh';
const GIF89_PREFIX = 'R0lGODlh';
/** RIFF....WEBP: "RIFF" starts the text; "EBP" (bytes 9..11) is characters 12..15. */
const RIFF_PREFIX = 'UklGR';
const WEBP_TAG = 'RUJQ';

function decodedBytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

function hasMagicNumber(format: ImageFormat, base64: string): boolean {
  switch (format) {
    case 'PNG':
      return base64.startsWith(PNG_PREFIX);
    case 'JPEG':
      return base64.startsWith(JPEG_PREFIX);
    case 'GIF':
      return base64.startsWith(GIF87_PREFIX) || base64.startsWith(GIF89_PREFIX);
    case 'WEBP':
      return base64.startsWith(RIFF_PREFIX) && base64.substring(12, 16) === WEBP_TAG;
    default:
      return false;
  }
}

/**
 * Count, then the cheap length and size checks of every image, then the pattern
 * (only on text already known to be within the limits), then the magic numbers.
 * Returns the images as the intake Lambda takes them.
 */
export function validateAdvertImages(images: AdvertImageInput[] | null | undefined): AdvertImageInput[] {
  const list = images ?? [];
  if (list.length > IMAGE_LIMITS.count) {
    validationError(`images allows at most ${IMAGE_LIMITS.count} entries`);
  }
  const sizes = list.map((image, index) => {
    const base64 = image.base64;
    if (base64.length === 0) {
      validationError(`images[${index}].base64 must not be empty`);
    }
    if (base64.length % 4 !== 0) {
      validationError(`images[${index}].base64 is not valid base64: its length must be a multiple of 4`);
    }
    const bytes = decodedBytes(base64);
    if (bytes > IMAGE_LIMITS.maxBytes) {
      validationError(`images[${index}] must decode to at most ${IMAGE_LIMITS.maxBytes} bytes`);
    }
    return bytes;
  });
  const totalBytes = sizes.reduce((sum, bytes) => sum + bytes, 0);
  if (totalBytes > IMAGE_LIMITS.totalMaxBytes) {
    validationError(`images together must decode to at most ${IMAGE_LIMITS.totalMaxBytes} bytes`);
  }
  list.forEach((image, index) => {
    if (!util.matches(BASE64_PATTERN, image.base64)) {
      validationError(`images[${index}].base64 is not valid base64: standard alphabet (A-Z a-z 0-9 + /) with = padding, no line breaks`);
    }
    if (!hasMagicNumber(image.format, image.base64)) {
      validationError(`images[${index}] is not a ${image.format} image: the data does not start with its magic number`);
    }
  });
  return list.map((image) => ({ format: image.format, base64: image.base64 }));
}
