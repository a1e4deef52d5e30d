// Integrity checks S3 runs on uploads: Content-MD5 and the flexible x-amz-checksum-* values
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { S3Error } from './errors.js';

const CHECKSUM_PREFIX = 'x-amz-checksum-';

/** Algorithms this store can recompute; others (crc32c, crc64nvme) are stored unverified. */
const computeChecksum: Record<string, (bytes: Buffer) => string> = {
  crc32: (bytes) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(bytes) >>> 0);
    return out.toString('base64');
  },
  sha1: (bytes) => createHash('sha1').update(bytes).digest('base64'),
  sha256: (bytes) => createHash('sha256').update(bytes).digest('base64'),
};

export const md5Hex = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

export function checkContentMd5(bytes: Buffer, contentMd5: string | undefined): void {
  if (contentMd5 === undefined) return;
  const claimed = Buffer.from(contentMd5, 'base64');
  if (claimed.length !== 16) throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
  if (!claimed.equals(createHash('md5').update(bytes).digest())) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
}

/** Verifies every x-amz-checksum-* value among `sources` (headers, then trailers) and returns them by algorithm. */
export function checkFlexibleChecksums(bytes: Buffer, ...sources: Array<Record<string, string | string[] | undefined>>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (!name.startsWith(CHECKSUM_PREFIX) || typeof value !== 'string' || name === 'x-amz-checksum-type' || name === 'x-amz-checksum-mode') continue;
      const algorithm = name.slice(CHECKSUM_PREFIX.length);
      const compute = computeChecksum[algorithm];
      if (compute && compute(bytes) !== value) {
        throw new S3Error(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
      }
      found[algorithm] = value;
    }
  }
  return found;
}
