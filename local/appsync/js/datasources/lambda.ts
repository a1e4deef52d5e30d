// AWS_LAMBDA data source: { operation: 'Invoke' | 'BatchInvoke', payload, invocationType }.
// A function error becomes ctx.error with type 'Lambda:Unhandled' and the function's message.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html
import type { DataSourceServices } from '../../types.js';
import { DataSourceError, InvalidRequestError } from '../errors.js';
import type { LambdaBatcher } from './lambda-batch.js';

export interface LambdaCallOptions {
  /** Who calls (the resolver or pipeline function): BatchInvoke batches one caller's calls. */
  batchKey: string;
  /** The resolver's or function's MaxBatchSize. */
  maxBatchSize?: number | undefined;
}

export async function invokeLambda(
  services: DataSourceServices,
  batcher: LambdaBatcher,
  functionName: string,
  request: Record<string, unknown>,
  options: LambdaCallOptions,
): Promise<unknown> {
  const operation = request.operation ?? 'Invoke';
  if (operation !== 'Invoke' && operation !== 'BatchInvoke') {
    throw new InvalidRequestError(`Lambda operation must be 'Invoke' or 'BatchInvoke', got '${String(operation)}'`);
  }
  const invocationType = request.invocationType ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    throw new InvalidRequestError(`invocationType must be 'RequestResponse' or 'Event', got '${String(invocationType)}'`);
  }
  if (operation === 'BatchInvoke') {
    if (invocationType === 'Event') throw new InvalidRequestError("BatchInvoke needs a response: invocationType 'Event' is not allowed with it");
    return batcher.add(options.batchKey, functionName, request.payload ?? null, options.maxBatchSize);
  }
  let response: Awaited<ReturnType<DataSourceServices['invokeLambda']>>;
  try {
    response = await services.invokeLambda(functionName, request.payload ?? null, invocationType);
  } catch (error) {
    // The invocation itself failed (timeout, crash): AppSync reports that as an unhandled Lambda error too.
    throw new DataSourceError((error as Error).message ?? String(error), 'Lambda:Unhandled', null, { cause: error });
  }
  if (response.functionError) {
    throw new DataSourceError(response.functionError.errorMessage, 'Lambda:Unhandled');
  }
  if (invocationType === 'Event') return null;
  return response.payload ?? null;
}
