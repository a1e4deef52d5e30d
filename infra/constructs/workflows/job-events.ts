// The state machines report every change through the job-events Lambda
// (README "Workflow jobs (contract)": synchronous invoke, one event per call).
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Where a Catch puts the error ({ Error, Cause }); the failure states read it from here. */
export const ERROR_PATH = '$.error';

/** The job id of the execution: states in a Map item get it from the ItemSelector. */
export const JOB_ID = JsonPath.stringAt('$.jobId');

/** The README's `error` of a job event, from a caught error. */
export const CAUGHT_ERROR = {
  errorType: JsonPath.stringAt(`${ERROR_PATH}.Error`),
  message: JsonPath.stringAt(`${ERROR_PATH}.Cause`),
};

export interface JobEventOptions {
  /** Keep only this part of the state after the call (e.g. a Parallel branch's result). */
  outputPath?: string;
}

/**
 * Sends one job event; the Lambda's answer is discarded, so the state passes
 * through. The payload is the event itself (payloadResponseOnly: the Resource
 * is the function ARN, no Payload wrapper).
 */
export function jobEventTask(
  scope: Construct,
  stateName: string,
  jobEvents: IFunction,
  event: Record<string, unknown>,
  options: JobEventOptions = {},
): LambdaInvoke {
  return new LambdaInvoke(scope, stateName, {
    lambdaFunction: jobEvents,
    payload: TaskInput.fromObject(event),
    payloadResponseOnly: true,
    resultPath: JsonPath.DISCARD,
    ...(options.outputPath ? { outputPath: options.outputPath } : {}),
  });
}
