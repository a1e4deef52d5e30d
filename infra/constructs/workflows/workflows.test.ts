// The workflow jobs domain in the synthesized GenAiApi stack: tables, Lambdas,
// the secret, the EventBridge rule, the data sources, IAM scoping, and every
// state machine's ASL (validated with asl-validator). Synthesized once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { DEFAULT_WORKFLOW_MODELS } from '../../config.js';
import { STACK_NAME } from '../../stack.js';
import { BEDROCK_RETRY_ERRORS, INVALID_MODEL_OUTPUT } from './cached-model-call.js';
import { BATCH_MAX_CONCURRENCY } from './definitions.js';
import { STATE_MACHINE_IDS, WORKFLOW_CACHE_TTL_SECONDS, WORKFLOW_KINDS, type WorkflowKind } from './workflows.js';

// Template JSON is untyped; the assertions below are what check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };
type AslState = Record<string, Json> & { Type: string };

let outdir: string;
let template: Template;
let resources: Record<string, Resource>;

const PSEUDO: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012' };

/** An Fn::Join of literals, Refs and GetAtts as one string, with placeholder values asl-validator accepts. */
function resolveForAsl(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, Json>;
  if (record.Ref) return PSEUDO[record.Ref as string] ?? `placeholder-${record.Ref}`;
  if (record['Fn::GetAtt']) return `arn:aws:lambda:us-east-1:123456789012:function:${record['Fn::GetAtt'][0]}`;
  if (record['Fn::Join']) return (record['Fn::Join'][1] as unknown[]).map(resolveForAsl).join(record['Fn::Join'][0]);
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

/** Renders an Fn::Join with {Ref} markers, e.g. "arn:{AWS::Partition}:...", for IAM assertions. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, Json>;
  if (record.Ref) return `{${record.Ref}}`;
  if (record['Fn::GetAtt']) return `{${record['Fn::GetAtt'].join('.')}}`;
  if (record['Fn::Join']) return (record['Fn::Join'][1] as unknown[]).map(flatten).join(record['Fn::Join'][0]);
  return JSON.stringify(value);
}

function logicalIdOf(type: string, props: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

const machineIds = (): Record<WorkflowKind, string> =>
  Object.fromEntries(WORKFLOW_KINDS.map((kind) => [kind, logicalIdOf('AWS::StepFunctions::StateMachine', { StateMachineName: `${STACK_NAME}-${STATE_MACHINE_IDS[kind]}` })])) as Record<WorkflowKind, string>;

function definitionOf(kind: WorkflowKind): { StartAt: string; States: Record<string, AslState> } {
  return JSON.parse(resolveForAsl(resources[machineIds()[kind]]!.Properties.DefinitionString));
}

/** Every state of a definition, Parallel branches and Map item processors included. */
function allStates(states: Record<string, AslState>): Array<[string, AslState]> {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...((state.Branches ?? []) as Array<{ States: Record<string, AslState> }>).flatMap((b) => allStates(b.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}

function stateOf(kind: WorkflowKind, name: string): AslState {
  const found = allStates(definitionOf(kind).States).find(([n]) => n === name);
  expect(found, `${kind} has a state "${name}"`).toBeDefined();
  return found![1];
}

function statementsOfRole(roleLogicalId: string): Array<Record<string, Json>> {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: Record<string, Json>): string[] => [statement.Action].flat();
const roleOf = (logicalId: string): string => resources[logicalId]!.Properties.Role['Fn::GetAtt'][0];

let jobsTableLogicalId = '';
const cacheTableId = () => logicalIdOf('AWS::DynamoDB::GlobalTable', { KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }] });
const jobEventsId = () => logicalIdOf('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'job-events' }) } });
const documentExtractId = () => logicalIdOf('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'document-extract' }) } });
const secretId = () => logicalIdOf('AWS::SecretsManager::Secret', {});
const apiId = () => logicalIdOf('AWS::AppSync::GraphQLApi', {});

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'genai-workflows-'));
  // No bundling: these tests read the template; the sandbox's integration tests run the real bundles.
  const app = createApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(app.node.findChild(STACK_NAME) as Stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
  const tables = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::GlobalTable');
  // The ChatTable and the JobsTable share a layout; the JobsTable is the one the job-events role may use.
  jobsTableLogicalId = tables.find(([id]) => id.startsWith('WorkflowsJobsTable'))?.[0] ?? '';
}, 180_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('tables', () => {
  it('GIVEN the stack THEN the JobsTable has pk/sk, the byOwner index, TTL on expiresAt and PITR', () => {
    expect(jobsTableLogicalId).not.toBe('');
    expect(resources[jobsTableLogicalId]!.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('THEN the PromptCacheTable is keyed by `key` with TTL on expiresAt', () => {
    expect(resources[cacheTableId()]!.Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });
});

describe('Lambdas and the secret', () => {
  it('THEN job-events gets the README environment', () => {
    expect(resources[jobEventsId()]!.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: {
          JOBS_TABLE_NAME: { Ref: jobsTableLogicalId },
          APPSYNC_GRAPHQL_URL: { 'Fn::GetAtt': [apiId(), 'GraphQLUrl'] },
          WEBHOOK_SECRET_ARN: { Ref: secretId() },
          ALLOW_INSECURE_CALLBACKS: 'false',
          POWERTOOLS_SERVICE_NAME: 'job-events',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
      },
    });
  });

  it('THEN document-extract has 60 s and 1024 MB', () => {
    expect(resources[documentExtractId()]!.Properties).toMatchObject({
      Timeout: 60, MemorySize: 1024, Runtime: 'nodejs22.x', Environment: { Variables: expect.objectContaining({ ALLOW_INSECURE_DOCUMENT_URLS: 'false' }) },
    });
  });

  it('THEN the webhook secret is generated, never a literal', () => {
    expect(resources[secretId()]!.Properties).toMatchObject({ GenerateSecretString: expect.any(Object) });
    expect(resources[secretId()]!.Properties.SecretString).toBeUndefined();
  });

  it('THEN job-events may use only its table, publishJobUpdate and the secret', () => {
    const statements = statementsOfRole(roleOf(jobEventsId()));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) expect([s.Resource].flat().map(flatten)).toContain(`{${jobsTableLogicalId}.Arn}`);
    const appsync = statements.filter((s) => actionsOf(s).includes('appsync:GraphQL'));
    expect(appsync).toHaveLength(1);
    expect(flatten(appsync[0]!.Resource)).toMatch(/\/types\/Mutation\/fields\/publishJobUpdate$/);
    const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets.map((s) => [actionsOf(s), s.Resource])).toEqual([[['secretsmanager:GetSecretValue'], { Ref: secretId() }]]);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('bedrock:') || a.startsWith('states:'))).toEqual([]);
  });
});

describe('state machines', () => {
  it('GIVEN the three kinds THEN there are three STANDARD machines with fixed names', () => {
    for (const [kind, id] of Object.entries(machineIds())) {
      expect(resources[id]!.Properties).toMatchObject({ StateMachineType: 'STANDARD', StateMachineName: expect.stringMatching(/^GenAiApi-/) });
      expect(kind).toMatch(/^[A-Z_]+$/);
    }
  });

  it.each(WORKFLOW_KINDS)('THEN the %s definition is valid ASL', (kind) => {
    const result = aslValidator(definitionOf(kind));
    expect(result.isValid ? '' : result.errorsText('\n')).toBe('');
  });

  it.each(WORKFLOW_KINDS)('THEN every state name of %s is unique across the machine, branches included', (kind) => {
    const names = allStates(definitionOf(kind).States).map(([name]) => name);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it.each(WORKFLOW_KINDS)('THEN %s never reads a models field of the input (ids are fixed at synth)', (kind) => {
    expect(JSON.stringify(definitionOf(kind))).not.toContain('$.models');
  });

  it.each(WORKFLOW_KINDS)('THEN every model call in %s is retried on transient Bedrock errors with full jitter', (kind) => {
    const invokes = allStates(definitionOf(kind).States).filter(([, s]) => s.Resource === 'arn:aws:states:::bedrock:invokeModel');
    expect(invokes.length).toBeGreaterThan(0);
    for (const [, state] of invokes) {
      expect(state.Retry).toContainEqual({
        ErrorEquals: BEDROCK_RETRY_ERRORS, IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 4, JitterStrategy: 'FULL',
      });
      expect(state.Parameters['Body.$']).toMatch(/^\$\.\w+\.body$/);
    }
  });

  it('THEN DOCUMENT_ANALYSIS runs extract -> analyze (strong) -> summarize (fast) and reports each step', () => {
    const definition = definitionOf('DOCUMENT_ANALYSIS');
    expect(definition.StartAt).toBe('Job started');
    const order: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; ) {
      order.push(name);
      const state: AslState = definition.States[name]!;
      name = state.Next ?? (state.Type === 'Choice' ? state.Default : undefined);
    }
    expect(order.filter((n) => /running|succeeded|started|document/.test(n))).toEqual([
      'Job started', 'extract: running', 'extract: document', 'extract: succeeded', 'analyze: running', 'analyze: succeeded',
      'summarize: running', 'summarize: succeeded', 'Job succeeded',
    ]);
    // States.Hash takes at most 10,000 characters: the document's cache key hashes its digest, not its text.
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: request').Parameters.cacheKey).toMatchObject({ 'textSha256.$': '$.input.sha256' });
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: cache lookup').Parameters.Key.key['S.$']).toBe(
      "States.Hash(States.JsonToString($.input.cacheKey), 'SHA-256')",
    );
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: invoke model').Parameters.ModelId).toBe(
      `arn:aws:bedrock:us-east-1::foundation-model/${DEFAULT_WORKFLOW_MODELS.strong}`,
    );
    expect(stateOf('DOCUMENT_ANALYSIS', 'summarize: invoke model').Parameters.ModelId).toBe(
      `arn:aws:bedrock:us-east-1::foundation-model/${DEFAULT_WORKFLOW_MODELS.fast}`,
    );
    expect(stateOf('DOCUMENT_ANALYSIS', 'extract: document')).toMatchObject({
      Resource: `arn:aws:lambda:us-east-1:123456789012:function:${documentExtractId()}`,
      Parameters: { 'jobId.$': '$.jobId', 'document.$': '$.input.document' },
    });
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: succeeded').Parameters).toEqual({
      type: 'STEP', 'jobId.$': '$.jobId', step: 'analyze', status: 'SUCCEEDED', 'cached.$': '$.analyze.cached', 'usage.$': '$.analyze.usage',
    });
    expect(stateOf('DOCUMENT_ANALYSIS', 'Job succeeded').Parameters).toEqual({
      type: 'SUCCEEDED',
      'jobId.$': '$.jobId',
      result: {
        'analysis.$': '$.analyze.text',
        'summary.$': '$.summarize.text',
        usage: { 'analyze.$': '$.analyze.usage', 'summarize.$': '$.summarize.usage' },
        cached: { 'analyze.$': '$.analyze.cached', 'summarize.$': '$.summarize.cached' },
      },
    });
  });

  it('THEN a step failure sends FAILED { step, error } and fails with the original error', () => {
    const lookup = stateOf('DOCUMENT_ANALYSIS', 'analyze: cache lookup');
    expect(lookup.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'analyze: failed' }]);
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: failed')).toMatchObject({
      Parameters: { type: 'FAILED', 'jobId.$': '$.jobId', step: 'analyze', error: { 'errorType.$': '$.error.Error', 'message.$': '$.error.Cause' } },
      Next: 'analyze: fail',
    });
    expect(stateOf('DOCUMENT_ANALYSIS', 'analyze: fail')).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('THEN the cache is keyed by the SHA-256 of the request and stores the body with createdAt and expiresAt', () => {
    const key = { 'S.$': "States.Hash(States.JsonToString($.modelCall), 'SHA-256')" };
    expect(stateOf('BATCH_ADVERTS', 'advert: cache lookup').Parameters).toMatchObject({ Key: { key } });
    expect(stateOf('BATCH_ADVERTS', 'advert: cache store').Parameters.Item).toEqual({
      key,
      body: { 'S.$': 'States.JsonToString($.modelResponse.Body)' },
      createdAt: { 'S.$': '$$.Execution.StartTime' },
      expiresAt: { 'N.$': 'States.JsonToString($.cacheExpiresAt)' },
    });
    expect(stateOf('BATCH_ADVERTS', 'advert: bypass cache?').Choices).toEqual([
      { Variable: '$.bypassCache', BooleanEquals: true, Next: 'advert: invoke model' },
    ]);
  });

  it('THEN CONTENT_INSIGHTS asks for structured output with a forced tool and rejects invalid answers', () => {
    const insights = stateOf('CONTENT_INSIGHTS', 'Insights');
    expect(insights.Type).toBe('Parallel');
    expect(insights.Branches.map((b: Json) => b.StartAt)).toEqual(['sentiment: running', 'keywords: running']);
    const body = stateOf('CONTENT_INSIGHTS', 'sentiment: request').Parameters.body;
    expect(body.toolConfig.toolChoice).toEqual({ tool: { name: 'record_sentiment' } });
    expect(body.toolConfig.tools[0].toolSpec.inputSchema.json.required).toEqual(['label', 'score']);
    const validate = stateOf('CONTENT_INSIGHTS', 'sentiment: validate output');
    expect(validate.Choices[0].Next).toBe('sentiment: invalid output');
    expect(JSON.stringify(validate.Choices[0])).toContain('"NumericLessThanEquals":1');
    expect(stateOf('CONTENT_INSIGHTS', 'keywords: invalid output')).toMatchObject({
      Result: { Error: INVALID_MODEL_OUTPUT }, ResultPath: '$.error', Next: 'keywords: failed',
    });
    expect(stateOf('CONTENT_INSIGHTS', 'Combine insights').Parameters).toMatchObject({
      sentiment: { 'label.$': '$.insights[0].toolInput.label', 'score.$': '$.insights[0].toolInput.score' },
      'keywords.$': '$.insights[1].toolInput.keywords',
    });
  });

  it('THEN BATCH_ADVERTS maps over the specs 10 at a time and keeps failed items', () => {
    const map = stateOf('BATCH_ADVERTS', 'Adverts');
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.input.specs', MaxConcurrency: BATCH_MAX_CONCURRENCY });
    expect(Object.keys(map.ItemSelector).sort()).toEqual(
      ['bypassCache.$', 'cacheExpiresAt.$', 'index.$', 'jobId.$', 'spec.$', 'tone.$', 'total.$', 'wordCount.$'],
    );
    expect(map.Catch).toBeUndefined();
    const invoke = stateOf('BATCH_ADVERTS', 'advert: invoke model');
    expect(invoke.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'advert: item failed' }]);
    expect(stateOf('BATCH_ADVERTS', 'advert: item failed').Parameters).toMatchObject({ type: 'PROGRESS', outcome: 'FAILED' });
    expect(stateOf('BATCH_ADVERTS', 'advert: failed item')).toMatchObject({ Type: 'Pass', End: true });
    // Counts come from the job's progress; the result is the items, without JSONPath filters.
    expect(stateOf('BATCH_ADVERTS', 'Job succeeded').Parameters.result).toEqual({ 'items.$': '$.input' });
  });

  it('THEN the machines may invoke exactly the two workflow models, the cache table and the two functions', () => {
    for (const id of Object.values(machineIds())) {
      const statements = statementsOfRole(resources[id]!.Properties.RoleArn['Fn::GetAtt'][0]);
      const bedrock = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
      expect(bedrock.flatMap(actionsOf).every((a) => a === 'bedrock:InvokeModel')).toBe(true);
      expect([...new Set(bedrock.flatMap((s) => [s.Resource].flat().map(flatten)))].sort()).toEqual([
        `arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/${DEFAULT_WORKFLOW_MODELS.fast}`,
        `arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/${DEFAULT_WORKFLOW_MODELS.strong}`,
      ].sort());
      for (const s of statements.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')))) {
        expect([s.Resource].flat().map(flatten)).toEqual([`arn:{AWS::Partition}:dynamodb:{AWS::Region}:{AWS::AccountId}:table/{${cacheTableId()}}`]);
      }
      const lambdaTargets = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction')).flatMap((s) => [s.Resource].flat().map(flatten));
      expect(lambdaTargets.every((arn) => arn.startsWith(`{${jobEventsId()}.Arn}`) || arn.startsWith(`{${documentExtractId()}.Arn}`))).toBe(true);
    }
  });
});

describe('EventBridge rule', () => {
  it('THEN executions that fail, time out or are aborted go to job-events', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: WORKFLOW_KINDS.map((kind) => ({ Ref: machineIds()[kind] })),
        },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [jobEventsId(), 'Arn'] } })],
    });
  });
});

describe('AppSync', () => {
  it('THEN the jobsTable and stepFunctions data sources exist', () => {
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'jobsTable', Type: 'AMAZON_DYNAMODB', DynamoDBConfig: Match.objectLike({ TableName: { Ref: jobsTableLogicalId } }),
    });
    const http = Object.values(template.findResources('AWS::AppSync::DataSource', { Properties: { Name: 'stepFunctions' } }))[0];
    expect(http?.Properties).toMatchObject({
      Type: 'HTTP',
      HttpConfig: { AuthorizationConfig: { AuthorizationType: 'AWS_IAM', AwsIamConfig: { SigningRegion: { Ref: 'AWS::Region' }, SigningServiceName: 'states' } } },
    });
    expect(flatten(http?.Properties.HttpConfig.Endpoint)).toBe('https://states.{AWS::Region}.amazonaws.com/');
  });

  it('THEN the stepFunctions data source may start the three machines and stop their executions, nothing else', () => {
    const http = Object.values(template.findResources('AWS::AppSync::DataSource', { Properties: { Name: 'stepFunctions' } }))[0];
    const statements = statementsOfRole(http?.Properties.ServiceRoleArn['Fn::GetAtt'][0]);
    expect(statements.flatMap(actionsOf).sort()).toEqual(['states:StartExecution', 'states:StopExecution']);
    const start = statements.find((s) => actionsOf(s).includes('states:StartExecution'))!;
    expect(start.Resource).toEqual(WORKFLOW_KINDS.map((kind) => ({ Ref: machineIds()[kind] })));
    const stop = statements.find((s) => actionsOf(s).includes('states:StopExecution'))!;
    expect((stop.Resource as Json[]).map(flatten)).toEqual(
      WORKFLOW_KINDS.map((kind) => `arn:{AWS::Partition}:states:{AWS::Region}:{AWS::AccountId}:execution:{${machineIds()[kind]}.Name}:*`),
    );
  });

  it('THEN the resolvers get the table name, the machine ARNs, the cache TTL and the callback rule', () => {
    const env = resources[apiId()]!.Properties.EnvironmentVariables as Record<string, Json>;
    expect(env.JOBS_TABLE_NAME).toEqual({ Ref: jobsTableLogicalId });
    for (const kind of WORKFLOW_KINDS) {
      const name = resources[machineIds()[kind]]!.Properties.StateMachineName as string;
      expect(flatten(env[`STATE_MACHINE_ARN_${kind}`])).toBe(`arn:{AWS::Partition}:states:{AWS::Region}:{AWS::AccountId}:stateMachine:${name}`);
    }
    expect(env.WORKFLOW_CACHE_TTL_SECONDS).toBe(String(WORKFLOW_CACHE_TTL_SECONDS));
    expect(env.ALLOW_INSECURE_CALLBACKS).toBe('false');
  });
});
