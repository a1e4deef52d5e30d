// The ASL interpreter (aws-local-stepfunctions), loaded after the Node 20 polyfill it needs.
import './promise-with-resolvers.js';

export { StateMachine, ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
export type { StateMachineDefinition, RunOptions } from 'aws-local-stepfunctions';
