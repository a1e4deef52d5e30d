// A Bedrock InvokeModel call behind the PromptCacheTable (README "Workflow jobs"):
//
//   <step>: request (Pass: { modelId, body } at requestPath)
//   -> <step>: bypass cache? -> <step>: cache lookup (GetItem by States.Hash of the request) -> <step>: cache hit?
//   -> hit:  <step>: from cache (Pass: the stored body, cached: true)
//   -> miss: <step>: invoke model (retried on throttling) [-> <step>: validate output] -> <step>: cache store (PutItem)
//   -> <step>: result (Pass: { text | toolInput, usage, cached } at resultPath)
//
// A structured call (a Nova tool) is validated before it is stored or used:
// an answer that breaks the rules fails the step with InvalidModelOutput, and
// is never cached.
import { Duration } from 'aws-cdk-lib';
import type { IModel } from 'aws-cdk-lib/aws-bedrock';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Choice, Condition, JitterType, JsonPath, Pass, Result, TaskInput, type State, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import { BedrockInvokeModel, DynamoAttributeValue, DynamoGetItem, DynamoPutItem } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ERROR_PATH } from './job-events.js';
import { NOVA_ANSWER, novaBody, type NovaBodyProps } from './nova.js';
import type { WorkflowStep } from './workflow-step.js';

/** The errorType of a structured answer that breaks its schema. */
export const INVALID_MODEL_OUTPUT = 'InvalidModelOutput';

/** Transient Bedrock errors, retried with backoff and full jitter. */
export const BEDROCK_RETRY_ERRORS = [
  'Bedrock.ThrottlingException',
  'Bedrock.ServiceUnavailableException',
  'Bedrock.ModelNotReadyException',
];

/** Where the fresh or cached InvokeModel answer sits while the call runs: { Body, cached }. */
const RESPONSE_PATH = '$.modelResponse';
const CACHE_LOOKUP_PATH = '$.cacheLookup';

export interface CachedModelCallProps {
  step: WorkflowStep;
  model: { id: string; bedrock: IModel };
  cacheTable: ITableV2;
  body: NovaBodyProps;
  /**
   * Where the request is kept. Point it at the prompt's own source (e.g. the
   * extracted document) to replace it: the state then holds the text once (256 KB limit).
   */
  requestPath: string;
  /** Where the step's result { text | toolInput, usage, cached } goes. */
  resultPath: string;
  /**
   * What identifies the request in the cache, when the request itself is too long to hash:
   * AWS's States.Hash takes at most 10,000 characters. Give everything that shapes the answer,
   * with long text replaced by its digest (e.g. the extracted document's SHA-256). Evaluated
   * before the request is built. Defaults to the request ({ modelId, body }).
   */
  cacheKey?: Record<string, unknown>;
  /** Structured calls only: true when `answer` (the path of the tool input) holds a valid answer. */
  isValid?: (answer: string) => Condition;
  /** Where the call's errors go; the step's failure path (job FAILED) unless given (a Map item keeps going). */
  catchWith?: CatchInto;
}

/** Attaches a Catch to a Task state. */
export type CatchInto = (state: TaskStateBase) => void;

export interface CachedModelCall {
  start: State;
  /** The result Pass: chain the next state after it. */
  end: Pass;
}

export function cachedModelCall(props: CachedModelCallProps): CachedModelCall {
  const { step, requestPath, resultPath } = props;
  const scope = step.scope;
  const name = (what: string) => step.stateName(what);
  const structured = props.body.tool !== undefined;
  const catchInto: CatchInto = props.catchWith ?? ((state) => step.catching(state));
  // The key is hashed from the request, or from cacheKey (kept beside the body) when given.
  const keySource = props.cacheKey ? `${requestPath}.cacheKey` : requestPath;
  const cacheKey = DynamoAttributeValue.fromString(JsonPath.hash(JsonPath.jsonToString(JsonPath.objectAt(keySource)), 'SHA-256'));

  const request = new Pass(scope, name('request'), {
    parameters: {
      modelId: props.model.id,
      body: novaBody(props.body),
      ...(props.cacheKey ? { cacheKey: { modelId: props.model.id, ...props.cacheKey } } : {}),
    },
    resultPath: requestPath,
  });

  const lookup = new DynamoGetItem(scope, name('cache lookup'), {
    table: props.cacheTable,
    key: { key: cacheKey },
    resultPath: CACHE_LOOKUP_PATH,
  });
  catchInto(lookup);

  const fromCache = new Pass(scope, name('from cache'), {
    parameters: { Body: JsonPath.stringToJson(JsonPath.stringAt(`${CACHE_LOOKUP_PATH}.Item.body.S`)), cached: true },
    resultPath: RESPONSE_PATH,
  });

  const invoke = new BedrockInvokeModel(scope, name('invoke model'), {
    model: props.model.bedrock,
    body: TaskInput.fromJsonPathAt(`${requestPath}.body`),
    resultSelector: { Body: JsonPath.objectAt('$.Body'), cached: false },
    resultPath: RESPONSE_PATH,
  });
  catchInto(invoke);
  invoke.addRetry({
    errors: BEDROCK_RETRY_ERRORS,
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 4,
    jitterStrategy: JitterType.FULL,
  });

  const store = new DynamoPutItem(scope, name('cache store'), {
    table: props.cacheTable,
    item: {
      key: cacheKey,
      body: DynamoAttributeValue.fromString(JsonPath.jsonToString(JsonPath.objectAt(`${RESPONSE_PATH}.Body`))),
      // Execution.StartTime, not State.EnteredTime: the local engine has no per-state context.
      createdAt: DynamoAttributeValue.fromString(JsonPath.stringAt('$$.Execution.StartTime')),
      expiresAt: DynamoAttributeValue.numberFromString(JsonPath.jsonToString(JsonPath.objectAt('$.cacheExpiresAt'))),
    },
    resultPath: JsonPath.DISCARD,
  });

  const answer = `${RESPONSE_PATH}.Body.${structured ? NOVA_ANSWER.toolInput : NOVA_ANSWER.text}`;
  const result = new Pass(scope, name('result'), {
    parameters: {
      [structured ? 'toolInput' : 'text']: JsonPath.objectAt(answer),
      usage: {
        inputTokens: JsonPath.numberAt(`${RESPONSE_PATH}.Body.${NOVA_ANSWER.inputTokens}`),
        outputTokens: JsonPath.numberAt(`${RESPONSE_PATH}.Body.${NOVA_ANSWER.outputTokens}`),
      },
      cached: JsonPath.objectAt(`${RESPONSE_PATH}.cached`),
    },
    resultPath,
  });
  // A lost cache write costs a later model call, not this job.
  store.addCatch(result, { errors: ['States.ALL'], resultPath: '$.cacheStoreError' });
  store.next(result);

  if (structured) {
    if (!props.isValid) throw new Error(`${name('validate output')}: a structured call needs isValid`);
    const invalid = new Pass(scope, name('invalid output'), {
      result: Result.fromObject({ Error: INVALID_MODEL_OUTPUT, Cause: `The ${step.name} answer does not match its schema` }),
      resultPath: ERROR_PATH,
    });
    invalid.next(step.failure);
    const validate = new Choice(scope, name('validate output'))
      .when(Condition.not(props.isValid(answer)), invalid)
      .when(Condition.booleanEquals(`${RESPONSE_PATH}.cached`, false), store)
      .otherwise(result);
    invoke.next(validate);
    fromCache.next(validate);
  } else {
    invoke.next(store);
    fromCache.next(result);
  }

  const cacheHit = new Choice(scope, name('cache hit?'))
    .when(Condition.isPresent(`${CACHE_LOOKUP_PATH}.Item.body.S`), fromCache)
    .otherwise(invoke);
  lookup.next(cacheHit);
  const bypass = new Choice(scope, name('bypass cache?'))
    .when(Condition.booleanEquals('$.bypassCache', true), invoke)
    .otherwise(lookup);
  request.next(bypass);

  return { start: request, end: result };
}
