// The EventBridge event Step Functions sends when a standard execution changes status, and its delivery
// to the rules' target functions (asynchronous invocations, as EventBridge does).
// https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
import { randomUUID } from 'node:crypto';
import { matchesEventPattern } from './event-pattern.js';
import type { ExecutionDescription } from './executions.js';
import type { InvokeLambda } from './task-services.js';

export interface EventRule {
  name: string;
  eventPattern: object;
  /** Functions the rule targets (logical id, name or ARN). */
  targetFunctions: string[];
}

export interface StatusChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: string;
    startDate: number;
    stopDate: number | null;
    input: string;
    inputDetails: { included: boolean };
    output: string | null;
    outputDetails: { included: boolean } | null;
    error: string | null;
    cause: string | null;
    redriveCount: number;
    redriveDate: null;
    redriveStatus: string;
  };
}

export function statusChangeEvent(execution: ExecutionDescription, region: string, account: string): StatusChangeEvent {
  const ended = execution.status !== 'RUNNING';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account,
    // EventBridge's time has whole seconds.
    time: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output ?? null,
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: ended && execution.status !== 'SUCCEEDED' ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    },
  };
}

/** Invokes every target of every matching rule; failures are logged, never thrown (best effort, like AWS). */
export async function deliverEvent(
  event: StatusChangeEvent,
  rules: readonly EventRule[],
  invokeLambda: InvokeLambda,
  log: (line: string) => void,
): Promise<void> {
  const deliveries = rules
    .filter((rule) => matchesEventPattern(rule.eventPattern, event))
    .flatMap((rule) =>
      rule.targetFunctions.map(async (target) => {
        try {
          await invokeLambda(target, event, 'Event');
        } catch (error) {
          log(`[stepfunctions] rule ${rule.name}: delivering ${event.detail.status} of ${event.detail.name} to ${target} failed: ${String(error)}`);
        }
      }),
    );
  await Promise.all(deliveries);
}
