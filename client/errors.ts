// Typed errors: an API error carries AppSync's errorType a caller can switch on;
// a network error means the request never got an answer from the API.

export interface GraphQLErrorEntry {
  message: string;
  errorType?: string | null;
  errorInfo?: unknown;
  path?: Array<string | number> | null;
  data?: unknown;
}

/** The errorTypes this API raises (README "Error types"), plus AppSync's own request-level refusal. */
export type ApiErrorType =
  | 'ValidationError'
  | 'UnsupportedModel'
  | 'NotFound'
  | 'Unauthorized'
  | 'UnauthorizedException'
  | 'IdempotencyConflict'
  | 'Conflict'
  | 'InternalError';

/** Any other errorType AppSync may send (e.g. InvalidSignatureException), without losing autocompletion of the known ones. */
export type AnyErrorType = ApiErrorType | (string & {});

export class ApiError extends Error {
  override name = 'ApiError';
  /** The first error's errorType (e.g. 'ValidationError', 'Unauthorized'). */
  readonly errorType: AnyErrorType;
  readonly errors: GraphQLErrorEntry[];
  /** Partial data AppSync returned alongside the errors. */
  readonly data: unknown;
  /** The HTTP status of the answer (absent for real-time errors). */
  readonly status: number | undefined;

  constructor(errors: GraphQLErrorEntry[], data: unknown, status?: number) {
    const first = errors[0];
    super(first?.message ?? 'GraphQL error');
    this.errors = errors;
    this.errorType = first?.errorType ?? 'UnknownError';
    this.data = data;
    this.status = status;
  }
}

/** True for an ApiError (of the given errorType, when one is given); narrows the error's type. */
export function isApiError(error: unknown): error is ApiError;
export function isApiError<T extends AnyErrorType>(error: unknown, errorType: T): error is ApiError & { readonly errorType: T };
export function isApiError(error: unknown, errorType?: string): boolean {
  return error instanceof ApiError && (errorType === undefined || error.errorType === errorType);
}

/** No answer from the API: the request or the real-time connection failed on the way. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The client was closed while a subscription was still starting. */
export class ClientClosedError extends Error {
  override name = 'ClientClosedError';
  constructor(message = 'the client was closed') {
    super(message);
  }
}
