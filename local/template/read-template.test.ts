import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bucketNameFromLogicalId, isValidBucketName } from './bucket-name.js';
import { readTemplate, TemplateError, type CfnResource, type CfnTemplate } from './read-template.js';

const assemblyDir = mkdtempSync(join(tmpdir(), 'read-template-'));
mkdirSync(join(assemblyDir, 'asset.fn'));
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const target = { region: 'us-east-1', accountId: '000000000000' };

/** The least a template needs for readTemplate, plus the resources under test. */
function templateWith(resources: Record<string, CfnResource>): CfnTemplate {
  return {
    Resources: {
      Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api', AuthenticationType: 'API_KEY' } },
      Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { Definition: 'type Query { ok: Boolean }' } },
      ...resources,
    },
  };
}

describe('S3 buckets in the template', () => {
  it('names a bucket by its literal BucketName, else by its lower-cased logical id, and lists what is not emulated', () => {
    const model = readTemplate(
      templateWith({
        AdvertsAdvertImagesBucket1A2B3C4D: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
            LifecycleConfiguration: { Rules: [] },
          },
        },
        NamedBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my.named-bucket' } },
        BareBucket: { Type: 'AWS::S3::Bucket' },
        ComputedNameBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['images', { Ref: 'AWS::AccountId' }]] } } },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'NamedBucket' }, PolicyDocument: {} } },
      }),
      assemblyDir,
      target,
    );
    expect(model.buckets).toEqual([
      { logicalId: 'AdvertsAdvertImagesBucket1A2B3C4D', bucketName: 'advertsadvertimagesbucket1a2b3c4d', ignoredProperties: ['BucketEncryption', 'LifecycleConfiguration'] },
      { logicalId: 'NamedBucket', bucketName: 'my.named-bucket', ignoredProperties: [] },
      { logicalId: 'BareBucket', bucketName: 'barebucket', ignoredProperties: [] },
      { logicalId: 'ComputedNameBucket', bucketName: 'computednamebucket', ignoredProperties: [] },
    ]);
  });

  it('has no buckets when the template has none', () => {
    expect(readTemplate(templateWith({}), assemblyDir, target).buckets).toEqual([]);
  });

  it('rejects a literal BucketName S3 would refuse', () => {
    const read = () => readTemplate(templateWith({ Bad: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'Upper_Case' } } }), assemblyDir, target);
    expect(read).toThrow(TemplateError);
    expect(read).toThrow(/Bad.BucketName/);
  });

  it('rejects two buckets that would share a local name', () => {
    const read = () =>
      readTemplate(
        templateWith({ ImagesBucket: { Type: 'AWS::S3::Bucket' }, Other: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'imagesbucket' } } }),
        assemblyDir,
        target,
      );
    expect(read).toThrow(/Other and ImagesBucket would both be the local bucket imagesbucket/);
  });
});

describe('bucketNameFromLogicalId', () => {
  it('keeps a valid, stable name for logical ids too long or too short for S3', () => {
    const long = `Stack${'VeryLongConstructName'.repeat(5)}Bucket12345678`;
    const name = bucketNameFromLogicalId(long);
    expect(name).toHaveLength(63);
    expect(name.startsWith(long.toLowerCase().slice(0, 54))).toBe(true);
    expect(isValidBucketName(name)).toBe(true);
    expect(bucketNameFromLogicalId(long)).toBe(name);
    expect(bucketNameFromLogicalId(`${long}X`)).not.toBe(name);

    const short = bucketNameFromLogicalId('B1');
    expect(short).toMatch(/^b1-[0-9a-f]{8}$/);
    expect(isValidBucketName(short)).toBe(true);
  });

  it('follows the S3 naming rules it checks', () => {
    expect(['abc', 'my.bucket-1', 'a'.repeat(63)].every(isValidBucketName)).toBe(true);
    expect(['ab', 'a'.repeat(64), 'Abc', 'a_b', '-abc', 'abc-', 'a..b', '192.168.0.1', 'xn--abc', 'abc-s3alias'].some(isValidBucketName)).toBe(false);
  });
});

describe('GraphQLApi auth providers (AWS::AppSync::GraphQLApi AdditionalAuthenticationProviders)', () => {
  const withApi = (properties: Record<string, unknown>) => {
    const template = templateWith({ Pool: { Type: 'AWS::Cognito::UserPool' } });
    template.Resources['Api'] = { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api', ...properties } };
    return readTemplate(template, assemblyDir, target).api;
  };

  it('reads the Lambda authorizer, OIDC and Cognito settings the runtime enforces', () => {
    const api = withApi({
      AuthenticationType: 'AWS_LAMBDA',
      LambdaAuthorizerConfig: { AuthorizerUri: { 'Fn::GetAtt': ['AuthorizerFn', 'Arn'] }, AuthorizerResultTtlInSeconds: 60, IdentityValidationExpression: '^tok-.*$' },
      AdditionalAuthenticationProviders: [
        { AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: 'https://issuer.example.com', ClientId: 'web|mobile', IatTTL: 3600000, AuthTTL: 0 } },
        { AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: { Ref: 'Pool' }, AppIdClientRegex: 'abc.*' } },
      ],
    });
    expect(api.defaultAuth).toEqual({ authenticationType: 'AWS_LAMBDA', authorizerFunction: 'AuthorizerFn', authorizerResultTtlInSeconds: 60, identityValidationExpression: '^tok-.*$' });
    expect(api.additionalAuth).toEqual([
      { authenticationType: 'OPENID_CONNECT', issuer: 'https://issuer.example.com', clientId: 'web|mobile', iatTTL: 3600000 },
      { authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolId: 'Pool', appIdClientRegex: 'abc.*' },
    ]);
  });

  it('reads Cognito DefaultAction; an OIDC Issuer is a literal or one of the template\u2019s user pools', () => {
    expect(withApi({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS', UserPoolConfig: { UserPoolId: { Ref: 'Pool' }, DefaultAction: 'DENY' } }).defaultAuth).toEqual({
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      userPoolId: 'Pool',
      defaultAction: 'DENY',
    });
    expect(withApi({ AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: { 'Fn::GetAtt': ['Pool', 'ProviderURL'] }, ClientId: 'c' } }).defaultAuth).toEqual({
      authenticationType: 'OPENID_CONNECT',
      issuerUserPoolId: 'Pool',
      clientId: 'c',
    });
    const joined = { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'Pool' }]] };
    expect(withApi({ AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: joined } }).defaultAuth.issuerUserPoolId).toBe('Pool');
    expect(() => withApi({ AuthenticationType: 'OPENID_CONNECT', OpenIDConnectConfig: { Issuer: { 'Fn::ImportValue': 'issuer' } } })).toThrow(TemplateError);
  });
});
