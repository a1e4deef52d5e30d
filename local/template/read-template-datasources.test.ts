// The data sources and batching settings readTemplate gives the AppSync runtime.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-appsync-datasource.html
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTemplate, type CfnResource } from './read-template.js';

const assemblyDir = mkdtempSync(join(tmpdir(), 'read-template-ds-'));
mkdirSync(join(assemblyDir, 'asset.fn'));
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const CODE = 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }';

function read(resources: Record<string, CfnResource>) {
  return readTemplate({
    Resources: {
      Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api', AuthenticationType: 'API_KEY' } },
      Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { Definition: 'type Query { ok: Boolean }' } },
      PostsFn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' }, Metadata: { 'aws:asset:path': 'asset.fn' } },
      ...resources,
    },
  }, assemblyDir, { region: 'us-east-1', accountId: '000000000000' }).api;
}

describe('readTemplate: data sources and BatchInvoke settings', () => {
  it('reads AMAZON_BEDROCK_RUNTIME and an HTTP data source with its SigV4 signing config (AuthorizationConfig.AwsIamConfig)', () => {
    const api = read({
      ModelDs: { Type: 'AWS::AppSync::DataSource', Properties: { Name: 'model', Type: 'AMAZON_BEDROCK_RUNTIME', ServiceRoleArn: 'arn:aws:iam::000000000000:role/r' } },
      StatesDs: {
        Type: 'AWS::AppSync::DataSource',
        Properties: {
          Name: 'states',
          Type: 'HTTP',
          HttpConfig: {
            Endpoint: { 'Fn::Join': ['', ['https://states.', { Ref: 'AWS::Region' }, '.amazonaws.com/']] },
            AuthorizationConfig: { AuthorizationType: 'AWS_IAM', AwsIamConfig: { SigningRegion: { Ref: 'AWS::Region' }, SigningServiceName: 'states' } },
          },
        },
      },
    });
    expect(api.dataSources).toEqual({
      model: { name: 'model', type: 'AMAZON_BEDROCK_RUNTIME' },
      states: { name: 'states', type: 'HTTP', endpoint: 'https://states.us-east-1.amazonaws.com/', signingRegion: 'us-east-1', signingServiceName: 'states' },
    });
  });

  it('reads MaxBatchSize of a resolver and of a pipeline function', () => {
    const api = read({
      PostsDs: { Type: 'AWS::AppSync::DataSource', Properties: { Name: 'posts', Type: 'AWS_LAMBDA', LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': ['PostsFn', 'Arn'] } } } },
      RelatedFn: { Type: 'AWS::AppSync::FunctionConfiguration', Properties: { Name: 'related', DataSourceName: 'posts', Code: CODE, MaxBatchSize: 10 } },
      RelatedResolver: { Type: 'AWS::AppSync::Resolver', Properties: { TypeName: 'Post', FieldName: 'relatedPosts', Kind: 'UNIT', DataSourceName: 'posts', Code: CODE, MaxBatchSize: 5 } },
      AuthorResolver: { Type: 'AWS::AppSync::Resolver', Properties: { TypeName: 'Post', FieldName: 'author', Kind: 'UNIT', DataSourceName: 'posts', Code: CODE } },
    });
    expect(api.dataSources.posts).toEqual({ name: 'posts', type: 'AWS_LAMBDA', functionName: 'PostsFn' });
    expect(api.functions.related?.maxBatchSize).toBe(10);
    expect(api.resolvers.map((resolver) => [resolver.fieldName, resolver.maxBatchSize])).toEqual([['relatedPosts', 5], ['author', undefined]]);
  });
});
