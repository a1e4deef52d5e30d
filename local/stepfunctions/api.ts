// The Step Functions API (AWS JSON 1.0) for the sandbox: StartExecution, StopExecution,
// DescribeExecution, ListExecutions, as @aws-sdk/client-sfn sends and parses them.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IamCredential } from '../appsync/server/auth/sigv4.js';
import { AwsServiceError, epochSeconds, serveAwsJson, type Operation } from './aws-json-service.js';
import type { ExecutionDescription, ExecutionManager, ExecutionStatus } from './executions.js';

/** What the HTTP handler needs from a running local Step Functions. */
export interface StepFunctionsApiTarget {
  readonly manager: ExecutionManager;
  readonly credentials: readonly IamCredential[];
  readonly log: (line: string) => void;
}

const statuses: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** Answers when X-Amz-Target is AWSStepFunctions.* (true); otherwise leaves the request alone (false). */
export function handleStepFunctionsRequest(local: StepFunctionsApiTarget, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const { manager } = local;
  const operations: Record<string, Operation> = {
    StartExecution: (input) => {
      const execution = manager.start(input);
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    },
    StopExecution: (input) => {
      const execution = manager.stop(input);
      return { stopDate: epochSeconds(execution.stopDate ?? new Date()) };
    },
    DescribeExecution: (input) => describeOutput(manager.describe(input.executionArn)),
    ListExecutions: (input) => listExecutions(manager, input),
  };
  return serveAwsJson(
    { targetPrefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0', credentials: local.credentials, operations, log: local.log },
    req,
    res,
  );
}

function describeOutput(execution: ExecutionDescription): Record<string, unknown> {
  return {
    ...listItem(execution),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output === undefined ? {} : { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    redriveCount: 0,
    redriveStatus: execution.status === 'RUNNING' || execution.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
  };
}

function listItem(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate ? { stopDate: epochSeconds(execution.stopDate) } : {}),
  };
}

function listExecutions(manager: ExecutionManager, input: Record<string, unknown>): Record<string, unknown> {
  const stateMachineArn = input.stateMachineArn;
  if (typeof stateMachineArn !== 'string') throw new AwsServiceError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
  if (!manager.hasStateMachine(stateMachineArn)) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
  const statusFilter = input.statusFilter;
  if (statusFilter !== undefined && !statuses.includes(statusFilter as ExecutionStatus)) {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value '${String(statusFilter)}' at 'statusFilter' failed to satisfy constraint`);
  }
  const maxResults = typeof input.maxResults === 'number' && input.maxResults > 0 ? Math.min(input.maxResults, 1000) : 100;
  const offset = typeof input.nextToken === 'string' ? decodeToken(input.nextToken) : 0;
  const all = manager.list(stateMachineArn, statusFilter as ExecutionStatus | undefined);
  const page = all.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { executions: page.map(listItem), ...(next < all.length ? { nextToken: Buffer.from(String(next)).toString('base64') } : {}) };
}

function decodeToken(token: string): number {
  const offset = Number(Buffer.from(token, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new AwsServiceError('InvalidToken', 'Invalid Token');
  return offset;
}
