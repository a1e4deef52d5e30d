import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { resolveIntrinsics } from '../template/intrinsics.js';
import { readTemplate, type CfnTemplate } from '../template/read-template.js';
import { sandboxResourceNames } from './resource-names.js';

const assemblyDir = mkdtempSync(join(tmpdir(), 'resource-names-'));
mkdirSync(join(assemblyDir, 'asset.fn'));
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const BUCKET = 'AdvertsAdvertImagesBucket1A2B3C4D';
// What the CDK writes for `bucket.bucketName`, `bucket.bucketArn` and `bucket.arnForObjects('adverts/*')`.
const template: CfnTemplate = {
  Resources: {
    Api: { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'api', AuthenticationType: 'API_KEY' } },
    Schema: { Type: 'AWS::AppSync::GraphQLSchema', Properties: { Definition: 'type Query { ok: Boolean }' } },
    [BUCKET]: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Suspended' } } },
    NamedBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'named-images' } },
    IntakeFunction: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:asset:path': 'asset.fn' },
      Properties: {
        Handler: 'index.handler',
        Environment: {
          Variables: {
            ADVERT_IMAGES_BUCKET: { Ref: BUCKET },
            NAMED_BUCKET: { Ref: 'NamedBucket' },
            BUCKET_ARN: { 'Fn::GetAtt': [BUCKET, 'Arn'] },
            OBJECTS_ARN: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [BUCKET, 'Arn'] }, '/adverts/*']] },
            BUCKET_HOST: { 'Fn::GetAtt': [BUCKET, 'RegionalDomainName'] },
            NAMED_DOMAIN: { 'Fn::Sub': '${NamedBucket.DomainName}' },
          },
        },
      },
    },
  },
};

it('resolves Refs and GetAtts to buckets in a Lambda environment to the local bucket names', () => {
  const model = readTemplate(template, assemblyDir, { region: 'us-east-1', accountId: '000000000000' });
  const types = new Map(Object.entries(template.Resources).map(([id, r]) => [id, r.Type]));
  const names = sandboxResourceNames(model, types, () => {
    throw new Error('no endpoints needed');
  }, 'us-east-1', '000000000000');
  const [intake] = model.lambdas;
  expect(resolveIntrinsics(intake?.rawEnvironment, names)).toEqual({
    ADVERT_IMAGES_BUCKET: 'advertsadvertimagesbucket1a2b3c4d',
    NAMED_BUCKET: 'named-images',
    BUCKET_ARN: 'arn:aws:s3:::advertsadvertimagesbucket1a2b3c4d',
    OBJECTS_ARN: 'arn:aws:s3:::advertsadvertimagesbucket1a2b3c4d/adverts/*',
    BUCKET_HOST: 'advertsadvertimagesbucket1a2b3c4d.s3.us-east-1.amazonaws.com',
    NAMED_DOMAIN: 'named-images.s3.amazonaws.com',
  });
});
