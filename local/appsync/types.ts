// The contract between the three parts of the local AppSync runtime:
//   local/template/  reads the synthesized CloudFormation template -> ApiDefinition
//   local/appsync/js/      evaluates APPSYNC_JS resolvers and data sources (ResolverEngine)
//   local/appsync/server/  serves GraphQL over HTTP and the real-time WebSocket protocol
// Nothing here is specific to this project's schema.

/** AppSync authentication modes, as named in CloudFormation. */
export type AuthenticationType =
  | 'API_KEY'
  | 'AMAZON_COGNITO_USER_POOLS'
  | 'AWS_IAM'
  | 'OPENID_CONNECT'
  | 'AWS_LAMBDA';

export interface AuthProvider {
  authenticationType: AuthenticationType;
  /** Cognito: the pool id the template names (the sandbox issues tokens for it). */
  userPoolId?: string;
  /** Cognito: a regex of accepted app client ids. */
  appIdClientRegex?: string;
  /** Cognito, default mode only: what a caller gets on fields without @aws_auth/@aws_cognito_user_pools groups (UserPoolConfig.DefaultAction). */
  defaultAction?: 'ALLOW' | 'DENY';
  /** OIDC: `iss` must equal it exactly. */
  issuer?: string;
  /** OIDC whose issuer is one of the template's user pools (logical id): the sandbox's Cognito issuer stands in. */
  issuerUserPoolId?: string;
  /** OIDC: a regex the token's `aud` must match. */
  clientId?: string;
  /** OIDC: milliseconds a token stays valid after `iat` (0 or absent: unchecked). */
  iatTTL?: number;
  /** OIDC: milliseconds a token stays valid after `auth_time` (0 or absent: unchecked). */
  authTTL?: number;
  /** Lambda authorizer: logical id of the function (or its ARN when the template names one outside the stack). */
  authorizerFunction?: string;
  /** Lambda authorizer: seconds a response is cached (0 or absent: not cached; the response's ttlOverride wins). */
  authorizerResultTtlInSeconds?: number;
  /** Lambda authorizer: a regex the token must match before the function is called. */
  identityValidationExpression?: string;
}

export type DataSourceDefinition =
  | { name: string; type: 'AMAZON_DYNAMODB'; tableName: string }
  | { name: string; type: 'AWS_LAMBDA'; functionName: string }
  | { name: string; type: 'NONE' }
  | { name: string; type: 'HTTP'; endpoint: string; signingRegion?: string; signingServiceName?: string }
  | { name: string; type: 'AMAZON_BEDROCK_RUNTIME' };

export interface FunctionDefinition {
  /** The function's name (unique in the API). */
  name: string;
  dataSourceName: string;
  /** Bundled APPSYNC_JS source (ESM, imports only @aws-appsync/utils*). */
  code: string;
  /** Where the code came from, for error messages (e.g. resolvers/Mutation.sendMessage/01.authorize.chatTable.ts). */
  sourceName?: string;
  /** How many Lambda BatchInvoke calls of this function go in one invocation (CFN MaxBatchSize). */
  maxBatchSize?: number;
}

export interface ResolverDefinition {
  typeName: string;
  fieldName: string;
  kind: 'UNIT' | 'PIPELINE';
  /** Bundled APPSYNC_JS source. Pipeline: the before/after handlers. */
  code: string;
  /** UNIT only. */
  dataSourceName?: string;
  /** PIPELINE only: function names in order. */
  functions?: string[];
  sourceName?: string;
  /** How many Lambda BatchInvoke calls of this resolver go in one invocation (CFN MaxBatchSize). */
  maxBatchSize?: number;
}

/** Everything the runtime needs to serve one API, read from the template. */
export interface ApiDefinition {
  name: string;
  /** The schema exactly as deployed (no AWS scalars or directives declared). */
  schema: string;
  defaultAuth: AuthProvider;
  additionalAuth: AuthProvider[];
  /** AppSync environment variables: `ctx.env` in resolvers. */
  environmentVariables: Record<string, string>;
  dataSources: Record<string, DataSourceDefinition>;
  functions: Record<string, FunctionDefinition>;
  resolvers: ResolverDefinition[];
}

/** `ctx.identity`, as AppSync builds it for each auth mode. */
export type Identity =
  | null
  | {
      // Cognito user pools
      sub: string;
      issuer: string;
      username: string;
      claims: Record<string, unknown>;
      sourceIp: string[];
      defaultAuthStrategy: 'ALLOW' | 'DENY' | null;
      groups: string[] | null;
    }
  | {
      // IAM
      accountId: string;
      cognitoIdentityPoolId: string | null;
      cognitoIdentityId: string | null;
      sourceIp: string[];
      username: string;
      userArn: string;
      cognitoIdentityAuthType: string | null;
      cognitoIdentityAuthProvider: string | null;
    }
  | {
      // OpenID Connect
      sub: string;
      issuer: string;
      claims: Record<string, unknown>;
    }
  | {
      // Lambda authorizer
      resolverContext: Record<string, unknown>;
    };

/** Who made a request, resolved by the server's auth layer before execution. */
export interface RequestAuth {
  authenticationType: AuthenticationType;
  identity: Identity;
  /** Lambda authorizer: `TypeName.fieldName`s the caller may not read (they resolve to null with Unauthorized). */
  deniedFields?: readonly string[];
}

/** `ctx.info`. */
export interface ResolverInfo {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/** What the server hands the engine to resolve one field. */
export interface FieldInvocation {
  typeName: string;
  fieldName: string;
  arguments: Record<string, unknown>;
  source: Record<string, unknown> | null;
  info: ResolverInfo;
  auth: RequestAuth;
  request: { headers: Record<string, string>; domainName: string | null };
  /** The name of the field's type without list or non-null wrappers, e.g. 'Post'. */
  outputType?: string;
  /** Time each step (the request log is on): the result then carries `steps`. */
  trace?: boolean;
}

/** One timed step of a resolver, for the request log (never values). */
export interface ResolverStepTiming {
  /** e.g. 'request', 'data source', 'response', 'before', 'function authorize request'. */
  step: string;
  /** Data source steps: the data source's name and type. */
  dataSource?: string;
  ms: number;
}

/** A GraphQL error as AppSync reports it for one field. */
export interface AppSyncFieldError {
  message: string;
  errorType: string;
  errorInfo?: unknown;
  data?: unknown;
}

/** A subscription filter as `util.transform.toSubscriptionFilter` / `extensions.setSubscriptionFilter` produce it. */
export interface SubscriptionFilterSet {
  filterGroup: Array<{ filters: Array<{ fieldName: string; operator: string; value?: unknown }> }>;
}

/** The result of resolving one field. */
export interface FieldResult {
  data: unknown;
  /** Errors from util.error / util.appendError / data sources / runtime failures. */
  errors: AppSyncFieldError[];
  /** Subscription fields only: filters set by extensions.setSubscriptionFilter. */
  subscriptionFilter?: SubscriptionFilterSet;
  subscriptionInvalidationFilter?: SubscriptionFilterSet;
  /** extensions.invalidateSubscriptions calls made while resolving (mutations). */
  invalidations?: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  /** util.http.addResponseHeader(s) calls: headers for the HTTP response. */
  responseHeaders?: Record<string, string>;
  /** When the invocation asked for `trace`: each step's duration, in order. */
  steps?: ResolverStepTiming[];
}

/** Evaluates resolvers. Implemented in local/appsync/js/. */
export interface ResolverEngine {
  /** True when the API attaches a resolver to typeName.fieldName. */
  hasResolver(typeName: string, fieldName: string): boolean;
  resolveField(invocation: FieldInvocation): Promise<FieldResult>;
}

/** How the engine reaches the services behind data sources. Provided by the sandbox. */
export interface DataSourceServices {
  /** DynamoDB endpoint (DynamoDB Local) and the physical table names of the template's tables. */
  dynamodb: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Invokes a template Lambda (by logical id). 'Event' resolves once queued. */
  invokeLambda(
    functionName: string,
    payload: unknown,
    invocationType: 'RequestResponse' | 'Event',
  ): Promise<{ payload: unknown; functionError?: { errorType: string; errorMessage: string } }>;
  /**
   * HTTP data sources whose endpoint is an AWS service (e.g. https://states.us-east-1.amazonaws.com)
   * are sent here instead: the local stand-in's base URL, or undefined to call the endpoint as is.
   */
  localEndpointFor?(endpoint: string): string | undefined;
  /** Credentials HTTP data sources sign with (SigV4) when their data source has an IAM signing config. */
  signingCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where AMAZON_BEDROCK_RUNTIME data sources send InvokeModel and Converse (the local model server). */
  bedrock?: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}
