// arn:aws:states:::lambda:invoke (Parameters { FunctionName, Payload, InvocationType? } ->
// { ExecutedVersion, Payload, StatusCode, ... }) and a plain function ARN as Resource (payload in and out).
// A function error fails the state with the function's errorType and its error payload (JSON) as Cause;
// timeouts and crashes are 'Lambda.Unknown'; service failures 'Lambda.<Exception>'.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
// https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
import { randomUUID } from 'node:crypto';
import { TaskAbortedError, TaskFailedError } from './task-errors.js';
import type { InvocationType, InvokeLambda } from './task-services.js';

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;

export const isFunctionArn = (resource: string): boolean => FUNCTION_ARN.test(resource);

/** The runner knows functions by logical id, physical name or unqualified ARN: an ARN's name is enough. */
export function functionNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TaskFailedError('Lambda.InvalidParameterValueException', 'FunctionName is required');
  return FUNCTION_ARN.exec(value)?.[1] ?? value;
}

export async function invokeFunction(
  invokeLambda: InvokeLambda,
  functionName: string,
  payload: unknown,
  invocationType: InvocationType,
  signal: AbortSignal,
): Promise<unknown> {
  if (signal.aborted) throw new TaskAbortedError();
  let response: Awaited<ReturnType<InvokeLambda>>;
  try {
    response = await invokeLambda(functionName, payload, invocationType);
  } catch (error) {
    const name = (error as Error).name === 'ResourceNotFoundException' ? 'Lambda.ResourceNotFoundException' : 'Lambda.ServiceException';
    throw new TaskFailedError(name, (error as Error).message ?? String(error), { cause: error });
  }
  const failure = response.functionError;
  if (failure) {
    // Sandbox.Timedout / Runtime.ExitError: the runtime died rather than the handler throwing.
    const unhandled = failure.errorType.startsWith('Sandbox.') || failure.errorType === 'Runtime.ExitError';
    throw new TaskFailedError(unhandled ? 'Lambda.Unknown' : failure.errorType, JSON.stringify(failure));
  }
  return response.payload ?? null;
}

/** The lambda:invoke integration's result. */
export async function invokeLambdaIntegration(invokeLambda: InvokeLambda, parameters: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
  const invocationType = parameters.InvocationType === 'Event' ? 'Event' : 'RequestResponse';
  const payload = await invokeFunction(invokeLambda, functionNameOf(parameters.FunctionName), parameters.Payload ?? {}, invocationType, signal);
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: invocationType === 'Event' ? '' : payload,
    SdkHttpMetadata: { HttpStatusCode: invocationType === 'Event' ? 202 : 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: invocationType === 'Event' ? 202 : 200,
  };
}
