// Executions of the sandbox's state machines: started in the background, stoppable, kept in memory
// (bounded) for DescribeExecution/ListExecutions, each end reported through `onEnd`.
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from './asl-engine.js';
import { AwsServiceError } from './aws-json-service.js';
import { prepareDefinition, type TaskIntegrations, type TaskState } from './task-handlers.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  /** JSON text, as the API returns it. */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface StateMachineConfig {
  arn: string;
  name: string;
  /** The ASL definition, intrinsics already resolved. */
  definition: object;
}

interface LoadedStateMachine {
  config: StateMachineConfig;
  machine: StateMachine;
  tasks: TaskState[];
}

interface Execution {
  description: ExecutionDescription;
  abort(): void;
  done: Promise<void>;
}

export interface ExecutionManagerOptions {
  stateMachines: readonly StateMachineConfig[];
  integrations: TaskIntegrations;
  /** Called once per execution, when it ends (any status). */
  onEnd(execution: ExecutionDescription): void;
  log: (line: string) => void;
  /** Ended executions kept for Describe/List (default 1000; the oldest go first). */
  maxEndedExecutions?: number;
}

/** AWS: 1-80 characters, none of whitespace, < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : / or control characters. */
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isValidName = (name: string): boolean =>
  name.length >= 1 && name.length <= 80 && !FORBIDDEN_NAME_CHARACTERS.test(name) && ![...name].some(isControlCharacter);
const isControlCharacter = (character: string): boolean => {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};
const EXECUTION_ARN = /^arn:aws[\w-]*:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/;
const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:[^:]+:\d{12}:stateMachine:[^:]+$/;

export class ExecutionManager {
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly maxEnded: number;
  private closed = false;

  constructor(private readonly options: ExecutionManagerOptions) {
    this.maxEnded = options.maxEndedExecutions ?? 1000;
    for (const config of options.stateMachines) {
      const { definition, tasks } = prepareDefinition(config.definition);
      // Validates the definition (asl-validator) now rather than at the first execution.
      const machine = new StateMachine(definition as unknown as StateMachineDefinition);
      this.machines.set(config.arn, { config, machine, tasks });
    }
  }

  start(request: { stateMachineArn?: unknown; name?: unknown; input?: unknown }): ExecutionDescription {
    const stateMachineArn = requireArn(request.stateMachineArn, STATE_MACHINE_ARN);
    const loaded = this.machines.get(stateMachineArn);
    if (!loaded) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = request.name === undefined || request.name === null ? randomUUID() : String(request.name);
    if (!isValidName(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input === undefined || request.input === null ? '{}' : String(request.input);
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new AwsServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input}'`);
    }
    const executionArn = stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: a repeat with the same name and input while the execution runs returns it (standard workflows).
      if (existing.description.status === 'RUNNING' && existing.description.input === input) return { ...existing.description };
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    if (this.closed) throw new AwsServiceError('ServiceUnavailable', 'The local Step Functions service is shutting down', 503);
    const description: ExecutionDescription = { executionArn, stateMachineArn, name, status: 'RUNNING', startDate: new Date(), input };
    this.executions.set(executionArn, this.run(loaded, description, parsedInput));
    return { ...description };
  }

  stop(request: { executionArn?: unknown; error?: unknown; cause?: unknown }): ExecutionDescription {
    const execution = this.find(request.executionArn);
    const { description } = execution;
    if (description.status === 'RUNNING') {
      this.end(description, {
        status: 'ABORTED',
        ...(typeof request.error === 'string' ? { error: request.error } : {}),
        ...(typeof request.cause === 'string' ? { cause: request.cause } : {}),
      });
      execution.abort();
    }
    return { ...description };
  }

  describe(executionArn: unknown): ExecutionDescription {
    return { ...this.find(executionArn).description };
  }

  /** Newest first, as ListExecutions orders them. */
  list(stateMachineArn?: string, status?: ExecutionStatus): ExecutionDescription[] {
    const all = [...this.executions.values()].map((execution) => ({ ...execution.description }));
    return all
      .filter((d) => (stateMachineArn === undefined || d.stateMachineArn === stateMachineArn) && (status === undefined || d.status === status))
      .reverse();
  }

  hasStateMachine(arn: string): boolean {
    return this.machines.has(arn);
  }

  /** Resolves once the execution has ended (and its status is final). */
  async whenDone(executionArn: string): Promise<ExecutionDescription> {
    const execution = this.find(executionArn);
    await execution.done;
    return { ...execution.description };
  }

  /** Stops every running execution (ABORTED, reported like a StopExecution). */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.executions.values()].filter((execution) => execution.description.status === 'RUNNING');
    for (const execution of running) this.stop({ executionArn: execution.description.executionArn, cause: 'The sandbox shut down' });
    await Promise.all(running.map((execution) => execution.done));
  }

  private find(executionArn: unknown): Execution {
    const arn = requireArn(executionArn, EXECUTION_ARN);
    const execution = this.executions.get(arn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  private run(loaded: LoadedStateMachine, description: ExecutionDescription, input: unknown): Execution {
    const controller = new AbortController();
    const startTime = description.startDate.toISOString();
    const run = loaded.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.options.integrations.handlersFor(loaded.tasks, controller.signal) },
      context: {
        Execution: { Id: description.executionArn, Name: description.name, StartTime: startTime, RedriveCount: 0 },
        StateMachine: { Id: loaded.config.arn, Name: loaded.config.name },
      },
    });
    const done = run.result.then(
      (output) => this.end(description, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: unknown) => this.end(description, outcomeOf(error)),
    );
    return {
      description,
      abort: () => {
        controller.abort();
        run.abort();
      },
      done,
    };
  }

  private end(description: ExecutionDescription, outcome: Partial<ExecutionDescription> & { status: ExecutionStatus }): void {
    if (description.status !== 'RUNNING') return; // already stopped: the engine's late settlement changes nothing
    Object.assign(description, outcome, { stopDate: new Date() });
    const ms = (description.stopDate?.getTime() ?? 0) - description.startDate.getTime();
    this.options.log(`[stepfunctions] ${description.name} ${description.status}${description.error ? ` (${description.error})` : ''} after ${ms} ms`);
    this.evictEnded();
    this.options.onEnd({ ...description });
  }

  private evictEnded(): void {
    const ended = [...this.executions.entries()].filter(([, execution]) => execution.description.status !== 'RUNNING');
    for (const [arn] of ended.slice(0, Math.max(0, ended.length - this.maxEnded))) this.executions.delete(arn);
  }
}

function outcomeOf(error: unknown): Partial<ExecutionDescription> & { status: ExecutionStatus } {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
  return { status: 'FAILED', error: failure?.name ?? 'States.Runtime', cause: failure?.message ?? String(error) };
}

function requireArn(value: unknown, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new AwsServiceError('InvalidArn', `Invalid Arn: '${String(value)}'`);
  return value;
}
