// Lambda's error shapes and the runner's own errors.

/** The payload Lambda returns for a failed invocation (and what `functionError` carries). */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export class FunctionNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundException';
  constructor(functionName: string) {
    super(`Function not found: ${functionName}`);
  }
}

export class LambdaRunnerClosedError extends Error {
  override readonly name = 'LambdaRunnerClosedError';
  constructor() {
    super('the Lambda runner is closed');
  }
}

export function timeoutError(requestId: string, timeoutSeconds: number): FunctionErrorPayload {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` };
}

export function exitError(requestId: string, exitCode: number): FunctionErrorPayload {
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${exitCode}` };
}
