// Bedrock's checks on image blocks: a known format whose magic number the bytes carry, and its
// limits on image count and size, so a caller's bad image fails here as it would on AWS.
import { validationError } from './errors.js';

export const imageFormats = ['png', 'jpeg', 'gif', 'webp'] as const;
export type ImageFormat = (typeof imageFormats)[number];

/** Bedrock's limits for Converse (and the Claude and Nova InvokeModel bodies). */
export const maxImagesPerRequest = 20;
export const maxImageBytes = 3_750_000;

/** The 12 leading bytes are enough for every signature (WEBP's ends at byte 12). */
const signatureBytes = 12;

const matchesFormat: Record<ImageFormat, (head: Buffer) => boolean> = {
  png: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (head) => head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  gif: (head) => ['GIF87a', 'GIF89a'].includes(head.subarray(0, 6).toString('latin1')),
  webp: (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP',
};

export function isImageFormat(value: unknown): value is ImageFormat {
  return typeof value === 'string' && (imageFormats as readonly string[]).includes(value);
}

/**
 * Checks one image's base64 bytes against its declared format and Bedrock's size limit; returns
 * the decoded size. Only the leading bytes are decoded: the rest is never looked at.
 */
export function checkImageBytes(format: ImageFormat, base64: string, where: string): number {
  const byteLength = Buffer.byteLength(base64, 'base64');
  if (byteLength === 0) throw validationError(`${where}.source.bytes: the image is empty.`);
  if (byteLength > maxImageBytes) {
    throw validationError(`${where}: the image is ${byteLength} bytes; at most ${maxImageBytes} bytes are allowed.`);
  }
  // 4 base64 characters hold 3 bytes.
  const head = Buffer.from(base64.slice(0, Math.ceil(signatureBytes / 3) * 4), 'base64');
  if (!matchesFormat[format](head)) throw validationError(`${where}: the image format ${format} does not match the image bytes.`);
  return byteLength;
}

/** Bedrock counts the images of the whole request, every turn included. */
export function checkImageCount(imageCount: number): void {
  if (imageCount > maxImagesPerRequest) {
    throw validationError(`Too many images: ${imageCount}; a request may carry at most ${maxImagesPerRequest}.`);
  }
}
