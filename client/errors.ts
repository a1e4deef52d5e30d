// Typed errors: an API error carries AppSync's errorType a caller can switch on;
// a network error means the request never got an answer from the API.

export interface GraphQLErrorEntry {
  message: string;
  errorType?: string;
  errorInfo?: unknown;
  path?: Array<string | number>;
  data?: unknown;
}

export class ApiError extends Error {
  override name = 'ApiError';
  /** The first error's errorType (e.g. 'ValidationError', 'Unauthorized'). */
  readonly errorType: string;
  readonly errors: GraphQLErrorEntry[];
  /** Partial data AppSync returned alongside the errors. */
  readonly data: unknown;

  constructor(errors: GraphQLErrorEntry[], data: unknown) {
    const first = errors[0];
    super(first?.message ?? 'GraphQL error');
    this.errors = errors;
    this.errorType = first?.errorType ?? 'UnknownError';
    this.data = data;
  }
}

export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
