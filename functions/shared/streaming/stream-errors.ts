// Maps failures to the README's stream error types, and says which model errors deserve a retry.
import { isNetworkError } from '../retry.js';
import { StreamError, type StreamErrorType } from '../errors.js';
import type { ChunkError } from './chunk-batcher.js';

const RETRYABLE_MODEL_ERRORS = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'InternalServerException',
]);

const MODEL_ERRORS = new Set([
  'ValidationException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ModelErrorException',
  'ModelStreamErrorException',
  'ModelNotReadyException',
  'ServiceUnavailableException',
  'InternalServerException',
]);

export function isRetryableModelError(error: unknown): boolean {
  return (error instanceof Error && RETRYABLE_MODEL_ERRORS.has(error.name)) || isNetworkError(error);
}

/** Client-facing texts: fixed per type, so no provider detail (or echoed input) leaks into chunks. */
const MESSAGES: Record<StreamErrorType, string> = {
  ThrottlingException: 'The model is busy. Try again shortly.',
  ModelError: 'The model could not answer this request.',
  Timeout: 'The answer took too long and was stopped.',
  InternalError: 'The answer could not be completed.',
};

export function streamErrorOf(errorType: StreamErrorType, message = MESSAGES[errorType]): ChunkError {
  return { errorType, message };
}

export function toChunkError(error: unknown): ChunkError {
  if (error instanceof StreamError) return { errorType: error.errorType, message: error.message };
  const name = error instanceof Error ? error.name : '';
  if (name === 'ThrottlingException' || name === 'ServiceQuotaExceededException') return streamErrorOf('ThrottlingException');
  if (name === 'ModelTimeoutException') return streamErrorOf('Timeout');
  if (MODEL_ERRORS.has(name)) return streamErrorOf('ModelError');
  return streamErrorOf('InternalError');
}
