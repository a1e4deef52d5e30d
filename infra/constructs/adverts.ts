// The adverts domain: the AdvertsTable, the AdvertImagesBucket, the advert-intake,
// advert-stream and advert-purge Lambdas, their least-privilege permissions, and
// the data sources resolvers/ names.
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { DynamoDbDataSource, LambdaDataSource, type BaseDataSource, type GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ModelConfig } from '../config.js';
import { DEFAULT_TIMEOUT, createNodeFunction } from './node-function.js';
import { allowInvokingModels } from './model-access.js';
import { ownedItemsTable } from './owned-items-table.js';

/** Every image key starts with it (adverts/<owner>/<advertId>/<position>.<ext>); IAM is scoped to it. */
export const ADVERT_IMAGES_PREFIX = 'adverts/';
/** How long a cached advert answer is served (contract: 7 days). */
export const ADVERT_CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;

export const ADVERT_INTAKE_SETTINGS = { POWERTOOLS_SERVICE_NAME: 'advert-intake', POWERTOOLS_LOG_LEVEL: 'INFO' } as const;
export const ADVERT_STREAM_SETTINGS = {
  FLUSH_INTERVAL_MS: '100',
  FLUSH_MAX_BYTES: '4096',
  CHECKPOINT_INTERVAL_MS: '1000',
  ADVERT_CACHE_TTL_SECONDS: String(ADVERT_CACHE_TTL_SECONDS),
  POWERTOOLS_SERVICE_NAME: 'advert-stream',
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;

/** Reads the token (and a replayed advert), then one TransactWriteItems: IAM authorizes its Puts and its condition per item. */
export const ADVERT_INTAKE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];
/** Reads the advert and variants and the cache, checkpoints and finalizes variants, writes cached answers. */
export const ADVERT_STREAM_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'];
/** One Query for the partition, then batched deletes. */
export const ADVERT_PURGE_TABLE_ACTIONS = ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'];

/** The field advert-stream publishes chunks through; its only AppSync permission. */
export const PUBLISH_ADVERT_MUTATION = 'publishAdvertChunk';

export type AdvertDataSourceName = 'advertsTable' | 'advertIntakeFunction' | 'advertStreamFunction' | 'advertPurgeFunction';

export interface AdvertsProps {
  api: GraphqlApi;
  models: ModelConfig;
  repoRoot: string;
  /** Folder holding advert-intake/, advert-stream/ and advert-purge/ (each with handler.ts). */
  functionsDir: string;
}

export class Adverts extends Construct {
  readonly table: TableV2;
  /** The resolvers' TransactWriteItems names its table: they read it from the API's ADVERTS_TABLE_NAME. */
  readonly tableName: string;
  readonly imagesBucket: Bucket;
  readonly advertIntakeFunction: NodejsFunction;
  readonly advertStreamFunction: NodejsFunction;
  readonly advertPurgeFunction: NodejsFunction;
  /** By the names resolver files use. */
  readonly dataSources: Record<AdvertDataSourceName, BaseDataSource>;

  constructor(scope: Construct, id: string, props: AdvertsProps) {
    super(scope, id);
    this.table = ownedItemsTable(this, 'AdvertsTable');
    this.tableName = this.table.tableName;
    this.imagesBucket = new Bucket(this, 'AdvertImagesBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        // A failed upload's parts are never read back; don't pay to keep them.
        { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Images are read when a variant streams, then rarely again.
        { id: 'IntelligentTieringAfter30Days', transitions: [{ storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }] },
      ],
      // The users' images: deleting the stack must not delete them. No autoDeleteObjects
      // either: its custom-resource Lambda is not something the sandbox runs.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const imageObjectsArn = this.imagesBucket.arnForObjects(`${ADVERT_IMAGES_PREFIX}*`);
    const storage = { ADVERTS_TABLE_NAME: this.table.tableName, ADVERT_IMAGES_BUCKET: this.imagesBucket.bucketName };

    this.advertIntakeFunction = createNodeFunction(this, 'AdvertIntakeFunction', {
      entry: join(props.functionsDir, 'advert-intake', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: "Checks an advert's images, stores them in S3 and writes the advert, its variants and its create token",
      // createAdvert waits for it, and AppSync gives a Lambda 30 s.
      timeout: DEFAULT_TIMEOUT,
      // Decodes and measures up to 3.75 MB of images.
      memorySize: 1024,
      environment: { ...storage, ...ADVERT_INTAKE_SETTINGS },
    });
    this.table.grant(this.advertIntakeFunction, ...ADVERT_INTAKE_TABLE_ACTIONS);
    this.advertIntakeFunction.addToRolePolicy(
      // DeleteObject: a lost TransactWriteItems removes the images it put.
      new PolicyStatement({ sid: 'WriteAdvertImages', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [imageObjectsArn] }),
    );

    this.advertStreamFunction = createNodeFunction(this, 'AdvertStreamFunction', {
      entry: join(props.functionsDir, 'advert-stream', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: "Streams an advert's variants from Bedrock to onAdvertChunk and stores them",
      timeout: Duration.minutes(5),
      memorySize: 512,
      // The resolvers invoke it with 'Event': a retry would stream the variants twice.
      retryAttempts: 0,
      environment: {
        ...storage,
        APPSYNC_GRAPHQL_URL: props.api.graphqlUrl,
        ALLOWED_MODEL_IDS: props.models.allowedModelIds.join(','),
        ...ADVERT_STREAM_SETTINGS,
      },
    });
    this.table.grant(this.advertStreamFunction, ...ADVERT_STREAM_TABLE_ACTIONS);
    this.advertStreamFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'ReadAdvertImages', actions: ['s3:GetObject'], resources: [imageObjectsArn] }),
    );
    props.api.grantMutation(this.advertStreamFunction, PUBLISH_ADVERT_MUTATION);
    allowInvokingModels(this.advertStreamFunction, props.models.allowedModelIds);

    this.advertPurgeFunction = createNodeFunction(this, 'AdvertPurgeFunction', {
      entry: join(props.functionsDir, 'advert-purge', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: "Deletes an advert's images and its partition of the AdvertsTable",
      // deleteAdvert waits for it, and AppSync gives a Lambda 30 s.
      timeout: DEFAULT_TIMEOUT,
      memorySize: 256,
      environment: storage,
    });
    this.table.grant(this.advertPurgeFunction, ...ADVERT_PURGE_TABLE_ACTIONS);
    this.advertPurgeFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'ListAdvertImages',
        actions: ['s3:ListBucket'],
        resources: [this.imagesBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': `${ADVERT_IMAGES_PREFIX}*` } },
      }),
    );
    this.advertPurgeFunction.addToRolePolicy(
      new PolicyStatement({ sid: 'DeleteAdvertImages', actions: ['s3:DeleteObject'], resources: [imageObjectsArn] }),
    );

    this.dataSources = {
      advertsTable: new DynamoDbDataSource(this, 'AdvertsTableDataSource', { api: props.api, table: this.table, name: 'advertsTable' }),
      advertIntakeFunction: new LambdaDataSource(this, 'AdvertIntakeDataSource', {
        api: props.api,
        lambdaFunction: this.advertIntakeFunction,
        name: 'advertIntakeFunction',
      }),
      advertStreamFunction: new LambdaDataSource(this, 'AdvertStreamDataSource', {
        api: props.api,
        lambdaFunction: this.advertStreamFunction,
        name: 'advertStreamFunction',
      }),
      advertPurgeFunction: new LambdaDataSource(this, 'AdvertPurgeDataSource', {
        api: props.api,
        lambdaFunction: this.advertPurgeFunction,
        name: 'advertPurgeFunction',
      }),
    };
  }
}
