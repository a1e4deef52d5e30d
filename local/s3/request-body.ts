// Reads an upload the way the v3 SDK sends it: a plain body, or `aws-chunked` frames
// (`<hex size>[;chunk-signature=..]\r\n<bytes>\r\n ... 0\r\n<trailer>:<value>\r\n\r\n`) with the
// checksum in a trailer. Chunk signatures (signed streaming) are parsed but not verified.
import type { IncomingMessage } from 'node:http';
import { entityTooLarge, invalidRequest, S3Error } from './errors.js';

export interface UploadBody {
  bytes: Buffer;
  /** Trailing headers of an aws-chunked body, lowercased (e.g. x-amz-checksum-crc32). */
  trailers: Record<string, string>;
}

/** Chunk framing adds a few bytes per chunk on top of the payload. */
const FRAMING_ALLOWANCE = 64 * 1024;

export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw entityTooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes + FRAMING_ALLOWANCE) {
      req.resume();
      throw entityTooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const isAwsChunked = (req: IncomingMessage): boolean =>
  (req.headers['content-encoding'] ?? '').split(',').some((part) => part.trim() === 'aws-chunked') ||
  String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

export function decodeAwsChunked(raw: Buffer, maxBytes: number): UploadBody {
  const parts: Buffer[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw malformedChunks();
    const size = parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw malformedChunks();
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > raw.length) throw malformedChunks();
    parts.push(raw.subarray(offset, offset + size));
    total += size;
    if (total > maxBytes) throw entityTooLarge(maxBytes);
    offset += size;
    if (raw.toString('latin1', offset, offset + 2) !== '\r\n') throw malformedChunks();
    offset += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { bytes: Buffer.concat(parts), trailers };
}

const malformedChunks = (): S3Error => invalidRequest('The aws-chunked body is malformed.');
