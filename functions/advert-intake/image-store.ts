// Where advert images go: the AdvertImagesBucket (key, ContentType, metadata sha256). The
// ChecksumSHA256 makes S3 verify the bytes it stored are the ones checked here.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client, deleteObjectKeys } from '../shared/s3.js';

export interface ImageObject {
  key: string;
  bytes: Uint8Array;
  contentType: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

/** What intake needs from image storage; tests pass a fake. */
export interface ImageStore {
  put(image: ImageObject): Promise<void>;
  /** Removes the objects (a missing key is not an error). */
  deleteAll(keys: readonly string[]): Promise<void>;
}

export class S3ImageStore implements ImageStore {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async put(image: ImageObject): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: image.key,
        Body: image.bytes,
        ContentType: image.contentType,
        Metadata: { sha256: image.sha256 },
        ChecksumSHA256: Buffer.from(image.sha256, 'hex').toString('base64'),
      }),
    );
  }

  async deleteAll(keys: readonly string[]): Promise<void> {
    await deleteObjectKeys(this.client, this.bucket, keys);
  }
}
