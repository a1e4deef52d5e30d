// The workflow jobs domain (README "Workflow jobs (contract)"): JobsTable and
// PromptCacheTable, the job-events and document-extract Lambdas, the webhook
// signing secret, the three state machines, the EventBridge rule that reports
// executions that end badly, and the data sources resolvers/ names
// (jobsTable, stepFunctions).
import { join } from 'node:path';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { DynamoDbDataSource, type BaseDataSource, type GraphqlApi, type HttpDataSource } from 'aws-cdk-lib/aws-appsync';
import type { IModel } from 'aws-cdk-lib/aws-bedrock';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { DefinitionBody, StateMachine, StateMachineType, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { bedrockModelArns } from '../../bedrock-arns.js';
import type { WorkflowModels } from '../../config.js';
import { createNodeFunction } from '../node-function.js';
import { ownedItemsTable } from '../owned-items-table.js';
import {
  batchAdvertsDefinition, contentInsightsDefinition, documentAnalysisDefinition, type WorkflowDefinitionProps,
} from './definitions.js';

/** The schema's WorkflowKind values: one state machine each. */
export const WORKFLOW_KINDS = ['DOCUMENT_ANALYSIS', 'CONTENT_INSIGHTS', 'BATCH_ADVERTS'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** How long a cached model answer is served (README: 7 days). */
export const WORKFLOW_CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** job-events applies events to the job item and writes the result item. */
export const JOB_EVENTS_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** The field job-events publishes jobs through; its only AppSync permission. */
export const PUBLISH_JOB_MUTATION = 'publishJobUpdate';
/** What ends an execution without job-events hearing about it from the machine itself. */
export const UNHANDLED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export const JOB_EVENTS_SETTINGS = { POWERTOOLS_SERVICE_NAME: 'job-events', POWERTOOLS_LOG_LEVEL: 'INFO' } as const;
export const DOCUMENT_EXTRACT_SETTINGS = { POWERTOOLS_SERVICE_NAME: 'document-extract', POWERTOOLS_LOG_LEVEL: 'INFO' } as const;

const DEFINITIONS: Record<WorkflowKind, (scope: Construct, props: WorkflowDefinitionProps) => IChainable> = {
  DOCUMENT_ANALYSIS: documentAnalysisDefinition,
  CONTENT_INSIGHTS: contentInsightsDefinition,
  BATCH_ADVERTS: batchAdvertsDefinition,
};

/** Construct ids; the machine names are `<stack>-<id>`. */
export const STATE_MACHINE_IDS: Record<WorkflowKind, string> = {
  DOCUMENT_ANALYSIS: 'DocumentAnalysis',
  CONTENT_INSIGHTS: 'ContentInsights',
  BATCH_ADVERTS: 'BatchAdverts',
};

export interface WorkflowsProps {
  api: GraphqlApi;
  workflowModels: WorkflowModels;
  repoRoot: string;
  /** Folder holding job-events/handler.ts and document-extract/handler.ts. */
  functionsDir: string;
}

export class Workflows extends Construct {
  readonly jobsTable: TableV2;
  readonly promptCacheTable: TableV2;
  readonly jobEventsFunction: NodejsFunction;
  readonly documentExtractFunction: NodejsFunction;
  readonly webhookSecret: Secret;
  readonly stateMachines: Record<WorkflowKind, StateMachine>;
  readonly executionStatusRule: Rule;
  /** By the names resolver files use. */
  readonly dataSources: Record<'jobsTable' | 'stepFunctions', BaseDataSource>;
  /** The AppSync environment variables the workflow resolvers read. */
  readonly apiEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.jobsTable = ownedItemsTable(this, 'JobsTable');
    // Disposable by design: losing it costs model calls, so no PITR.
    this.promptCacheTable = new TableV2(this, 'PromptCacheTable', {
      partitionKey: { name: 'key', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: 'expiresAt',
    });

    this.webhookSecret = new Secret(this, 'WebhookSigningSecret', {
      description: 'HMAC-SHA256 key that signs job webhooks (X-Webhook-Signature)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    this.jobEventsFunction = createNodeFunction(this, 'JobEventsFunction', {
      entry: join(props.functionsDir, 'job-events', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: 'Applies workflow job events to the job, publishes it to onJobUpdated, delivers webhooks',
      // Up to 4 webhook attempts with backoff fit well inside.
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: {
        JOBS_TABLE_NAME: this.jobsTable.tableName,
        APPSYNC_GRAPHQL_URL: props.api.graphqlUrl,
        WEBHOOK_SECRET_ARN: this.webhookSecret.secretArn,
        // Webhooks go to https only; the sandbox sets it to true for loopback http receivers.
        ALLOW_INSECURE_CALLBACKS: 'false',
        ...JOB_EVENTS_SETTINGS,
      },
    });
    this.jobsTable.grant(this.jobEventsFunction, ...JOB_EVENTS_TABLE_ACTIONS);
    props.api.grantMutation(this.jobEventsFunction, PUBLISH_JOB_MUTATION);
    this.jobEventsFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'ReadWebhookSecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.webhookSecret.secretArn] }),
    );

    this.documentExtractFunction = createNodeFunction(this, 'DocumentExtractFunction', {
      entry: join(props.functionsDir, 'document-extract', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: 'Extracts the text of a workflow document (text, markdown, HTML, PDF; inline or by URL)',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      // Document URLs are https only; the sandbox sets it to true for loopback http servers.
      environment: { ALLOW_INSECURE_DOCUMENT_URLS: 'false', ...DOCUMENT_EXTRACT_SETTINGS },
    });

    const models = {
      strong: this.workflowModel('StrongModel', props.workflowModels.strong),
      fast: this.workflowModel('FastModel', props.workflowModels.fast),
    };
    const definitionProps: WorkflowDefinitionProps = {
      jobEvents: this.jobEventsFunction,
      documentExtract: this.documentExtractFunction,
      cacheTable: this.promptCacheTable,
      models,
    };
    const modelArns = bedrockModelArns([...new Set([props.workflowModels.strong, props.workflowModels.fast])], {
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
    });
    this.stateMachines = Object.fromEntries(
      WORKFLOW_KINDS.map((kind) => [kind, this.stateMachine(kind, definitionProps, modelArns)]),
    ) as Record<WorkflowKind, StateMachine>;
    const machines = WORKFLOW_KINDS.map((kind) => this.stateMachines[kind]);

    // Whatever ends an execution (a state outside any Catch, a timeout, StopExecution),
    // job-events hears of it, so a job never stays RUNNING.
    this.executionStatusRule = new Rule(this, 'ExecutionStatusRule', {
      description: 'Workflow executions that failed, timed out or were aborted -> job-events',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: UNHANDLED_EXECUTION_STATUSES, stateMachineArn: machines.map((m) => m.stateMachineArn) },
      },
      targets: [new LambdaFunction(this.jobEventsFunction, { retryAttempts: 4 })],
    });

    const stepFunctions: HttpDataSource = props.api.addHttpDataSource('StepFunctionsDataSource', `https://states.${stack.region}.amazonaws.com/`, {
      name: 'stepFunctions',
      description: 'AWS Step Functions API (SigV4): StartExecution and StopExecution of the workflow machines',
      authorizationConfig: { signingRegion: stack.region, signingServiceName: 'states' },
    });
    stepFunctions.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'StartWorkflows', actions: ['states:StartExecution'], resources: machines.map((m) => m.stateMachineArn) }),
    );
    stepFunctions.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'StopWorkflowExecutions',
        actions: ['states:StopExecution'],
        resources: machines.map((m) =>
          stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${m.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        ),
      }),
    );

    this.dataSources = {
      jobsTable: new DynamoDbDataSource(this, 'JobsTableDataSource', { api: props.api, table: this.jobsTable, name: 'jobsTable' }),
      stepFunctions,
    };
    this.apiEnvironment = {
      JOBS_TABLE_NAME: this.jobsTable.tableName,
      ...Object.fromEntries(WORKFLOW_KINDS.map((kind) => [`STATE_MACHINE_ARN_${kind}`, this.stateMachineArn(kind)])),
      WORKFLOW_CACHE_TTL_SECONDS: String(WORKFLOW_CACHE_TTL_SECONDS),
      // Only https callback URLs in AWS; the sandbox sets it to true for loopback http receivers.
      ALLOW_INSECURE_CALLBACKS: 'false',
    };
  }

  /**
   * A fixed name, so the API's environment can name the ARN without a Ref:
   * API -> state machine -> job-events (its environment names the API) would be a cycle.
   */
  private stateMachineName(kind: WorkflowKind): string {
    return `${Stack.of(this).stackName}-${STATE_MACHINE_IDS[kind]}`;
  }

  private stateMachineArn(kind: WorkflowKind): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName(kind),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The model an InvokeModel task names: a foundation model, or an inference profile in this account. */
  private workflowModel(id: string, modelId: string): { id: string; bedrock: IModel } {
    const stack = Stack.of(this);
    const [modelArn] = bedrockModelArns([modelId], { partition: stack.partition, region: stack.region, account: stack.account });
    if (!modelArn) throw new Error(`${id}: no ARN for model ${modelId}`);
    return { id: modelId, bedrock: { modelArn } };
  }

  private stateMachine(kind: WorkflowKind, definitionProps: WorkflowDefinitionProps, modelArns: string[]): StateMachine {
    const id = STATE_MACHINE_IDS[kind];
    // One scope per machine: the machines share state names ("Job started", ...).
    const states = new Construct(this, `${id}States`);
    const machine = new StateMachine(this, id, {
      stateMachineName: this.stateMachineName(kind),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(DEFINITIONS[kind](states, definitionProps)),
      timeout: Duration.hours(1),
      tracingEnabled: true,
      comment: `Workflow job ${kind}`,
    });
    // The tasks grant InvokeModel on the model (or profile) ARN; a profile also routes to its foundation models.
    machine.addToRolePolicy(new PolicyStatement({ sid: 'InvokeWorkflowModels', actions: ['bedrock:InvokeModel'], resources: modelArns }));
    return machine;
  }
}

