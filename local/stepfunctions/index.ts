// The sandbox's Step Functions: runs the template's state machines (ASL) with the Task
// integrations mapped to the local services, serves the Step Functions API, and sends
// "Step Functions Execution Status Change" events to the template's EventBridge rules.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleStepFunctionsRequest, type StepFunctionsApiTarget } from './api.js';
import { toIamCredentials, type SigningCredentials } from './aws-json-service.js';
import { ExecutionManager, type ExecutionDescription, type StateMachineConfig } from './executions.js';
import { deliverEvent, statusChangeEvent, type EventRule } from './status-change-event.js';
import { createTaskIntegrations } from './task-handlers.js';
import type { TaskServices } from './task-services.js';

export { handleStepFunctionsRequest, type StepFunctionsApiTarget } from './api.js';
export { matchesEventPattern } from './event-pattern.js';
export { UnsupportedDefinitionError } from './task-handlers.js';
export { AwsServiceError, serveAwsJson, toIamCredentials, epochSeconds, type SigningCredentials } from './aws-json-service.js';
export type { ExecutionDescription, ExecutionStatus, StateMachineConfig } from './executions.js';
export type { EventRule, StatusChangeEvent } from './status-change-event.js';
export type { TaskServices, InvokeLambda, InvocationType } from './task-services.js';

export interface StepFunctionsLocalOptions {
  stateMachines: StateMachineConfig[];
  region: string;
  accountId: string;
  /** Credentials API requests must be signed with (SigV4, verified). */
  credentials: SigningCredentials | SigningCredentials[];
  services: TaskServices;
  eventRules?: EventRule[];
  log?: (line: string) => void;
  /** Ended executions kept in memory (default 1000). */
  maxEndedExecutions?: number;
}

export interface StepFunctionsLocal extends StepFunctionsApiTarget {
  /** node:http handler: true when it answered (X-Amz-Target AWSStepFunctions.*). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Throws AwsServiceError ExecutionDoesNotExist / InvalidArn. */
  describe(executionArn: string): ExecutionDescription;
  /** Every execution kept, newest first. */
  executions(): ExecutionDescription[];
  /** Resolves with the final description once the execution has ended. */
  whenDone(executionArn: string): Promise<ExecutionDescription>;
  /** Resolves when every status-change event so far has been handed to its targets. */
  whenEventsDelivered(): Promise<void>;
  /** Aborts running executions (their ABORTED events are still delivered), then releases the clients. */
  close(): Promise<void>;
}

/** Throws UnsupportedDefinitionError or the engine's validation error for a definition it cannot run. */
export function startStepFunctionsLocal(options: StepFunctionsLocalOptions): StepFunctionsLocal {
  const log = options.log ?? ((line: string) => console.log(line));
  const rules = options.eventRules ?? [];
  const integrations = createTaskIntegrations(options.services, options.region);
  const deliveries = new Set<Promise<void>>();
  const manager = new ExecutionManager({
    stateMachines: options.stateMachines,
    integrations,
    log,
    ...(options.maxEndedExecutions === undefined ? {} : { maxEndedExecutions: options.maxEndedExecutions }),
    onEnd(execution) {
      const event = statusChangeEvent(execution, options.region, options.accountId);
      const delivery = deliverEvent(event, rules, options.services.invokeLambda, log);
      deliveries.add(delivery);
      void delivery.finally(() => deliveries.delete(delivery));
    },
  });
  const local: StepFunctionsLocal = {
    manager,
    credentials: toIamCredentials(options.credentials, options.accountId),
    log,
    handle: (req, res) => handleStepFunctionsRequest(local, req, res),
    describe: (executionArn) => manager.describe(executionArn),
    executions: () => manager.list(),
    whenDone: (executionArn) => manager.whenDone(executionArn),
    async whenEventsDelivered() {
      while (deliveries.size > 0) await Promise.all([...deliveries]);
    },
    async close() {
      await manager.close();
      await local.whenEventsDelivered();
      integrations.close();
    },
  };
  return local;
}
