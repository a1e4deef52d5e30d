// The Adverts construct on its own: a bare stack with a minimal GraphqlApi and stub
// handlers, so the adverts schema, resolvers and functions (written elsewhere, and
// bundled by stack.test.ts) don't gate these checks. Synthesized once.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Definition, GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../app.js';
import { DEFAULT_ALLOWED_MODEL_IDS, DEFAULT_MODEL_ID } from '../config.js';
import { InlineSchema } from '../schema/merged-schema.js';
import { Adverts } from './adverts.js';

// Template JSON is untyped; the assertions below are what check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };
type Statement = Record<string, Json>;

let outdir: string;
let projectRoot: string;
let stack: Stack;
let adverts: Adverts;
let api: GraphqlApi;
let template: Template;
let resources: Record<string, Resource>;

/** Renders an Fn::Join of literals, Refs and GetAtts as one string, e.g. "{Bucket.Arn}/adverts/*". */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, Json>;
  if (record.Ref) return `{${record.Ref}}`;
  if (record['Fn::GetAtt']) return `{${record['Fn::GetAtt'].join('.')}}`;
  if (record['Fn::Join']) return (record['Fn::Join'][1] as unknown[]).map(flatten).join(record['Fn::Join'][0]);
  return JSON.stringify(value);
}

const logicalId = (construct: IConstruct): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
const resourcesOf = (statement: Statement): string[] => [statement.Resource].flat().map(flatten);

function statementsOfRole(roleLogicalId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

/** A function role's statements as { actions, resources, condition }, in a stable order for exact comparison. */
function grantsOf(functionLogicalId: string): Array<{ actions: string[]; resources: string[]; condition?: unknown }> {
  const role = resources[functionLogicalId]!.Properties.Role['Fn::GetAtt'][0] as string;
  return statementsOfRole(role)
    .map((s) => {
      expect(s.Effect).toBe('Allow');
      return {
        actions: actionsOf(s).sort(),
        resources: resourcesOf(s).sort(),
        ...(s.Condition ? { condition: s.Condition } : {}),
      };
    })
    .sort((a, b) => a.actions.join().localeCompare(b.actions.join()));
}

const ids = () => ({
  table: logicalId(adverts.table),
  bucket: logicalId(adverts.imagesBucket),
  intake: logicalId(adverts.advertIntakeFunction),
  stream: logicalId(adverts.advertStreamFunction),
  purge: logicalId(adverts.advertPurgeFunction),
  api: logicalId(api),
});

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'genai-adverts-'));
  // Entries must sit under the project root: a throwaway one, with the repository's
  // node_modules (esbuild) and a lock file (which tells the CDK to use npm).
  projectRoot = mkdtempSync(join(tmpdir(), 'genai-adverts-project-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(projectRoot, 'node_modules'), 'dir');
  writeFileSync(join(projectRoot, 'package-lock.json'), '{}\n');
  for (const name of ['advert-intake', 'advert-stream', 'advert-purge']) {
    mkdirSync(join(projectRoot, 'functions', name), { recursive: true });
    writeFileSync(join(projectRoot, 'functions', name, 'handler.ts'), `export async function handler() { return '${name}'; }\n`);
  }
  const app = new App({ outdir });
  stack = new Stack(app, 'AdvertsTest');
  api = new GraphqlApi(stack, 'Api', { name: 'adverts-test', definition: Definition.fromSchema(new InlineSchema('type Query { ping: String }')) });
  adverts = new Adverts(stack, 'Adverts', {
    api,
    models: { allowedModelIds: [...DEFAULT_ALLOWED_MODEL_IDS], defaultModelId: DEFAULT_MODEL_ID },
    repoRoot: projectRoot,
    functionsDir: join(projectRoot, 'functions'),
  });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(projectRoot, { recursive: true, force: true });
});

describe('AdvertImagesBucket', () => {
  it('GIVEN the Adverts construct WHEN synthesized THEN the bucket is SSE-S3 encrypted, private, owner-enforced and unversioned', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: Match.absent(),
      BucketName: Match.absent(),
    });
  });

  it('THEN incomplete uploads are aborted after 1 day and objects move to INTELLIGENT_TIERING after 30 days', () => {
    expect(resources[ids().bucket]!.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
        { Id: 'IntelligentTieringAfter30Days', Status: 'Enabled', Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }] },
      ],
    });
  });

  it('THEN the bucket outlives the stack and no auto-delete custom resource exists', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    // Only the three advert Lambdas: no custom-resource provider function.
    template.resourceCountIs('AWS::Lambda::Function', 3);
  });

  it('THEN its policy denies every request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids().bucket },
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });
});

describe('AdvertsTable', () => {
  it('GIVEN the Adverts construct THEN the table has pk/sk, the byOwner index, TTL on expiresAt, PITR and on-demand billing', () => {
    expect(resources[ids().table]).toMatchObject({
      Type: 'AWS::DynamoDB::GlobalTable',
      Properties: {
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
        Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
    expect(resources[ids().table]!.Properties.TableName).toBeUndefined();
  });
});

describe('Lambdas', () => {
  const storageEnv = () => ({ ADVERTS_TABLE_NAME: { Ref: ids().table }, ADVERT_IMAGES_BUCKET: { Ref: ids().bucket } });

  it('GIVEN advert-intake THEN it runs Node 22 on ARM for 30 s with 1024 MB and exactly the contract environment', () => {
    const fn = resources[ids().intake]!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 30, MemorySize: 1024 });
    expect(fn.Environment.Variables).toEqual({
      ...storageEnv(),
      POWERTOOLS_SERVICE_NAME: 'advert-intake',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('GIVEN advert-stream THEN it runs 5 minutes with 512 MB, no async retries, and exactly the contract environment', () => {
    const fn = resources[ids().stream]!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 300, MemorySize: 512 });
    expect(fn.Environment.Variables).toEqual({
      ...storageEnv(),
      APPSYNC_GRAPHQL_URL: { 'Fn::GetAtt': [ids().api, 'GraphQLUrl'] },
      ALLOWED_MODEL_IDS: DEFAULT_ALLOWED_MODEL_IDS.join(','),
      FLUSH_INTERVAL_MS: '100',
      FLUSH_MAX_BYTES: '4096',
      CHECKPOINT_INTERVAL_MS: '1000',
      ADVERT_CACHE_TTL_SECONDS: '604800',
      POWERTOOLS_SERVICE_NAME: 'advert-stream',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: ids().stream }, MaximumRetryAttempts: 0 });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  });

  it('GIVEN advert-purge THEN it runs 30 s with 256 MB and only the table and bucket names', () => {
    const fn = resources[ids().purge]!.Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 30, MemorySize: 256 });
    expect(fn.Environment.Variables).toEqual({ ...storageEnv(), NODE_OPTIONS: '--enable-source-maps' });
  });

  it('THEN each function logs JSON to a group with a retention', () => {
    for (const id of [ids().intake, ids().stream, ids().purge]) {
      const logging = resources[id]!.Properties.LoggingConfig;
      expect(logging.LogFormat).toBe('JSON');
      expect(resources[logging.LogGroup.Ref as string]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } });
    }
  });
});

describe('IAM', () => {
  const tableArns = () => [`{${ids().table}.Arn}`, `{${ids().table}.Arn}/index/*`].sort();
  const imageObjects = () => [`{${ids().bucket}.Arn}/adverts/*`];

  it('GIVEN advert-intake THEN it may put and delete image objects under adverts/ and read and transact-write the table, nothing more', () => {
    expect(grantsOf(ids().intake)).toEqual([
      {
        actions: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        resources: tableArns(),
      },
      { actions: ['s3:DeleteObject', 's3:PutObject'], resources: imageObjects() },
    ]);
  });

  it('GIVEN advert-stream THEN it may read images, update the table, invoke exactly the allowed models and publish advert chunks, nothing more', () => {
    expect(grantsOf(ids().stream)).toEqual([
      { actions: ['appsync:GraphQL'], resources: [`arn:{AWS::Partition}:appsync:{AWS::Region}:{AWS::AccountId}:apis/{${ids().api}.ApiId}/types/Mutation/fields/publishAdvertChunk`] },
      {
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [
          'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/amazon.nova-lite-v1:0',
          'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/amazon.nova-pro-v1:0',
          'arn:{AWS::Partition}:bedrock:{AWS::Region}::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
          'arn:{AWS::Partition}:bedrock:{AWS::Region}:{AWS::AccountId}:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
          'arn:{AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
        ].sort(),
      },
      { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: tableArns() },
      { actions: ['s3:GetObject'], resources: imageObjects() },
    ]);
  });

  it('GIVEN advert-purge THEN it may list only under adverts/, delete image objects and delete the partition, nothing more', () => {
    expect(grantsOf(ids().purge)).toEqual([
      { actions: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], resources: tableArns() },
      { actions: ['s3:DeleteObject'], resources: imageObjects() },
      { actions: ['s3:ListBucket'], resources: [`{${ids().bucket}.Arn}`], condition: { StringLike: { 's3:prefix': 'adverts/*' } } },
    ]);
  });

  it('THEN no IAM policy grants a wildcard action, and no S3 or DynamoDB statement has a wildcard resource', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.flatMap(actionsOf).filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    const storage = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:')));
    expect(storage.length).toBeGreaterThan(0);
    for (const statement of storage) {
      for (const resource of resourcesOf(statement)) expect(resource).toMatch(/^\{Adverts\w+\.Arn\}(\/index\/\*|\/adverts\/\*)?$/);
    }
  });

  it('THEN only advert-stream may call the API, and only Mutation.publishAdvertChunk', () => {
    const graphql = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => (r.Properties.PolicyDocument.Statement as Statement[]).some((s) => actionsOf(s).some((a) => a.startsWith('appsync:'))));
    expect(graphql.map((r) => r.Properties.Roles)).toEqual([[{ Ref: resources[ids().stream]!.Properties.Role['Fn::GetAtt'][0] }]]);
  });
});

describe('data sources', () => {
  it('GIVEN the Adverts construct THEN the four data sources resolver files name exist with their targets', () => {
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'advertsTable',
      Type: 'AMAZON_DYNAMODB',
      DynamoDBConfig: Match.objectLike({ TableName: { Ref: ids().table } }),
    });
    for (const [name, fn] of [
      ['advertIntakeFunction', ids().intake],
      ['advertStreamFunction', ids().stream],
      ['advertPurgeFunction', ids().purge],
    ] as const) {
      template.hasResourceProperties('AWS::AppSync::DataSource', {
        Name: name,
        Type: 'AWS_LAMBDA',
        LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [fn, 'Arn'] } },
      });
    }
    template.resourceCountIs('AWS::AppSync::DataSource', 4);
    expect(Object.keys(adverts.dataSources).sort()).toEqual(['advertIntakeFunction', 'advertPurgeFunction', 'advertStreamFunction', 'advertsTable']);
  });

  it('THEN the exposed table name is the table Ref the API environment will carry', () => {
    expect(stack.resolve(adverts.tableName)).toEqual({ Ref: ids().table });
  });
});
