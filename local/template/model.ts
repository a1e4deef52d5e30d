// What the sandbox runs, as read from a synthesized CloudFormation template.
import type { ApiDefinition } from '../appsync/types.js';

export interface TableDefinition {
  logicalId: string;
  tableName: string;
  keySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' | 'B' }>;
  globalSecondaryIndexes: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  }>;
  localSecondaryIndexes: TableDefinition['globalSecondaryIndexes'];
  timeToLiveAttribute?: string;
  streamViewType?: string;
}

export interface LambdaDefinition {
  logicalId: string;
  /** Absolute path of the bundled asset directory. */
  codeDirectory: string;
  /** The handler's source file, relative to the repository (hot reload rebuilds from it). */
  entry?: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** Environment with intrinsics still unresolved (they may point at the API's URL). */
  rawEnvironment: Record<string, unknown>;
  maxEventRetries: number;
}

export interface StateMachineDefinition {
  logicalId: string;
  /** StateMachineName when the template fixes it, else the logical id. */
  name: string;
  /** DefinitionString with intrinsics still unresolved (ARNs of functions and tables). */
  rawDefinition: unknown;
}

export interface EventRuleDefinition {
  logicalId: string;
  eventPattern: unknown;
  /** Logical ids of the target Lambdas. */
  targetFunctions: string[];
}

export interface BucketDefinition {
  logicalId: string;
  /** BucketName when the template fixes it as a literal, else derived from the logical id (see bucket-name.ts). */
  bucketName: string;
  /** Properties the sandbox does not emulate (encryption, lifecycle, public access, notifications...). */
  ignoredProperties: string[];
}

export interface SandboxModel {
  /** environmentVariables is empty here: resolve rawApiEnvironment against the sandbox's names. */
  api: ApiDefinition;
  rawApiEnvironment: Record<string, unknown>;
  apiLogicalId: string;
  apiKeys: Array<{ logicalId: string; expires: number }>;
  userPoolLogicalIds: string[];
  tables: TableDefinition[];
  lambdas: LambdaDefinition[];
  stateMachines: StateMachineDefinition[];
  eventRules: EventRuleDefinition[];
  /** Logical ids of AWS::SecretsManager::Secret resources (the sandbox generates their values). */
  secrets: string[];
  /** AWS::S3::Bucket resources, served by the local S3 store (bucket policies are not emulated). */
  buckets: BucketDefinition[];
}
