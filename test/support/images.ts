// Small, well-formed images of each format an advert accepts, made in code: real headers and
// dimensions (what the API and the model server check), tiny payloads.
import { crc32, deflateSync } from 'node:zlib';

export type TestImageFormat = 'PNG' | 'JPEG' | 'GIF' | 'WEBP';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A grey RGB PNG; `seed` changes the pixels (and so the bytes and digest). */
export function png(width = 2, height = 2, seed = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, (seed * 37) % 256)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG whose header declares the given size but carries a tiny body (for dimension limits). */
export function pngDeclaring(width: number, height: number): Buffer {
  const small = png(1, 1);
  // IHDR's width and height sit at bytes 16..23 (the chunk CRC is not checked by readers of the size).
  return Buffer.concat([small.subarray(0, 16), sizeBytes(width, height), small.subarray(24)]);
}

function sizeBytes(width: number, height: number): Buffer {
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return size;
}

/** A baseline JPEG header (SOI, JFIF APP0, SOF0 with the size, EOI). */
export function jpeg(width = 2, height = 2): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

/** A 1x1 GIF89a. */
export function gif(): Buffer {
  return Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
}

/** A lossless WebP (RIFF/WEBP/VP8L) header with the size. */
export function webp(width = 2, height = 2): Buffer {
  const bits = (width - 1) | ((height - 1) << 14);
  const vp8l = Buffer.from([0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff, 0, 0, 0]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'ascii'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l]);
  const riffSize = Buffer.alloc(4);
  riffSize.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), riffSize, Buffer.from('WEBP', 'ascii'), chunk]);
}

export const imageOf: Record<TestImageFormat, () => Buffer> = { PNG: () => png(), JPEG: () => jpeg(), GIF: gif, WEBP: () => webp() };

export function imageInput(format: TestImageFormat, bytes: Buffer = imageOf[format]()): { format: TestImageFormat; base64: string } {
  return { format, base64: bytes.toString('base64') };
}
