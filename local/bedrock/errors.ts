// Bedrock Runtime's modelled errors, as the SDK expects them on the wire.

/** Errors returned before a stream starts: an HTTP status plus the `x-amzn-errortype` header. */
export const httpErrorStatus = {
  AccessDeniedException: 403,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  ValidationException: 400,
} as const;

export type HttpErrorType = keyof typeof httpErrorStatus;

/** Exceptions a stream can carry as `:message-type = exception` frames (the union members' names). */
export const streamExceptionTypes = [
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
] as const;

export type StreamExceptionType = (typeof streamExceptionTypes)[number];

export function isHttpErrorType(value: unknown): value is HttpErrorType {
  return typeof value === 'string' && Object.hasOwn(httpErrorStatus, value);
}

export function isStreamExceptionType(value: unknown): value is StreamExceptionType {
  return typeof value === 'string' && (streamExceptionTypes as readonly string[]).includes(value);
}

/** A request the server answers with a modelled Bedrock error. */
export class BedrockServiceError extends Error {
  override readonly name = 'BedrockServiceError';
  readonly errorType: HttpErrorType;

  constructor(errorType: HttpErrorType, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.errorType = errorType;
  }

  get status(): number {
    return httpErrorStatus[this.errorType];
  }
}

export function validationError(message: string): BedrockServiceError {
  return new BedrockServiceError('ValidationException', message);
}
