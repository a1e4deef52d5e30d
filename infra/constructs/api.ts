// The GraphQL API and who may call it: Cognito users by default, an API key
// (every key holder is the shared owner `guest`), and IAM for the backend.
import { Duration, Expiration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AuthorizationType,
  Definition,
  FieldLogLevel,
  GraphqlApi,
  NoneDataSource,
  type CfnApiKey,
  type CfnGraphQLApi,
} from 'aws-cdk-lib/aws-appsync';
import { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ModelConfig } from '../config.js';
import { InlineSchema } from '../schema/merged-schema.js';
import { LOG_RETENTION } from './node-function.js';

export interface ApiProps {
  /** The merged schema, printed. */
  schemaDefinition: string;
  models: ModelConfig;
  apiKeyExpiryDays: number;
}

export class Api extends Construct {
  readonly api: GraphqlApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly apiKey: CfnApiKey;
  readonly noneDataSource: NoneDataSource;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
    });

    this.api = new GraphqlApi(this, 'GraphqlApi', {
      name: 'GenAiApi',
      definition: Definition.fromSchema(new InlineSchema(props.schemaDefinition)),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.USER_POOL,
          userPoolConfig: { userPool: this.userPool },
        },
        additionalAuthorizationModes: [
          {
            authorizationType: AuthorizationType.API_KEY,
            apiKeyConfig: {
              description: 'Guest access: every key holder shares the owner "guest"',
              expires: Expiration.after(Duration.days(props.apiKeyExpiryDays)),
            },
          },
          { authorizationType: AuthorizationType.IAM },
        ],
      },
      environmentVariables: {
        ALLOWED_MODEL_IDS: props.models.allowedModelIds.join(','),
        DEFAULT_MODEL_ID: props.models.defaultModelId,
      },
      xrayEnabled: true,
    });
    this.configureLogging();

    this.apiKey = this.api.node.findChild('DefaultApiKey') as CfnApiKey;
    this.noneDataSource = new NoneDataSource(this, 'NoneDataSource', { api: this.api, name: 'none' });
  }

  /**
   * GraphqlApi's logConfig always adds a LogRetention custom resource (one more
   * Lambda in the template). Instead: the log group AppSync writes to, created
   * with a retention, and the API's LogConfig set directly.
   */
  private configureLogging(): void {
    new LogGroup(this, 'ApiLogs', {
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logsRole = new Role(this, 'ApiLogsRole', {
      assumedBy: new ServicePrincipal('appsync.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSAppSyncPushToCloudWatchLogs')],
    });
    (this.api.node.defaultChild as CfnGraphQLApi).logConfig = {
      cloudWatchLogsRoleArn: logsRole.roleArn,
      fieldLogLevel: FieldLogLevel.ERROR,
      excludeVerboseContent: true,
    };
  }

  get realtimeUrl(): string {
    return (this.api.node.defaultChild as CfnGraphQLApi).attrRealtimeUrl;
  }
}
