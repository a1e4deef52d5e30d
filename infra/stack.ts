// The one stack: the API, the chat, workflow and adverts domains, and the resolvers wired from resolvers/.
import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StackConfig } from './config.js';
import { Adverts } from './constructs/adverts.js';
import { Api } from './constructs/api.js';
import { Chat } from './constructs/chat.js';
import { Resolvers } from './constructs/resolvers.js';
import { Workflows } from './constructs/workflows/workflows.js';
import { mergeSchemaSources, printMergedSchema, readSchemaSources } from './schema/merge-schema.js';

export const STACK_NAME = 'GenAiApi';

export interface GenAiApiStackProps extends StackProps {
  config: StackConfig;
  /** The repository root; the folders below default to its schema/, resolvers/ and functions/. */
  repoRoot: string;
  schemaDir?: string;
  resolversDir?: string;
  functionsDir?: string;
}

export class GenAiApiStack extends Stack {
  readonly api: Api;
  readonly chat: Chat;
  readonly workflows: Workflows;
  readonly adverts: Adverts;
  readonly resolvers: Resolvers;

  constructor(scope: Construct, id: string, props: GenAiApiStackProps) {
    super(scope, id, props);
    const { config, repoRoot } = props;
    const schema = mergeSchemaSources(readSchemaSources(props.schemaDir ?? join(repoRoot, 'schema')));
    const functionsDir = props.functionsDir ?? join(repoRoot, 'functions');

    this.api = new Api(this, 'Api', {
      schemaDefinition: printMergedSchema(schema),
      models: config.models,
      apiKeyExpiryDays: config.apiKeyExpiryDays,
    });
    this.chat = new Chat(this, 'Chat', {
      api: this.api.api,
      models: config.models,
      repoRoot,
      functionsDir,
    });
    this.api.api.addEnvironmentVariable('CHAT_TABLE_NAME', this.chat.tableName);
    this.workflows = new Workflows(this, 'Workflows', {
      api: this.api.api,
      workflowModels: config.workflowModels,
      repoRoot,
      functionsDir,
    });
    for (const [name, value] of Object.entries(this.workflows.apiEnvironment)) {
      this.api.api.addEnvironmentVariable(name, value);
    }
    this.adverts = new Adverts(this, 'Adverts', { api: this.api.api, models: config.models, repoRoot, functionsDir });
    this.api.api.addEnvironmentVariable('ADVERTS_TABLE_NAME', this.adverts.tableName);

    this.resolvers = new Resolvers(this, 'Resolvers', {
      api: this.api.api,
      dataSources: {
        ...this.chat.dataSources,
        ...this.workflows.dataSources,
        ...this.adverts.dataSources,
        none: this.api.noneDataSource,
      },
      schema,
      resolversDir: props.resolversDir ?? join(repoRoot, 'resolvers'),
      repoRoot,
    });

    new CfnOutput(this, 'GraphqlUrl', { value: this.api.api.graphqlUrl, description: 'GraphQL endpoint (POST)' });
    new CfnOutput(this, 'RealtimeUrl', { value: this.api.realtimeUrl, description: 'Real-time WebSocket endpoint' });
    new CfnOutput(this, 'ApiKeyId', { value: this.api.apiKey.attrApiKeyId, description: 'Guest API key id (the key: aws appsync list-api-keys)' });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'AdvertImagesBucketName', {
      value: this.adverts.imagesBucket.bucketName,
      description: 'S3 bucket of advert images (retained when the stack is deleted)',
    });
  }
}
