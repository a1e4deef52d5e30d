// Reads an advert's images from the bucket for the model request, checking each against the
// digest recorded when it was stored.
import { createHash } from 'node:crypto';
import type { ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../shared/s3.js';
import type { StoredImage, StoredImageFormat } from './advert-store.js';

export interface ModelImage {
  format: ImageFormat;
  bytes: Uint8Array;
}

/** What the generator needs from the object store; tests pass a fake. */
export interface ImageSource {
  read(images: StoredImage[], signal?: AbortSignal): Promise<ModelImage[]>;
}

/** The stored image is missing or not what was stored. */
export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const MODEL_FORMATS: Record<StoredImageFormat, ImageFormat> = { PNG: 'png', JPEG: 'jpeg', GIF: 'gif', WEBP: 'webp' };

export class S3ImageSource implements ImageSource {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
  ) {}

  async read(images: StoredImage[], signal?: AbortSignal): Promise<ModelImage[]> {
    const ordered = [...images].sort((a, b) => a.position - b.position);
    return Promise.all(
      ordered.map(async (image) => {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: image.key }), { abortSignal: signal });
        if (!response.Body) throw new ImageReadError(`Image ${image.position} has no body`);
        const bytes = await response.Body.transformToByteArray();
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (digest !== image.sha256) throw new ImageReadError(`Image ${image.position} does not match its recorded digest`);
        return { format: MODEL_FORMATS[image.format], bytes };
      }),
    );
  }
}
