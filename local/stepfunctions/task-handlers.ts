// aws-local-stepfunctions overrides Task states by state name, so walk the whole definition
// (Parallel branches, Map ItemProcessor/Iterator) and bind each Task's Resource to a local integration.
import { createBedrockInvoker } from './bedrock-task.js';
import { createDynamoDBInvoker, dynamodbActions, type DynamoDBAction } from './dynamodb-task.js';
import { invokeFunction, invokeLambdaIntegration, isFunctionArn, functionNameOf } from './lambda-task.js';
import { TaskAbortedError, UnsupportedTaskResourceError } from './task-errors.js';
import type { TaskServices } from './task-services.js';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type TaskHandler = (input: JsonValue) => Promise<JsonValue>;

/** A definition the engine cannot run faithfully. */
export class UnsupportedDefinitionError extends Error {
  override name = 'UnsupportedDefinitionError';
}

interface StatesBlock {
  States?: Record<string, Record<string, unknown>>;
  QueryLanguage?: string;
}

export interface TaskState {
  stateName: string;
  resource: string;
}

/** AWS's default task timeout is 99999999 s; the engine's is 60 s and timers overflow past 2^31-1 ms. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 2_147_483;

/**
 * A copy of the definition ready for the engine, and its Task states. Throws on what the engine
 * would run wrongly: JSONata, duplicate state names (overrides are by name).
 */
export function prepareDefinition(definition: object): { definition: Record<string, unknown>; tasks: TaskState[] } {
  const copy = structuredClone(definition) as Record<string, unknown>;
  const tasks: TaskState[] = [];
  const seen = new Set<string>();
  const visit = (block: StatesBlock): void => {
    if (block.QueryLanguage === 'JSONata') throw new UnsupportedDefinitionError('JSONata state machines are not supported by the local engine (use JSONPath)');
    for (const [stateName, state] of Object.entries(block.States ?? {})) {
      if (seen.has(stateName)) throw new UnsupportedDefinitionError(`State name '${stateName}' is used twice; AWS requires unique state names`);
      seen.add(stateName);
      if (state.QueryLanguage === 'JSONata') throw new UnsupportedDefinitionError(`State '${stateName}' uses JSONata, which the local engine does not support`);
      if (state.Type === 'Task') {
        tasks.push({ stateName, resource: String(state.Resource) });
        if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = DEFAULT_TASK_TIMEOUT_SECONDS;
      }
      if (state.Type === 'Parallel' && Array.isArray(state.Branches)) for (const branch of state.Branches) visit(branch as StatesBlock);
      if (state.Type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as StatesBlock | undefined;
        if (processor) visit(processor);
      }
    }
  };
  visit(copy as StatesBlock);
  return { definition: copy, tasks };
}

export interface TaskIntegrations {
  /** The engine's overrides for one execution; `signal` stops its service calls. */
  handlersFor(tasks: readonly TaskState[], signal: AbortSignal): Record<string, TaskHandler>;
  close(): void;
}

const OPTIMIZED_DYNAMODB = /^arn:aws[\w-]*:states:::dynamodb:(\w+)$/;
const SDK_DYNAMODB = /^arn:aws[\w-]*:states:::aws-sdk:dynamodb:(\w+)$/;
const BEDROCK_INVOKE = /^arn:aws[\w-]*:states:::bedrock:invokeModel$/;
const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;

export function createTaskIntegrations(services: TaskServices, region: string): TaskIntegrations {
  const credentials = services.clientCredentials;
  const bedrock = createBedrockInvoker({ endpoint: services.bedrockEndpoint, region, credentials });
  const dynamodb = createDynamoDBInvoker({ endpoint: services.dynamodbEndpoint, region, credentials });

  const handlerFor = ({ stateName, resource }: TaskState, signal: AbortSignal): TaskHandler => {
    const objectInput = (input: JsonValue): Record<string, unknown> => {
      if (signal.aborted) throw new TaskAbortedError();
      return typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
    };
    if (BEDROCK_INVOKE.test(resource)) return async (input) => (await bedrock.invoke(objectInput(input), signal)) as JsonValue;
    if (LAMBDA_INVOKE.test(resource)) return async (input) => (await invokeLambdaIntegration(services.invokeLambda, objectInput(input), signal)) as JsonValue;
    if (isFunctionArn(resource)) {
      const functionName = functionNameOf(resource);
      return async (input) => (await invokeFunction(services.invokeLambda, functionName, input, 'RequestResponse', signal)) as JsonValue;
    }
    const optimized = OPTIMIZED_DYNAMODB.exec(resource)?.[1];
    const sdk = SDK_DYNAMODB.exec(resource)?.[1];
    const action = (optimized ?? sdk) as DynamoDBAction | undefined;
    // The optimized integration has the four item actions; query exists only as an SDK integration.
    if (action && dynamodbActions.includes(action) && !(optimized && action === 'query')) {
      const prefix = optimized ? 'DynamoDB' : 'DynamoDb';
      return async (input) => (await dynamodb.invoke(action, prefix, objectInput(input), signal)) as JsonValue;
    }
    return () => Promise.reject(new UnsupportedTaskResourceError(stateName, resource));
  };

  return {
    handlersFor(tasks, signal) {
      return Object.fromEntries(tasks.map((task) => [task.stateName, handlerFor(task, signal)]));
    },
    close() {
      bedrock.close();
      dynamodb.close();
    },
  };
}
