// S3's error shapes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html

/** A failure S3 answers with an HTTP status and an `<Error><Code>` document. */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra elements S3 adds to the error document (Key, BucketName...). */
    readonly details: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string): S3Error => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

export const accessDenied = (message = 'Access Denied'): S3Error => new S3Error(403, 'AccessDenied', message);

export const signatureDoesNotMatch = (): S3Error =>
  new S3Error(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );

export const invalidRequest = (message: string): S3Error => new S3Error(400, 'InvalidRequest', message);

export const entityTooLarge = (maxBytes: number): S3Error =>
  new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: String(maxBytes) });
