// The synthesized GenAiApi stack, as CloudFormation sees it. Synthesized once, without
// bundling the Lambdas (the template is the same; only the asset contents differ).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, createApp } from './app.js';
import { DEFAULT_ALLOWED_MODEL_IDS } from './config.js';
import { APPSYNC_SOURCE_METADATA } from './constructs/resolvers.js';
import { scanResolvers } from './resolvers/scan.js';
import { STACK_NAME } from './stack.js';

// Template JSON is untyped; the assertions below are what check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; Metadata?: Record<string, unknown> };

let outdir: string;
let template: Template;
let resources: Record<string, Resource>;

/** Renders an Fn::Join of literals and Refs as one string, e.g. "arn:{AWS::Partition}:...". */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, Json>;
  if (record.Ref) return `{${record.Ref}}`;
  if (record['Fn::GetAtt']) return `{${record['Fn::GetAtt'].join('.')}}`;
  if (record['Fn::Join']) return (record['Fn::Join'][1] as unknown[]).map(flatten).join(record['Fn::Join'][0]);
  return JSON.stringify(value);
}

function statementsOf(type: 'AWS::IAM::Policy' | 'AWS::IAM::Role'): Array<Record<string, Json>> {
  return Object.values(resources)
    .filter((r) => r.Type === type)
    .flatMap((r) =>
      type === 'AWS::IAM::Policy'
        ? r.Properties.PolicyDocument.Statement
        : (r.Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement),
    );
}

const actionsOf = (statement: Record<string, Json>): string[] => [statement.Action].flat();

/** The statements of the policies attached to one role (by its logical id). */
function statementsOfRole(roleLogicalId: string): Array<Record<string, Json>> {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}
const roleOf = (functionLogicalId: string): string => resources[functionLogicalId]!.Properties.Role['Fn::GetAtt'][0];

function logicalIdOf(type: string, props: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'genai-stack-'));
  // No bundling: these tests read the template; the sandbox's integration tests run the real bundles.
  const app = createApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(app.node.findChild(STACK_NAME) as Stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('GraphQL API', () => {
  it('GIVEN the default config THEN Cognito is the default auth, with API key and IAM as additional modes', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { UserPoolId: { Ref: logicalIdOf('AWS::Cognito::UserPool', {}) }, DefaultAction: 'ALLOW' },
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }],
      XrayEnabled: true,
      LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true, CloudWatchLogsRoleArn: Match.anyValue() },
    });
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  });

  it('THEN the resolvers get the models and the table name as environment variables', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      EnvironmentVariables: {
        ALLOWED_MODEL_IDS: DEFAULT_ALLOWED_MODEL_IDS.join(','),
        DEFAULT_MODEL_ID: 'amazon.nova-lite-v1:0',
        // A Ref, not a fixed physical name: the table can be replaced and the stack deployed twice.
        CHAT_TABLE_NAME: { Ref: chatTableId() },
        ADVERTS_TABLE_NAME: { Ref: advertsTableId() },
      },
    });
  });

  it('THEN the API key expires in 365 days', () => {
    const key = Object.values(resources).find((r) => r.Type === 'AWS::AppSync::ApiKey');
    const days = ((key?.Properties.Expires as number) - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
  });

  it('THEN the schema is one merged document that keeps the AppSync directives', () => {
    const definition = Object.values(resources).find((r) => r.Type === 'AWS::AppSync::GraphQLSchema')?.Properties.Definition as string;
    expect(definition).not.toMatch(/\bextend\b/);
    expect(definition).toContain('@aws_subscribe(mutations: ["publishMessageChunk"])');
    expect(definition).toMatch(/publishMessageChunk\(input: MessageChunkInput!\): MessageChunk! @aws_iam/);
  });

  it('THEN the data sources resolver files name exist with their types', () => {
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'chatTable',
      Type: 'AMAZON_DYNAMODB',
      DynamoDBConfig: Match.objectLike({ TableName: { Ref: chatTableId() } }),
    });
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'chatStreamFunction',
      Type: 'AWS_LAMBDA',
      LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [chatStreamId(), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'chatPurgeFunction',
      Type: 'AWS_LAMBDA',
      LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [chatPurgeId(), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'none', Type: 'NONE' });
    // The adverts data sources (constructs/adverts.test.ts checks their targets and IAM).
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'advertsTable',
      Type: 'AMAZON_DYNAMODB',
      DynamoDBConfig: Match.objectLike({ TableName: { Ref: advertsTableId() } }),
    });
    for (const name of ['advertIntakeFunction', 'advertStreamFunction', 'advertPurgeFunction']) {
      template.hasResourceProperties('AWS::AppSync::DataSource', { Name: name, Type: 'AWS_LAMBDA' });
    }
  });

  it('THEN the outputs give the URLs, the API key id, the user pool, the region and the advert images bucket', () => {
    for (const output of ['GraphqlUrl', 'RealtimeUrl', 'ApiKeyId', 'UserPoolId', 'UserPoolClientId', 'Region', 'AdvertImagesBucketName']) {
      template.hasOutput(output, { Value: Match.anyValue() });
    }
    template.hasOutput('AdvertImagesBucketName', { Value: { Ref: logicalIdOf('AWS::S3::Bucket', {}) } });
    template.hasOutput('RealtimeUrl', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'RealtimeUrl'] } });
  });
});

describe('resolvers', () => {
  const specs = scanResolvers(join(REPO_ROOT, 'resolvers'), REPO_ROOT);

  it('GIVEN resolvers/ THEN every file is wired with its data source, APPSYNC_JS code from that file, and its source path', () => {
    expect(specs.length).toBeGreaterThanOrEqual(10);
    for (const spec of specs) {
      if (spec.kind === 'UNIT') {
        template.hasResource('AWS::AppSync::Resolver', {
          Properties: Match.objectLike({
            TypeName: spec.typeName,
            FieldName: spec.fieldName,
            Kind: 'UNIT',
            DataSourceName: spec.dataSourceName,
            Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
            Code: Match.stringLikeRegexp(`// ${spec.sourcePath.replaceAll('.', '\\.')}\\n`),
          }),
          Metadata: Match.objectLike({ [APPSYNC_SOURCE_METADATA]: spec.sourcePath }),
        });
        continue;
      }
      const functionIds = spec.steps.map((step) =>
        logicalIdOf('AWS::AppSync::FunctionConfiguration', {
          DataSourceName: step.dataSourceName,
          Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
          Code: Match.stringLikeRegexp(`// ${step.sourcePath.replaceAll('.', '\\.')}\\n`),
        }),
      );
      spec.steps.forEach((step, index) =>
        expect(resources[functionIds[index]!]?.Metadata?.[APPSYNC_SOURCE_METADATA]).toBe(step.sourcePath),
      );
      template.hasResourceProperties('AWS::AppSync::Resolver', {
        TypeName: spec.typeName,
        FieldName: spec.fieldName,
        Kind: 'PIPELINE',
        PipelineConfig: { Functions: functionIds.map((id) => ({ 'Fn::GetAtt': [id, 'FunctionId'] })) },
      });
    }
  });

  it('THEN the sendMessage pipeline runs its five steps in order against the right data sources', () => {
    const sendMessage = Object.values(template.findResources('AWS::AppSync::Resolver', { Properties: { FieldName: 'sendMessage' } }))[0];
    const steps = (sendMessage?.Properties.PipelineConfig.Functions as Array<{ 'Fn::GetAtt': [string, string] }>).map(
      (ref) => resources[ref['Fn::GetAtt'][0]]!.Properties,
    );
    expect(steps.map((s) => [s.Name, s.DataSourceName])).toEqual([
      ['Mutation_sendMessage_01_authorize', 'chatTable'],
      ['Mutation_sendMessage_02_findSendToken', 'chatTable'],
      ['Mutation_sendMessage_03_storeMessages', 'chatTable'],
      ['Mutation_sendMessage_04_startGeneration', 'chatStreamFunction'],
      ['Mutation_sendMessage_05_failUnstarted', 'chatTable'],
    ]);
  });

  it('THEN resolver code imports nothing but @aws-appsync/utils', () => {
    const codes = Object.values(resources)
      .filter((r) => r.Type === 'AWS::AppSync::Resolver' || r.Type === 'AWS::AppSync::FunctionConfiguration')
      .map((r) => r.Properties.Code as string);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      const imported = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(imported.every((path) => path === '@aws-appsync/utils' || path?.startsWith('@aws-appsync/utils/'))).toBe(true);
    }
  });
});

describe('ChatTable', () => {
  it('THEN it has pk/sk, the byOwner index, TTL on expiresAt, PITR and on-demand billing', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: Match.absent(),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });
});

/** The stack has more tables (workflows/workflows.test.ts covers those): the ChatTable is the Chat construct's. */
const chatTableId = (): string => {
  const ids = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::DynamoDB::GlobalTable' && id.startsWith('ChatChatTable'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
/** The AdvertsTable has the same layout; it is the Adverts construct's. */
const advertsTableId = (): string => {
  const ids = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::DynamoDB::GlobalTable' && id.startsWith('AdvertsAdvertsTable'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
// advert-stream also runs 5 minutes: the service name tells them apart.
const chatStreamId = () =>
  logicalIdOf('AWS::Lambda::Function', { Timeout: 300, Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'chat-stream' }) } });
const chatPurgeId = () => logicalIdOf('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ CHAT_TABLE_NAME: Match.anyValue() }) }, Timeout: 30 });

describe('Lambdas', () => {
  it('THEN chat-stream runs Node 22 on ARM with JSON logs, 5 minutes, no async retries, and the README environment', () => {
    const fn = resources[chatStreamId()]!.Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON' },
    });
    const env = fn.Environment.Variables as Record<string, unknown>;
    expect(env).toMatchObject({
      CHAT_TABLE_NAME: { Ref: chatTableId() },
      APPSYNC_GRAPHQL_URL: { 'Fn::GetAtt': [logicalIdOf('AWS::AppSync::GraphQLApi', {}), 'GraphQLUrl'] },
      ALLOWED_MODEL_IDS: DEFAULT_ALLOWED_MODEL_IDS.join(','),
      HISTORY_TOKEN_BUDGET: '8000',
      FLUSH_INTERVAL_MS: '100',
      FLUSH_MAX_BYTES: '4096',
      CHECKPOINT_INTERVAL_MS: '1000',
      POWERTOOLS_SERVICE_NAME: 'chat-stream',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: chatStreamId() },
      MaximumRetryAttempts: 0,
    });
  });

  it('THEN chat-purge runs Node 22 on ARM with the table name', () => {
    expect(resources[chatPurgeId()]!.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON' },
      Environment: { Variables: { CHAT_TABLE_NAME: { Ref: chatTableId() } } },
    });
  });

  it('THEN each function logs to a group with a retention', () => {
    for (const id of [chatStreamId(), chatPurgeId()]) {
      const group = resources[resources[id]!.Properties.LoggingConfig.LogGroup.Ref as string];
      expect(group?.Type).toBe('AWS::Logs::LogGroup');
      expect(group?.Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('IAM', () => {
  const bedrockStatements = () => statementsOfRole(roleOf(chatStreamId())).filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));

  it('GIVEN the default models THEN chat-stream may invoke exactly their ARNs', () => {
    const statements = bedrockStatements();
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0]!).sort()).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
    expect((statements[0]!.Resource as unknown[]).map(flatten).sort()).toEqual(
      [
        'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/amazon.nova-lite-v1:0',
        'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/amazon.nova-pro-v1:0',
        'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
        'arn:{AWS::Partition}:bedrock:{AWS::Region}:{AWS::AccountId}:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        'arn:{AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
      ].sort(),
    );
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.PolicyDocument.Statement.includes(statements[0]),
    );
    expect(policy?.Properties.Roles).toEqual([{ Ref: resources[chatStreamId()]!.Properties.Role['Fn::GetAtt'][0] }]);
  });

  it('THEN no statement anywhere grants bedrock:* or a wildcard action', () => {
    const actions = [...statementsOf('AWS::IAM::Policy'), ...statementsOf('AWS::IAM::Role')].flatMap(actionsOf);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
  });

  it('THEN chat-stream may call appsync:GraphQL only on Mutation.publishMessageChunk', () => {
    const statements = statementsOfRole(roleOf(chatStreamId())).filter((s) => actionsOf(s).includes('appsync:GraphQL'));
    expect(statements).toHaveLength(1);
    expect(flatten(statements[0]!.Resource)).toMatch(/:apis\/\{ApiGraphqlApi\w+\.ApiId\}\/types\/Mutation\/fields\/publishMessageChunk$/);
  });

  it('THEN chat-stream and chat-purge read and write only the ChatTable', () => {
    const tableArn = { 'Fn::GetAtt': [chatTableId(), 'Arn'] };
    const dynamo = [chatStreamId(), chatPurgeId()]
      .flatMap((id) => statementsOfRole(roleOf(id)))
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) expect([statement.Resource].flat()).toContainEqual(tableArn);
  });
});
