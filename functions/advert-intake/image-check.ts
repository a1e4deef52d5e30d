// One image of an advert, decoded strictly and checked on its bytes (README "Adverts", input
// limits): the declared format's magic number, Bedrock's per-image size, and the dimensions
// image-size reads, which must also agree on the format.
import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import type { AdvertImageFormat } from '../shared/advert-items.js';

export { ADVERT_IMAGE_FORMATS as IMAGE_FORMATS } from '../shared/advert-items.js';
export type ImageFormat = AdvertImageFormat;

/** Bedrock's limits for one image. */
export const IMAGE_RULES = { maxBytes: 3_750_000, minDimension: 1, maxDimension: 8_000 } as const;

interface FormatInfo {
  extension: string;
  contentType: string;
  /** The type name image-size reports. */
  detectedType: string;
  hasMagicNumber(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean => prefix.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

export const IMAGE_FORMAT_INFO: Record<ImageFormat, FormatInfo> = {
  PNG: {
    extension: 'png',
    contentType: 'image/png',
    detectedType: 'png',
    hasMagicNumber: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  JPEG: { extension: 'jpg', contentType: 'image/jpeg', detectedType: 'jpg', hasMagicNumber: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
  GIF: {
    extension: 'gif',
    contentType: 'image/gif',
    detectedType: 'gif',
    hasMagicNumber: (bytes) => startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')),
  },
  WEBP: {
    extension: 'webp',
    contentType: 'image/webp',
    detectedType: 'webp',
    hasMagicNumber: (bytes) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8),
  },
};

/** The image breaks a rule; the message names the rule, never the data. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface CheckedImage {
  format: ImageFormat;
  bytes: Uint8Array;
  sizeBytes: number;
  width: number;
  height: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded size from the text alone (valid base64 assumed), to refuse oversize data before decoding it. */
export function base64DecodedLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor(text.length / 4) * 3 - padding;
}

/**
 * Standard alphabet, `=` padding, length a multiple of 4, no whitespace. Buffer.from(text, 'base64')
 * skips whatever it does not understand and ignores the unused bits of the last character, so
 * only text that re-encodes to itself is accepted.
 */
export function decodeBase64Strictly(text: string): Buffer {
  if (text.length % 4 !== 0) throw new ImageRejectedError('base64 length must be a multiple of 4');
  if (!BASE64_ALPHABET.test(text)) {
    throw new ImageRejectedError('base64 must use the standard alphabet (A-Z a-z 0-9 + /) with = padding only at the end');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new ImageRejectedError('base64 is not canonical: the bits after the last byte must be zero');
  return bytes;
}

function measure(format: ImageFormat, bytes: Uint8Array): { width: number; height: number } {
  let size;
  try {
    size = imageSize(bytes);
  } catch (cause) {
    throw new ImageRejectedError(`is not a readable ${format} image`, { cause });
  }
  if (size.type !== IMAGE_FORMAT_INFO[format].detectedType) throw new ImageRejectedError(`is not a readable ${format} image`);
  const { width, height } = size;
  const { minDimension: min, maxDimension: max } = IMAGE_RULES;
  const inRange = (value: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!inRange(width) || !inRange(height)) {
    throw new ImageRejectedError(`width and height must be ${min} to ${max} pixels, got ${String(width)}x${String(height)}`);
  }
  return { width, height };
}

/** Decodes and checks one image; ImageRejectedError names the broken rule. */
export function checkImage(format: ImageFormat, base64: string): CheckedImage {
  if (base64.length === 0) throw new ImageRejectedError('base64 must not be empty');
  if (base64DecodedLength(base64) > IMAGE_RULES.maxBytes) throw new ImageRejectedError(`must decode to at most ${IMAGE_RULES.maxBytes} bytes`);
  const bytes = decodeBase64Strictly(base64);
  if (!IMAGE_FORMAT_INFO[format].hasMagicNumber(bytes)) {
    throw new ImageRejectedError(`is not a ${format} image: the data does not start with its magic number`);
  }
  const { width, height } = measure(format, bytes);
  return { format, bytes, sizeBytes: bytes.length, width, height, sha256: createHash('sha256').update(bytes).digest('hex') };
}
