// AWS_LAMBDA data source: { operation: 'Invoke' | 'BatchInvoke', payload, invocationType }.
// A function error becomes ctx.error with type 'Lambda:Unhandled' and the function's message.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html
import type { DataSourceServices } from '../../types.js';
import { DataSourceError, InvalidRequestError } from '../errors.js';

export async function invokeLambda(
  services: DataSourceServices,
  functionName: string,
  request: Record<string, unknown>,
): Promise<unknown> {
  const operation = request.operation ?? 'Invoke';
  if (operation !== 'Invoke' && operation !== 'BatchInvoke') {
    throw new InvalidRequestError(`Lambda operation must be 'Invoke' or 'BatchInvoke', got '${String(operation)}'`);
  }
  const invocationType = request.invocationType ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    throw new InvalidRequestError(`invocationType must be 'RequestResponse' or 'Event', got '${String(invocationType)}'`);
  }
  // BatchInvoke hands the function a list; this engine resolves one field at a time, so the batch holds one payload.
  const payload = operation === 'BatchInvoke' ? [request.payload ?? null] : (request.payload ?? null);
  let response: Awaited<ReturnType<DataSourceServices['invokeLambda']>>;
  try {
    response = await services.invokeLambda(functionName, payload, invocationType);
  } catch (error) {
    // The invocation itself failed (timeout, crash): AppSync reports that as an unhandled Lambda error too.
    throw new DataSourceError((error as Error).message ?? String(error), 'Lambda:Unhandled', null, { cause: error });
  }
  if (response.functionError) {
    throw new DataSourceError(response.functionError.errorMessage, 'Lambda:Unhandled');
  }
  if (invocationType === 'Event') return null;
  if (operation === 'BatchInvoke') {
    if (!Array.isArray(response.payload)) {
      throw new DataSourceError('BatchInvoke: the function must return a list with one entry per payload', 'Lambda:Unhandled');
    }
    return response.payload[0] ?? null;
  }
  return response.payload ?? null;
}
