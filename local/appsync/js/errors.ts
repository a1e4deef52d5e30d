// Error classes of the APPSYNC_JS engine. Some are control-flow signals that
// the runtime throws out of resolver code (which has no try/catch of its own).

/** Resolver code AppSync would refuse to save, or code that fails to load. */
export class CodeLoadError extends Error {
  override name = 'CodeLoadError';
  constructor(
    message: string,
    readonly sourceName: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `util.error(...)` / `util.unauthorized()`: stops evaluation, the field resolves to null. */
export class ResolverRaisedError extends Error {
  override name = 'ResolverRaisedError';
  constructor(
    message: string,
    readonly errorType: string,
    readonly data?: unknown,
    readonly errorInfo?: unknown,
  ) {
    super(message);
  }
}

/** `runtime.earlyReturn(obj, options)`: stops the current handler. */
export class EarlyReturnSignal extends Error {
  override name = 'EarlyReturnSignal';
  constructor(
    readonly value: unknown,
    readonly skipTo: 'END' | 'NEXT' | undefined,
  ) {
    super('runtime.earlyReturn');
  }
}

/** A data source call failed; becomes `ctx.error` for the response handler. */
export class DataSourceError extends Error {
  override name = 'DataSourceError';
  constructor(
    message: string,
    /** AppSync's `ctx.error.type`, e.g. 'DynamoDB:ConditionalCheckFailedException'. */
    readonly type: string,
    /** What `ctx.result` holds alongside the error (e.g. TransactWriteItems' cancellationReasons). */
    readonly result: unknown = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request object is malformed or asks for something unsupported: AppSync's 'MappingTemplate' error. */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';
}
