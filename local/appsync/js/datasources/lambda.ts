// AWS_LAMBDA data source: { operation: 'Invoke' | 'BatchInvoke', payload, invocationType }.
// The function receives the payload; a function error becomes ctx.error with type 'Lambda:Unhandled'
// and the function's message.
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
  // "The operation field is required."
  const operation = request.operation;
  if (operation !== 'Invoke' && operation !== 'BatchInvoke') {
    throw new InvalidRequestError(`Lambda operation must be 'Invoke' or 'BatchInvoke', got ${operation === undefined ? 'none' : `'${String(operation)}'`}`);
  }
  // "If this field is not included in the request, AWS AppSync will default to the RequestResponse invocation type."
  const invocationType = request.invocationType ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    throw new InvalidRequestError(`invocationType must be 'RequestResponse' or 'Event', got '${String(invocationType)}'`);
  }
  const payload = request.payload ?? null;
  if (operation === 'BatchInvoke') {
    return batcher.add({ batchKey: options.batchKey, functionName, payload, invocationType, maxBatchSize: options.maxBatchSize });
  }
  const response = await invokeOrFail(services, functionName, payload, invocationType);
  // "The response from an Event invocation type request results in a null value."
  return invocationType === 'Event' ? null : response ?? null;
}

/**
 * One invocation; its failure (a function error, or the invocation itself: timeout, crash) is an
 * unhandled Lambda error, for Invoke and for a whole BatchInvoke batch alike.
 */
export async function invokeOrFail(
  services: Pick<DataSourceServices, 'invokeLambda'>,
  functionName: string,
  payload: unknown,
  invocationType: 'RequestResponse' | 'Event',
): Promise<unknown> {
  let response: Awaited<ReturnType<DataSourceServices['invokeLambda']>>;
  try {
    response = await services.invokeLambda(functionName, payload, invocationType);
  } catch (error) {
    throw new DataSourceError((error as Error).message ?? String(error), 'Lambda:Unhandled', null, { cause: error });
  }
  if (response.functionError) throw new DataSourceError(response.functionError.errorMessage, 'Lambda:Unhandled');
  return response.payload;
}
