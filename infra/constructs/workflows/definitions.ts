// The three workflows as CDK chains (JSONPath). The execution input is
// { jobId, owner, kind, input, bypassCache, cacheExpiresAt } (README, without
// `models`: the model ids are fixed here at synth). State names are stable:
// the local engine overrides tasks by name.
import type { IModel } from 'aws-cdk-lib/aws-bedrock';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Chain, Condition, JsonPath, Map, Parallel, Pass, TaskInput, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { cachedModelCall, type CatchInto } from './cached-model-call.js';
import { CAUGHT_ERROR, ERROR_PATH, JOB_ID, jobEventTask } from './job-events.js';
import {
  ADVERT_SYSTEM_PROMPT, ANALYZE_SYSTEM_PROMPT, KEYWORDS_SYSTEM_PROMPT, KEYWORDS_TOOL, SENTIMENT_LABELS,
  SENTIMENT_SYSTEM_PROMPT, SENTIMENT_TOOL, SUMMARIZE_SYSTEM_PROMPT,
} from './prompts.js';
import { WorkflowStep } from './workflow-step.js';

export interface WorkflowModel {
  id: string;
  bedrock: IModel;
}

export interface WorkflowDefinitionProps {
  jobEvents: IFunction;
  documentExtract: IFunction;
  cacheTable: ITableV2;
  models: { strong: WorkflowModel; fast: WorkflowModel };
}

/** Batch adverts run at most this many model calls at once. */
export const BATCH_MAX_CONCURRENCY = 10;

const MODEL_REQUEST_PATH = '$.modelCall';

function jobStarted(scope: Construct, props: WorkflowDefinitionProps) {
  return jobEventTask(scope, 'Job started', props.jobEvents, { type: 'STARTED', jobId: JOB_ID });
}

/** `result` is an object of JsonPath values, or one JsonPath token. */
function jobSucceeded(scope: Construct, props: WorkflowDefinitionProps, result: unknown) {
  return jobEventTask(scope, 'Job succeeded', props.jobEvents, { type: 'SUCCEEDED', jobId: JOB_ID, result });
}

/** extract (document-extract Lambda) -> analyze (strong model) -> summarize (fast model). */
export function documentAnalysisDefinition(scope: Construct, props: WorkflowDefinitionProps): IChainable {
  const extract = new WorkflowStep({ scope, jobEvents: props.jobEvents, name: 'extract' });
  // The extracted text replaces the raw document (a base64 PDF is large), so the state holds one copy.
  const extractTask = extract.catching(new LambdaInvoke(scope, extract.stateName('document'), {
    lambdaFunction: props.documentExtract,
    payload: TaskInput.fromObject({ jobId: JOB_ID, document: JsonPath.objectAt('$.input.document') }),
    payloadResponseOnly: true,
    resultSelector: { text: JsonPath.stringAt('$.text'), sha256: JsonPath.stringAt('$.sha256') },
    resultPath: '$.input',
  }));

  const analyze = new WorkflowStep({ scope, jobEvents: props.jobEvents, name: 'analyze' });
  const analyzeCall = cachedModelCall({
    step: analyze,
    model: props.models.strong,
    cacheTable: props.cacheTable,
    // 1024 tokens keep the analysis, and so the summarize request, under States.Hash's 10,000 characters.
    body: { system: ANALYZE_SYSTEM_PROMPT, text: JsonPath.stringAt('$.input.text'), maxTokens: 1024, temperature: 0.2 },
    // The document is far longer than States.Hash accepts: the key uses its digest.
    cacheKey: { system: ANALYZE_SYSTEM_PROMPT, maxTokens: 1024, temperature: 0.2, textSha256: JsonPath.stringAt('$.input.sha256') },
    // The request replaces the extracted text it embeds.
    requestPath: '$.input',
    resultPath: '$.analyze',
  });

  const summarize = new WorkflowStep({ scope, jobEvents: props.jobEvents, name: 'summarize' });
  const summarizeCall = cachedModelCall({
    step: summarize,
    model: props.models.fast,
    cacheTable: props.cacheTable,
    body: { system: SUMMARIZE_SYSTEM_PROMPT, text: JsonPath.stringAt('$.analyze.text'), maxTokens: 512, temperature: 0.2 },
    requestPath: MODEL_REQUEST_PATH,
    resultPath: '$.summarize',
  });

  return Chain.start(jobStarted(scope, props))
    .next(extract.wrap(extractTask, extractTask, extract.succeeded()))
    .next(analyze.wrap(analyzeCall.start, analyzeCall.end, analyze.succeeded('$.analyze')))
    .next(summarize.wrap(summarizeCall.start, summarizeCall.end, summarize.succeeded('$.summarize')))
    .next(jobSucceeded(scope, props, {
      analysis: JsonPath.stringAt('$.analyze.text'),
      summary: JsonPath.stringAt('$.summarize.text'),
      usage: { analyze: JsonPath.objectAt('$.analyze.usage'), summarize: JsonPath.objectAt('$.summarize.usage') },
      cached: { analyze: JsonPath.objectAt('$.analyze.cached'), summarize: JsonPath.objectAt('$.summarize.cached') },
    }));
}

function isValidSentiment(answer: string): Condition {
  return Condition.and(
    Condition.isPresent(`${answer}.label`),
    Condition.isString(`${answer}.label`),
    Condition.or(...SENTIMENT_LABELS.map((label) => Condition.stringEquals(`${answer}.label`, label))),
    Condition.isPresent(`${answer}.score`),
    Condition.isNumeric(`${answer}.score`),
    Condition.numberGreaterThanEquals(`${answer}.score`, 0),
    Condition.numberLessThanEquals(`${answer}.score`, 1),
  );
}

/** At least one keyword, the first a non-empty string (Choice rules cannot check every element). */
function isValidKeywords(answer: string): Condition {
  return Condition.and(
    Condition.isPresent(`${answer}.keywords`),
    Condition.isPresent(`${answer}.keywords[0]`),
    Condition.isString(`${answer}.keywords[0]`),
    Condition.not(Condition.stringEquals(`${answer}.keywords[0]`, '')),
  );
}

/** A structured branch of CONTENT_INSIGHTS; its output is only its result { toolInput, usage, cached }. */
function insightBranch(scope: Construct, props: WorkflowDefinitionProps, name: 'sentiment' | 'keywords'): Chain {
  const step = new WorkflowStep({ scope, jobEvents: props.jobEvents, name });
  const call = cachedModelCall({
    step,
    model: props.models.fast,
    cacheTable: props.cacheTable,
    body: name === 'sentiment'
      ? { system: SENTIMENT_SYSTEM_PROMPT, text: JsonPath.stringAt('$.input.text'), maxTokens: 256, temperature: 0, tool: SENTIMENT_TOOL }
      : { system: KEYWORDS_SYSTEM_PROMPT, text: JsonPath.stringAt('$.input.text'), maxTokens: 512, temperature: 0, tool: KEYWORDS_TOOL },
    requestPath: MODEL_REQUEST_PATH,
    resultPath: `$.${name}`,
    isValid: name === 'sentiment' ? isValidSentiment : isValidKeywords,
  });
  return step.wrap(call.start, call.end, step.succeeded(`$.${name}`, { outputPath: `$.${name}` }));
}

/** sentiment and keywords in parallel (structured, validated) -> combine. */
export function contentInsightsDefinition(scope: Construct, props: WorkflowDefinitionProps): IChainable {
  const insights = new Parallel(scope, 'Insights', { resultPath: '$.insights' })
    .branch(insightBranch(scope, props, 'sentiment'))
    .branch(insightBranch(scope, props, 'keywords'));
  const combine = new Pass(scope, 'Combine insights', {
    parameters: {
      sentiment: {
        label: JsonPath.stringAt('$.insights[0].toolInput.label'),
        score: JsonPath.numberAt('$.insights[0].toolInput.score'),
      },
      keywords: JsonPath.listAt('$.insights[1].toolInput.keywords'),
      usage: { sentiment: JsonPath.objectAt('$.insights[0].usage'), keywords: JsonPath.objectAt('$.insights[1].usage') },
      cached: { sentiment: JsonPath.objectAt('$.insights[0].cached'), keywords: JsonPath.objectAt('$.insights[1].cached') },
    },
    resultPath: '$.result',
  });
  return Chain.start(jobStarted(scope, props))
    .next(insights)
    .next(combine)
    .next(jobSucceeded(scope, props, JsonPath.objectAt('$.result')));
}

/** One advert per spec (at most 10 at once); a failed item is reported and kept, never failing the map. */
export function batchAdvertsDefinition(scope: Construct, props: WorkflowDefinitionProps): IChainable {
  const advert = new WorkflowStep({ scope, jobEvents: props.jobEvents, name: 'advert' });
  const progress = (outcome: 'SUCCEEDED' | 'FAILED', what: string) =>
    jobEventTask(scope, advert.stateName(what), props.jobEvents, {
      type: 'PROGRESS', jobId: JOB_ID, outcome, total: JsonPath.numberAt('$.total'),
    });

  const failedItem = new Pass(scope, advert.stateName('failed item'), {
    parameters: {
      index: JsonPath.numberAt('$.index'),
      name: JsonPath.stringAt('$.spec.name'),
      error: CAUGHT_ERROR,
      cached: false,
    },
  });
  const itemFailed = progress('FAILED', 'item failed');
  // A lost progress event must not lose the item's outcome.
  itemFailed.addCatch(failedItem, { errors: ['States.ALL'], resultPath: '$.progressError' });
  itemFailed.next(failedItem);

  const catchItem: CatchInto = (state) => state.addCatch(itemFailed, { errors: ['States.ALL'], resultPath: ERROR_PATH });

  const call = cachedModelCall({
    step: advert,
    model: props.models.fast,
    cacheTable: props.cacheTable,
    body: {
      system: ADVERT_SYSTEM_PROMPT,
      text: JsonPath.format(
        'Write an advert of about {} words in this tone: {}. Product: {}. Description: {}. Features: {}',
        JsonPath.stringAt('$.wordCount'),
        JsonPath.stringAt('$.tone'),
        JsonPath.stringAt('$.spec.name'),
        JsonPath.stringAt('$.spec.description'),
        JsonPath.jsonToString(JsonPath.listAt('$.spec.features')),
      ),
      maxTokens: 800,
      temperature: 0.7,
    },
    requestPath: MODEL_REQUEST_PATH,
    resultPath: '$.advert',
    catchWith: catchItem,
  });
  const itemResult = new Pass(scope, advert.stateName('item result'), {
    parameters: {
      index: JsonPath.numberAt('$.index'),
      name: JsonPath.stringAt('$.spec.name'),
      advert: JsonPath.stringAt('$.advert.text'),
      cached: JsonPath.objectAt('$.advert.cached'),
      usage: JsonPath.objectAt('$.advert.usage'),
    },
  });
  const itemSucceeded = progress('SUCCEEDED', 'item succeeded');
  itemSucceeded.addCatch(itemResult, { errors: ['States.ALL'], resultPath: '$.progressError' });
  call.end.next(itemSucceeded).next(itemResult);

  const adverts = new Map(scope, 'Adverts', {
    itemsPath: '$.input.specs',
    maxConcurrency: BATCH_MAX_CONCURRENCY,
    itemSelector: {
      index: JsonPath.numberAt('$$.Map.Item.Index'),
      spec: JsonPath.objectAt('$$.Map.Item.Value'),
      jobId: JOB_ID,
      tone: JsonPath.stringAt('$.input.tone'),
      wordCount: JsonPath.numberAt('$.input.wordCount'),
      bypassCache: JsonPath.objectAt('$.bypassCache'),
      cacheExpiresAt: JsonPath.numberAt('$.cacheExpiresAt'),
      total: JsonPath.arrayLength(JsonPath.listAt('$.input.specs')),
    },
    // The items replace the input: specs and adverts together could pass the 256 KB state limit.
    resultPath: '$.input',
  });
  adverts.itemProcessor(call.start);

  // The per-item counts live in the job's progress (job-events counts every item), so the
  // result is just the items: no JSONPath filter whose match semantics engines disagree on.
  return Chain.start(jobStarted(scope, props))
    .next(adverts)
    .next(jobSucceeded(scope, props, { items: JsonPath.listAt('$.input') }));
}
