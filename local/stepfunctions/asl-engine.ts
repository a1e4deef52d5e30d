// The ASL interpreter (aws-local-stepfunctions), loaded after the Node 20 polyfill
// it needs, from a copy with one fidelity fix (see patched-engine.ts).
import './promise-with-resolvers.js';
import { patchedEngineUrl } from './patched-engine.js';

type Engine = typeof import('aws-local-stepfunctions');
const engine = (await import(patchedEngineUrl())) as Engine;

export const { StateMachine, ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } = engine;
export type StateMachine = InstanceType<Engine['StateMachine']>;
export type { StateMachineDefinition, RunOptions } from 'aws-local-stepfunctions';
