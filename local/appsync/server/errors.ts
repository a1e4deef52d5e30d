// Error shapes as AppSync returns them.
// Request-level failures (HTTP status + { errors: [{ errorType, message }] }) follow what the AppSync
// team documented in https://github.com/graphql/graphql-over-http/issues/81 and
// https://repost.aws/knowledge-center/aws-appsync-graphql-request-unauth-error (401 vs 200 + Unauthorized).
import type { GraphQLError } from 'graphql';
import type { AppSyncFieldError } from '../types.js';

/** A failure that rejects the whole request before execution (no `data`). */
export class RequestRejectedError extends Error {
  override name = 'RequestRejectedError';
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** The body AppSync sends for it. */
  toBody(): { errors: Array<{ errorType: string; message: string }> } {
    return { errors: [{ errorType: this.errorType, message: this.message }] };
  }
}

export const unauthorized = (message = 'You are not authorized to make this call.', cause?: unknown): RequestRejectedError =>
  new RequestRejectedError(401, 'UnauthorizedException', message, { cause });

export const malformedRequest = (message: string): RequestRejectedError =>
  new RequestRejectedError(400, 'MalformedHttpRequestException', message);

/** An error a resolver reported for one field (util.error, data source failures...). */
export class ResolverFieldError extends Error {
  override name = 'ResolverFieldError';
  constructor(readonly fieldError: AppSyncFieldError) {
    super(fieldError.message);
  }
}

/** AppSync's field-level denial: https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html */
export class FieldUnauthorizedError extends Error {
  override name = 'FieldUnauthorizedError';
  constructor(fieldName: string, typeName: string) {
    super(`Not Authorized to access ${fieldName} on type ${typeName}`);
  }
}

export interface AppSyncErrorEntry {
  path: Array<string | number> | null;
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

/** A graphql-js error in AppSync's shape: { path, data, errorType, errorInfo, locations, message }. */
export function toAppSyncError(error: GraphQLError): AppSyncErrorEntry {
  const locations = error.locations?.map(({ line, column }) => ({ line, column, sourceName: null })) ?? null;
  const path = error.path ? [...error.path] : null;
  const original = error.originalError;
  if (original instanceof ResolverFieldError) {
    const { errorType, errorInfo, data, message } = original.fieldError;
    return { path, data: data ?? null, errorType, errorInfo: errorInfo ?? null, locations, message };
  }
  if (original instanceof FieldUnauthorizedError) {
    return { path, data: null, errorType: 'Unauthorized', errorInfo: null, locations, message: original.message };
  }
  return { path, data: null, errorType: null, errorInfo: null, locations, message: error.message };
}

/** graphql-js validation messages rewritten the way AppSync (graphql-java) words the common ones. */
export function validationMessage(error: GraphQLError): string {
  const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (undefinedField) {
    return `Validation error of type FieldUndefined: Field '${undefinedField[1]}' in type '${undefinedField[2]}' is undefined @ '${undefinedField[1]}'`;
  }
  const unknownType = /^Unknown type "([^"]+)"\./.exec(error.message);
  if (unknownType) return `Validation error of type UnknownType: Unknown type ${unknownType[1]}`;
  return `Validation error: ${error.message}`;
}
