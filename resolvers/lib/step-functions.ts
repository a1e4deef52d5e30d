// The Step Functions API through the AppSync HTTP data source `stepFunctions`
// (SigV4, service `states`): AWS JSON 1.0 requests.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
import { util } from '@aws-appsync/utils';
import type { Context, HTTPRequest } from '@aws-appsync/utils';
import { ErrorType } from './errors';

export type StepFunctionsAction = 'StartExecution' | 'StopExecution';

export function stepFunctionsRequest(action: StepFunctionsAction, body: Record<string, unknown>): HTTPRequest<string> {
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AWSStepFunctions.${action}`,
      },
      body: JSON.stringify(body),
    },
  };
}

export type StepFunctionsOutcome =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; type: string; message: string };

/** The answer of a Step Functions call: its JSON body, or its error (`__type` without the namespace). */
export function stepFunctionsOutcome(ctx: Context): StepFunctionsOutcome {
  if (ctx.error) {
    return { ok: false, type: ctx.error.type || 'StepFunctionsError', message: ctx.error.message };
  }
  const result = ctx.result as { statusCode?: number; body?: string | null } | null;
  const statusCode = result ? result.statusCode : undefined;
  const body = result && result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {};
  if (statusCode === 200) {
    return { ok: true, body };
  }
  const rawType = typeof body.__type === 'string' ? body.__type : `HTTP ${statusCode}`;
  const type = rawType.split('#').pop() || rawType;
  const message = typeof body.message === 'string' ? body.message : `Step Functions answered ${statusCode}`;
  return { ok: false, type, message };
}

/** The API's environment names each kind's state machine. */
export function stateMachineArn(ctx: Context, kind: string): string {
  const arn = ctx.env[`STATE_MACHINE_ARN_${kind}`];
  if (!arn) {
    util.error(`STATE_MACHINE_ARN_${kind} is not configured`, ErrorType.Internal);
  }
  return arn;
}
