// Reads a synthesized CloudFormation template into the SandboxModel: the API
// (schema, auth, data sources, resolver code), the tables, buckets, Lambdas,
// state machines, event rules and secrets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ApiDefinition,
  AuthenticationType,
  AuthProvider,
  DataSourceDefinition,
  FunctionDefinition,
  ResolverDefinition,
} from '../appsync/types.js';
import { bucketNameFromLogicalId, isValidBucketName } from './bucket-name.js';
import { resolveIntrinsics } from './intrinsics.js';
import type { BucketDefinition, LambdaDefinition, SandboxModel, TableDefinition } from './model.js';
import { LAMBDA_ENTRY_METADATA } from '../../infra/constructs/node-function.js';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(message: string) {
    super(message);
  }
}

type Props = Record<string, unknown>;

const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new TemplateError(`${what}: expected a literal string, got ${JSON.stringify(value)}`);
  return value;
};

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Where the template will run: pseudo parameters (AWS::Region...) in data source settings resolve to these. */
export interface TemplateTarget {
  region: string;
  accountId: string;
  /** A synth without Lambda bundling (hot reload of the API): asset directories are not checked. */
  withoutLambdaAssets?: boolean;
}


export function readTemplate(template: CfnTemplate, assemblyDir: string, target: TemplateTarget): SandboxModel {
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  const apis = ofType('AWS::AppSync::GraphQLApi');
  if (apis.length !== 1) throw new TemplateError(`expected exactly one AWS::AppSync::GraphQLApi, found ${apis.length}`);
  const [apiLogicalId, apiResource] = apis[0]!;
  const apiProps = apiResource.Properties ?? {};

  const tables = [...ofType('AWS::DynamoDB::Table'), ...ofType('AWS::DynamoDB::GlobalTable')].map(([id, r]) =>
    readTable(id, r.Properties ?? {}),
  );
  const tableNameByLogicalId = new Map(tables.map((t) => [t.logicalId, t.tableName]));

  const dataSources: Record<string, DataSourceDefinition> = {};
  for (const [id, r] of ofType('AWS::AppSync::DataSource')) {
    const ds = readDataSource(id, withPseudoParameters(r.Properties ?? {}, target), tableNameByLogicalId);
    dataSources[ds.name] = ds;
  }

  const functionNameByLogicalId = new Map<string, string>();
  const functions: Record<string, FunctionDefinition> = {};
  for (const [id, r] of ofType('AWS::AppSync::FunctionConfiguration')) {
    const props = r.Properties ?? {};
    const name = str(props.Name, `${id}.Name`);
    functionNameByLogicalId.set(id, name);
    functions[name] = {
      name,
      dataSourceName: str(props.DataSourceName, `${id}.DataSourceName`),
      code: readCode(id, props, assemblyDir),
      sourceName: sourceNameOf(r, id),
      ...(positive(props.MaxBatchSize) ? { maxBatchSize: props.MaxBatchSize } : {}),
    };
  }

  const resolvers: ResolverDefinition[] = ofType('AWS::AppSync::Resolver').map(([id, r]) => {
    const props = r.Properties ?? {};
    const kind = props.Kind === 'PIPELINE' ? 'PIPELINE' : 'UNIT';
    const pipeline = (props.PipelineConfig as Props | undefined)?.Functions as unknown[] | undefined;
    return {
      typeName: str(props.TypeName, `${id}.TypeName`),
      fieldName: str(props.FieldName, `${id}.FieldName`),
      kind,
      code: readCode(id, props, assemblyDir),
      ...(kind === 'UNIT' ? { dataSourceName: str(props.DataSourceName, `${id}.DataSourceName`) } : {}),
      ...(kind === 'PIPELINE'
        ? {
            functions: (pipeline ?? []).map((ref) => {
              const name = functionNameByLogicalId.get(referencedLogicalId(ref) ?? '');
              if (!name) throw new TemplateError(`${id}: pipeline function ${JSON.stringify(ref)} not found`);
              return name;
            }),
          }
        : {}),
      sourceName: sourceNameOf(r, id),
      ...(positive(props.MaxBatchSize) ? { maxBatchSize: props.MaxBatchSize } : {}),
    };
  });

  const userPoolIds = new Set(ofType('AWS::Cognito::UserPool').map(([id]) => id));
  const schemas = ofType('AWS::AppSync::GraphQLSchema');
  if (schemas.length !== 1) throw new TemplateError(`expected one AWS::AppSync::GraphQLSchema, found ${schemas.length}`);
  const schema = str(schemas[0]![1].Properties?.Definition, 'GraphQLSchema.Definition (inline definitions only)');

  const api: ApiDefinition = {
    name: typeof apiProps.Name === 'string' ? apiProps.Name : apiLogicalId,
    schema,
    defaultAuth: readAuthProvider(apiProps, userPoolIds),
    additionalAuth: ((apiProps.AdditionalAuthenticationProviders as Props[] | undefined) ?? []).map((props) => readAuthProvider(props, userPoolIds)),
    // Values may be intrinsics (a table's Ref): the sandbox resolves them with rawApiEnvironment.
    environmentVariables: {},
    dataSources,
    functions,
    resolvers,
  };

  const retriesByFunction = new Map<string, number>();
  for (const [, r] of ofType('AWS::Lambda::EventInvokeConfig')) {
    const fn = referencedLogicalId(r.Properties?.FunctionName);
    const retries = r.Properties?.MaximumRetryAttempts;
    if (fn && typeof retries === 'number') retriesByFunction.set(fn, retries);
  }
  const lambdas = ofType('AWS::Lambda::Function').map(([id, r]) => readLambda(id, r, assemblyDir, retriesByFunction.get(id), target.withoutLambdaAssets ?? false));

  return {
    api,
    rawApiEnvironment: (apiProps.EnvironmentVariables as Record<string, unknown> | undefined) ?? {},
    apiLogicalId,
    apiKeys: ofType('AWS::AppSync::ApiKey').map(([id, r]) => ({
      logicalId: id,
      expires: typeof r.Properties?.Expires === 'number' ? r.Properties.Expires : Math.floor(Date.now() / 1000) + 7 * 86400,
    })),
    userPoolLogicalIds: ofType('AWS::Cognito::UserPool').map(([id]) => id),
    tables,
    lambdas,
    stateMachines: ofType('AWS::StepFunctions::StateMachine').map(([id, r]) => {
      const props = r.Properties ?? {};
      if (props.DefinitionString === undefined) throw new TemplateError(`${id}: only DefinitionString state machines are supported`);
      return { logicalId: id, name: typeof props.StateMachineName === 'string' ? props.StateMachineName : id, rawDefinition: props.DefinitionString };
    }),
    eventRules: ofType('AWS::Events::Rule')
      .filter(([, r]) => r.Properties?.State !== 'DISABLED' && r.Properties?.EventPattern !== undefined)
      .map(([id, r]) => ({
        logicalId: id,
        eventPattern: r.Properties?.EventPattern,
        targetFunctions: ((r.Properties?.Targets as Props[] | undefined) ?? [])
          .map((target) => referencedLogicalId(target.Arn))
          .filter((target): target is string => target !== undefined && resources.some(([rid, res]) => rid === target && res.Type === 'AWS::Lambda::Function')),
      })),
    secrets: ofType('AWS::SecretsManager::Secret').map(([id]) => id),
    // AWS::S3::BucketPolicy is not read: the local store authorizes any request signed with the sandbox's credentials.
    buckets: readBuckets(ofType('AWS::S3::Bucket')),
  };
}

function readBuckets(resources: Array<[string, CfnResource]>): BucketDefinition[] {
  const buckets = resources.map(([id, r]) => readBucket(id, r.Properties ?? {}));
  const owners = new Map<string, string>();
  for (const { logicalId, bucketName } of buckets) {
    const other = owners.get(bucketName);
    if (other) throw new TemplateError(`${logicalId} and ${other} would both be the local bucket ${bucketName}`);
    owners.set(bucketName, logicalId);
  }
  return buckets;
}

function readBucket(logicalId: string, props: Props): BucketDefinition {
  const { BucketName: literalName, ...ignored } = props;
  // A computed BucketName (Fn::Join with the account...) is not resolved: a Ref to the bucket still gives the local name.
  const bucketName = typeof literalName === 'string' ? literalName : bucketNameFromLogicalId(logicalId);
  if (!isValidBucketName(bucketName)) throw new TemplateError(`${logicalId}.BucketName: ${JSON.stringify(bucketName)} is not a valid S3 bucket name`);
  return { logicalId, bucketName, ignoredProperties: Object.keys(ignored).sort() };
}

/** Resolves Refs to pseudo parameters (AWS::Region, ...) and Fn::Join over them; other Refs stay as they are. */
function withPseudoParameters(props: Props, target: TemplateTarget): Props {
  const names = {
    region: target.region,
    accountId: target.accountId,
    ref: (logicalId: string) => {
      throw new TemplateError(`a data source setting refers to ${logicalId}, which the sandbox cannot resolve here`);
    },
    getAtt: (logicalId: string) => {
      throw new TemplateError(`a data source setting refers to ${logicalId}, which the sandbox cannot resolve here`);
    },
  };
  const http = props.HttpConfig;
  return http === undefined ? props : { ...props, HttpConfig: resolveIntrinsics(http, names) };
}

function sourceNameOf(resource: CfnResource, logicalId: string): string {
  const source = resource.Metadata?.['appsync:source'];
  return typeof source === 'string' ? source : logicalId;
}

/** Every logical id a value refers to with Ref or Fn::GetAtt, however deeply nested (Fn::Join...). */
function referencedLogicalIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedLogicalIds);
  if (typeof value !== 'object' || value === null) return [];
  const own = referencedLogicalId(value);
  return [...(own ? [own] : []), ...Object.values(value).flatMap(referencedLogicalIds)];
}

function readAuthProvider(props: Props, userPoolIds: Set<string>): AuthProvider {
  const type = str(props.AuthenticationType, 'AuthenticationType') as AuthenticationType;
  const userPool = props.UserPoolConfig as Props | undefined;
  const oidc = props.OpenIDConnectConfig as Props | undefined;
  const lambda = props.LambdaAuthorizerConfig as Props | undefined;
  const defaultAction = userPool?.DefaultAction;
  // An issuer built from one of the template's user pools (its ProviderURL, or a Join with its Ref)
  // is that pool's: the sandbox's own Cognito issuer.
  const issuerUserPoolId = typeof oidc?.Issuer === 'string' ? undefined : referencedLogicalIds(oidc?.Issuer).find((id) => userPoolIds.has(id));
  if (type === 'OPENID_CONNECT' && typeof oidc?.Issuer !== 'string' && !issuerUserPoolId) {
    throw new TemplateError(`OpenIDConnectConfig.Issuer: expected a literal string or a user pool of the template, got ${JSON.stringify(oidc?.Issuer)}`);
  }
  return {
    authenticationType: type,
    ...(userPool ? { userPoolId: referencedLogicalId(userPool.UserPoolId) ?? String(userPool.UserPoolId) } : {}),
    ...(typeof userPool?.AppIdClientRegex === 'string' ? { appIdClientRegex: userPool.AppIdClientRegex } : {}),
    ...(defaultAction === 'ALLOW' || defaultAction === 'DENY' ? { defaultAction } : {}),
    ...(typeof oidc?.Issuer === 'string' ? { issuer: oidc.Issuer } : {}),
    ...(issuerUserPoolId ? { issuerUserPoolId } : {}),
    ...(typeof oidc?.ClientId === 'string' ? { clientId: oidc.ClientId } : {}),
    ...(positive(oidc?.IatTTL) ? { iatTTL: oidc.IatTTL } : {}),
    ...(positive(oidc?.AuthTTL) ? { authTTL: oidc.AuthTTL } : {}),
    ...(lambda ? { authorizerFunction: referencedLogicalId(lambda.AuthorizerUri) ?? String(lambda.AuthorizerUri) } : {}),
    ...(typeof lambda?.AuthorizerResultTtlInSeconds === 'number' ? { authorizerResultTtlInSeconds: lambda.AuthorizerResultTtlInSeconds } : {}),
    ...(typeof lambda?.IdentityValidationExpression === 'string' && lambda.IdentityValidationExpression !== ''
      ? { identityValidationExpression: lambda.IdentityValidationExpression }
      : {}),
  };
}

const positive = (value: unknown): value is number => typeof value === 'number' && value > 0;

function readDataSource(id: string, props: Props, tableNames: Map<string, string>): DataSourceDefinition {
  const name = str(props.Name, `${id}.Name`);
  const type = str(props.Type, `${id}.Type`);
  switch (type) {
    case 'AMAZON_DYNAMODB': {
      const ref = (props.DynamoDBConfig as Props | undefined)?.TableName;
      const tableId = referencedLogicalId(ref);
      const tableName = tableId ? tableNames.get(tableId) : typeof ref === 'string' ? ref : undefined;
      if (!tableName) throw new TemplateError(`${id}: DynamoDB table ${JSON.stringify(ref)} is not in the template`);
      return { name, type, tableName };
    }
    case 'AWS_LAMBDA': {
      const arn = (props.LambdaConfig as Props | undefined)?.LambdaFunctionArn;
      const functionName = referencedLogicalId(arn);
      if (!functionName) throw new TemplateError(`${id}: Lambda ${JSON.stringify(arn)} is not a function of the template`);
      return { name, type, functionName };
    }
    case 'NONE':
      return { name, type };
    case 'HTTP': {
      const http = (props.HttpConfig as Props | undefined) ?? {};
      const signing = ((http.AuthorizationConfig as Props | undefined)?.AwsIamConfig as Props | undefined) ?? {};
      return {
        name,
        type,
        endpoint: str(http.Endpoint, `${id}.HttpConfig.Endpoint`),
        ...(typeof signing.SigningRegion === 'string' ? { signingRegion: signing.SigningRegion } : {}),
        ...(typeof signing.SigningServiceName === 'string' ? { signingServiceName: signing.SigningServiceName } : {}),
      };
    }
    case 'AMAZON_BEDROCK_RUNTIME':
      return { name, type };
    default:
      throw new TemplateError(`${id}: data source type ${type} is not supported by the sandbox`);
  }
}

function readCode(id: string, props: Props, assemblyDir: string): string {
  if (typeof props.Code === 'string') return props.Code;
  const location = JSON.stringify(props.CodeS3Location ?? '');
  const hash = /([0-9a-f]{64})/.exec(location)?.[1];
  if (hash) {
    const file = readdirSync(assemblyDir).find((f) => f.startsWith(`asset.${hash}`));
    if (file) return readFileSync(join(assemblyDir, file), 'utf8');
  }
  throw new TemplateError(`${id}: no inline Code and no staged asset for ${location}`);
}

function readTable(logicalId: string, props: Props): TableDefinition {
  const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  const stream = props.StreamSpecification as { StreamViewType?: string } | undefined;
  return {
    logicalId,
    tableName: typeof props.TableName === 'string' ? props.TableName : logicalId,
    keySchema: props.KeySchema as TableDefinition['keySchema'],
    attributeDefinitions: props.AttributeDefinitions as TableDefinition['attributeDefinitions'],
    globalSecondaryIndexes: ((props.GlobalSecondaryIndexes as TableDefinition['globalSecondaryIndexes'] | undefined) ?? []).map(
      ({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }),
    ),
    localSecondaryIndexes: ((props.LocalSecondaryIndexes as TableDefinition['localSecondaryIndexes'] | undefined) ?? []).map(
      ({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }),
    ),
    ...(ttl?.AttributeName && ttl.Enabled !== false ? { timeToLiveAttribute: ttl.AttributeName } : {}),
    ...(stream?.StreamViewType ? { streamViewType: stream.StreamViewType } : {}),
  };
}

function readLambda(
  logicalId: string,
  resource: CfnResource,
  assemblyDir: string,
  maxEventRetries: number | undefined,
  withoutAssets: boolean,
): LambdaDefinition {
  const props = resource.Properties ?? {};
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') throw new TemplateError(`${logicalId}: Lambda without an asset (aws:asset:path metadata)`);
  const codeDirectory = join(assemblyDir, assetPath);
  if (!withoutAssets && !existsSync(codeDirectory)) throw new TemplateError(`${logicalId}: asset ${codeDirectory} is missing`);
  const entry = resource.Metadata?.[LAMBDA_ENTRY_METADATA];
  return {
    logicalId,
    codeDirectory,
    ...(typeof entry === 'string' ? { entry } : {}),
    handler: str(props.Handler, `${logicalId}.Handler`),
    runtime: typeof props.Runtime === 'string' ? props.Runtime : 'nodejs22.x',
    timeoutSeconds: typeof props.Timeout === 'number' ? props.Timeout : 3,
    memorySizeMb: typeof props.MemorySize === 'number' ? props.MemorySize : 128,
    rawEnvironment: ((props.Environment as Props | undefined)?.Variables as Record<string, unknown> | undefined) ?? {},
    maxEventRetries: maxEventRetries ?? 2,
  };
}
