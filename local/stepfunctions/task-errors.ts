// Errors a Task state fails with. The interpreter matches Retry/Catch ErrorEquals
// against `name` and reports `message` as the Cause, so name them as AWS's integrations do.

/** A failed service call or function, e.g. name 'Bedrock.ThrottlingException'. */
export class TaskFailedError extends Error {
  constructor(errorName: string, cause: string, options?: { cause?: unknown }) {
    super(cause, options);
    this.name = errorName;
  }
}

/** The task's Resource has no local integration: fails the execution, never retried or caught. */
export class UnsupportedTaskResourceError extends Error {
  override name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(stateName: string, resource: string) {
    super(`Task state '${stateName}': the sandbox has no local integration for Resource '${resource}'`);
  }
}

/** The execution was stopped while the task ran; the interpreter has already settled it as aborted. */
export class TaskAbortedError extends Error {
  override name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('The execution was stopped');
  }
}

/** "<message> (Service: X, Status Code: N, Request ID: R)": the Cause AWS reports for a service error. */
export function serviceCause(service: string, error: unknown): string {
  const failure = error as { message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const status = failure.$metadata?.httpStatusCode ?? 500;
  const requestId = failure.$metadata?.requestId ?? 'null';
  return `${failure.message ?? String(error)} (Service: ${service}, Status Code: ${status}, Request ID: ${requestId})`;
}
