// Error classes shared by the Lambda functions. Each has a stable `name` and keeps its `cause`.

/** A missing or invalid environment variable: the function is misconfigured and cannot run. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The invocation payload is not what the contract (README "Design notes") describes. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The AppSync endpoint answered with a non-2xx status and no GraphQL errors. */
export class AppSyncHttpError extends Error {
  override readonly name = 'AppSyncHttpError';
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** 429 and 5xx are worth another try; other statuses will fail the same way again. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export interface GraphQLErrorEntry {
  message: string;
  errorType?: string;
}

/** The GraphQL response carried `errors`: the operation failed even if the HTTP status was 200. */
export class GraphQLResponseError extends Error {
  override readonly name = 'GraphQLResponseError';
  constructor(
    readonly errors: GraphQLErrorEntry[],
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(errors.map((e) => (e.errorType ? `${e.errorType}: ${e.message}` : e.message)).join('; '), options);
  }

  get errorType(): string | undefined {
    return this.errors[0]?.errorType;
  }
}

/** Some items could not be deleted even after retrying UnprocessedItems. */
export class PurgeIncompleteError extends Error {
  override readonly name = 'PurgeIncompleteError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Errors carried inside a stream (final chunk's `error`, the message's `error`), per README. */
export const STREAM_ERROR_TYPES = ['ThrottlingException', 'ModelError', 'Timeout', 'InternalError'] as const;
export type StreamErrorType = (typeof STREAM_ERROR_TYPES)[number];

/** A failure of one answer's generation, with the errorType a client switches on. */
export class StreamError extends Error {
  override readonly name = 'StreamError';
  constructor(
    readonly errorType: StreamErrorType,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
