// The chat domain: the ChatTable, the chat-stream and chat-purge Lambdas, their
// least-privilege permissions, and the data sources resolvers/ names.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { DynamoDbDataSource, LambdaDataSource, type BaseDataSource, type GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { ModelConfig } from '../config.js';
import { DEFAULT_TIMEOUT, createNodeFunction } from './node-function.js';
import { allowInvokingModels } from './model-access.js';
import { ownedItemsTable } from './owned-items-table.js';

export const CHAT_STREAM_SETTINGS = {
  HISTORY_TOKEN_BUDGET: '8000',
  FLUSH_INTERVAL_MS: '100',
  FLUSH_MAX_BYTES: '4096',
  CHECKPOINT_INTERVAL_MS: '1000',
  POWERTOOLS_SERVICE_NAME: 'chat-stream',
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;

export const CHAT_STREAM_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'];
/** One Query for the partition, then batched deletes. */
export const CHAT_PURGE_TABLE_ACTIONS = ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'];

/** The field chat-stream publishes chunks through; its only AppSync permission. */
export const PUBLISH_MUTATION = 'publishMessageChunk';

export interface ChatProps {
  api: GraphqlApi;
  models: ModelConfig;
  repoRoot: string;
  /** Folder holding chat-stream/handler.ts and chat-purge/handler.ts. */
  functionsDir: string;
}

export class Chat extends Construct {
  readonly table: TableV2;
  /** TransactWriteItems in the resolvers names its table: they read it from the API's CHAT_TABLE_NAME. */
  readonly tableName: string;
  readonly chatStreamFunction: NodejsFunction;
  readonly chatPurgeFunction: NodejsFunction;
  /** By the names resolver files use. */
  readonly dataSources: Record<'chatTable' | 'chatStreamFunction' | 'chatPurgeFunction', BaseDataSource>;

  constructor(scope: Construct, id: string, props: ChatProps) {
    super(scope, id);
    this.table = ownedItemsTable(this, 'ChatTable');
    this.tableName = this.table.tableName;

    this.chatStreamFunction = createNodeFunction(this, 'ChatStreamFunction', {
      entry: join(props.functionsDir, 'chat-stream', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: 'Streams a Bedrock answer to onMessageChunk and stores it',
      timeout: Duration.minutes(5),
      memorySize: 512,
      // sendMessage invokes it with 'Event': a retry would stream the answer twice.
      retryAttempts: 0,
      environment: {
        CHAT_TABLE_NAME: this.table.tableName,
        APPSYNC_GRAPHQL_URL: props.api.graphqlUrl,
        ALLOWED_MODEL_IDS: props.models.allowedModelIds.join(','),
        ...CHAT_STREAM_SETTINGS,
      },
    });
    // Reads the conversation and history, checkpoints and finalizes the answer.
    this.table.grant(this.chatStreamFunction, ...CHAT_STREAM_TABLE_ACTIONS);
    props.api.grantMutation(this.chatStreamFunction, PUBLISH_MUTATION);
    allowInvokingModels(this.chatStreamFunction, props.models.allowedModelIds);

    this.chatPurgeFunction = createNodeFunction(this, 'ChatPurgeFunction', {
      entry: join(props.functionsDir, 'chat-purge', 'handler.ts'),
      repoRoot: props.repoRoot,
      description: "Deletes a conversation's partition of the ChatTable",
      // deleteConversation waits for it, and AppSync gives a Lambda 30 s.
      timeout: DEFAULT_TIMEOUT,
      memorySize: 256,
      environment: { CHAT_TABLE_NAME: this.table.tableName },
    });
    this.table.grant(this.chatPurgeFunction, ...CHAT_PURGE_TABLE_ACTIONS);

    this.dataSources = {
      chatTable: new DynamoDbDataSource(this, 'ChatTableDataSource', { api: props.api, table: this.table, name: 'chatTable' }),
      chatStreamFunction: new LambdaDataSource(this, 'ChatStreamDataSource', {
        api: props.api,
        lambdaFunction: this.chatStreamFunction,
        name: 'chatStreamFunction',
      }),
      chatPurgeFunction: new LambdaDataSource(this, 'ChatPurgeDataSource', {
        api: props.api,
        lambdaFunction: this.chatPurgeFunction,
        name: 'chatPurgeFunction',
      }),
    };
  }
}
