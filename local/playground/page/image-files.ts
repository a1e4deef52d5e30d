// Photos chosen in the page -> the API's AdvertImageInput (format from the magic number, as the API checks it).
import type { AdvertImageInput, ImageFormat } from './sdk.js';

export class UnsupportedImageError extends Error {
  override name = 'UnsupportedImageError';
}

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) => prefix.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image format by its first bytes (PNG, JPEG, GIF, WEBP), or undefined. */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'GIF';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'WEBP';
  return undefined;
}

/** Standard base64 with padding (what the API accepts). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes its arguments on the stack: feed it slices.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function imageInputOf(file: Blob & { name: string }): Promise<AdvertImageInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = imageFormatOf(bytes);
  if (!format) throw new UnsupportedImageError(`${file.name} is not a PNG, JPEG, GIF or WEBP image`);
  return { format, base64: toBase64(bytes) };
}
