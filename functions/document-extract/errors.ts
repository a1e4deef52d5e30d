// The errors document-extract throws. Lambda reports a thrown error's `name` as its errorType, so a
// state machine can Catch (or Retry) each by name: DocumentError, DocumentTooLarge, DocumentFetchError.

/** The document cannot be turned into text: malformed input, unsupported format, unreadable or empty. */
export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The document is larger than MAX_DOCUMENT_BYTES. */
export class DocumentTooLarge extends Error {
  override readonly name = 'DocumentTooLarge';
  constructor(
    message: string,
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The document URL could not be fetched: network failure, timeout or a non-2xx answer. */
export class DocumentFetchError extends Error {
  override readonly name = 'DocumentFetchError';
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
