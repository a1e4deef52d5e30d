// Local names of the template's S3 buckets. Like tables (named by logical id), a bucket without a
// literal BucketName is named after its logical id, which must first become a valid S3 name.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
import { createHash } from 'node:crypto';

const MAX_LENGTH = 63;
const HASH_LENGTH = 8;

/** S3's general purpose bucket naming rules (the ones a local store can check). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)
  );
}

/**
 * Lower-cases the logical id (CloudFormation logical ids are alphanumeric); one too long or too short
 * for S3 keeps a prefix plus a hash of the id, so the name is stable across restarts.
 */
export function bucketNameFromLogicalId(logicalId: string): string {
  const lowered = logicalId.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (lowered.length >= 3 && lowered.length <= MAX_LENGTH) return lowered;
  const hash = createHash('sha256').update(logicalId).digest('hex').slice(0, HASH_LENGTH);
  const prefix = lowered.slice(0, MAX_LENGTH - HASH_LENGTH - 1) || 'bucket';
  return `${prefix}-${hash}`;
}
