// What Refs and GetAtts mean on the sandbox: tables are named by logical id,
// functions by logical id, buckets by their local name (from the model), and
// the API's URLs are the local server's.
import type { LocalResourceNames } from '../template/intrinsics.js';
import type { SandboxModel } from '../template/model.js';

export interface SandboxEndpoints {
  /** The sandbox's port as a base URL (http://127.0.0.1:P/): local AWS service APIs answer here. */
  baseUrl: string;
  graphqlUrl: string;
  realtimeUrl: string;
  apiKey: string;
  userPoolId: string;
  userPoolClientId: string;
}

export function sandboxResourceNames(
  model: SandboxModel,
  resourceTypes: Map<string, string>,
  /** Known once the server listens; only a GetAtt of the API's URLs needs them. */
  endpoints: () => SandboxEndpoints,
  region: string,
  accountId: string,
): LocalResourceNames {
  const tableNames = new Map(model.tables.map((t) => [t.logicalId, t.tableName]));
  const machineNames = new Map(model.stateMachines.map((m) => [m.logicalId, m.name]));
  const bucketNames = new Map(model.buckets.map((b) => [b.logicalId, b.bucketName]));
  return {
    region,
    accountId,
    ref(logicalId) {
      const type = resourceTypes.get(logicalId);
      if (type === 'AWS::Cognito::UserPool') return endpoints().userPoolId;
      if (type === 'AWS::Cognito::UserPoolClient') return endpoints().userPoolClientId;
      if (type === 'AWS::AppSync::ApiKey') return endpoints().apiKey;
      if (type === 'AWS::StepFunctions::StateMachine') return stateMachineArn(region, accountId, machineNames.get(logicalId) ?? logicalId);
      if (type === 'AWS::SecretsManager::Secret') return secretArn(region, accountId, logicalId);
      if (type === 'AWS::Lambda::Function') return logicalId;
      if (type === 'AWS::S3::Bucket') return bucketNames.get(logicalId) ?? logicalId;
      return tableNames.get(logicalId) ?? logicalId;
    },
    getAtt(logicalId, attribute) {
      const type = resourceTypes.get(logicalId);
      if (type === 'AWS::AppSync::GraphQLApi') {
        if (attribute === 'GraphQLUrl') return endpoints().graphqlUrl;
        if (attribute === 'RealtimeUrl') return endpoints().realtimeUrl;
        if (attribute === 'GraphQLDns') return new URL(endpoints().graphqlUrl).host;
        if (attribute === 'ApiId') return 'sandbox';
        return `arn:aws:appsync:${region}:${accountId}:apis/sandbox`;
      }
      if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return `arn:aws:lambda:${region}:${accountId}:function:${logicalId}`;
      if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') {
        const name = tableNames.get(logicalId) ?? logicalId;
        return attribute === 'Arn' ? `arn:aws:dynamodb:${region}:${accountId}:table/${name}` : name;
      }
      if (type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${accountId}:role/${logicalId}`;
      if (type === 'AWS::AppSync::ApiKey' && attribute === 'ApiKey') return endpoints().apiKey;
      if (type === 'AWS::StepFunctions::StateMachine') {
        const name = machineNames.get(logicalId) ?? logicalId;
        return attribute === 'Name' ? name : stateMachineArn(region, accountId, name);
      }
      if (type === 'AWS::S3::Bucket') {
        const attributeValue = bucketAttribute(bucketNames.get(logicalId) ?? logicalId, attribute, region);
        if (attributeValue !== undefined) return attributeValue;
      }
      if (type === 'AWS::Events::Rule' && attribute === 'Arn') return `arn:aws:events:${region}:${accountId}:rule/${logicalId}`;
      return `${logicalId}.${attribute}`;
    },
  };
}

/** AWS's values: functions reach the local store through AWS_ENDPOINT_URL_S3, not these host names. */
function bucketAttribute(name: string, attribute: string, region: string): string | undefined {
  switch (attribute) {
    case 'Arn':
      return `arn:aws:s3:::${name}`;
    case 'DomainName':
      return `${name}.s3.amazonaws.com`;
    case 'RegionalDomainName':
      return `${name}.s3.${region}.amazonaws.com`;
    case 'DualStackDomainName':
      return `${name}.s3.dualstack.${region}.amazonaws.com`;
    case 'WebsiteURL':
      return `http://${name}.s3-website-${region}.amazonaws.com`;
    default:
      return undefined;
  }
}

export const stateMachineArn = (region: string, accountId: string, name: string) =>
  `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;

export const secretArn = (region: string, accountId: string, logicalId: string) =>
  `arn:aws:secretsmanager:${region}:${accountId}:secret:${logicalId}-local`;
