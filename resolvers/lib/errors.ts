import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';

/** The errorTypes a client can switch on (README "Error types"). */
export const ErrorType = {
  Validation: 'ValidationError',
  UnsupportedModel: 'UnsupportedModel',
  NotFound: 'NotFound',
  IdempotencyConflict: 'IdempotencyConflict',
  Conflict: 'Conflict',
  Internal: 'InternalError',
} as const;

export const CONDITIONAL_CHECK_FAILED = 'DynamoDB:ConditionalCheckFailedException';

/** Maps a data source error type (e.g. CONDITIONAL_CHECK_FAILED) to the error the client should see. */
export type ErrorTranslations = Record<string, { errorType: string; message: string }>;

/**
 * The one place a response handler turns `ctx.error` (a data source failure)
 * into the field's GraphQL error. Known failures are translated to the API's
 * own errorTypes; anything else keeps the data source's message and type.
 */
export function raiseIfError(ctx: Context, translations?: ErrorTranslations): void {
  const error = ctx.error;
  if (!error) {
    return;
  }
  const translated = translations ? translations[error.type] : undefined;
  if (translated) {
    util.error(translated.message, translated.errorType);
  }
  util.error(error.message, error.type);
}

export function notFound(message: string): never {
  return util.error(message, ErrorType.NotFound);
}

export function validationError(message: string): never {
  return util.error(message, ErrorType.Validation);
}
