// The `util` object of '@aws-appsync/utils' (FACTS.md: the package is types only).
// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html
import type { AuthenticationType } from '../../types.js';
import { ResolverRaisedError } from '../errors.js';
import { dynamodbUtils } from './attribute-values.js';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './encoding.js';
import { toExpression } from './expression-builder.js';
import { httpUtils } from './http-utils.js';
import { autoId, autoKsuid, autoUlid } from './ids.js';
import { currentInvocation } from './invocation-state.js';
import { mathUtils } from './math-utils.js';
import { toElasticsearchQueryDSL } from './opensearch-query.js';
import { toJsonObject } from './rds-results.js';
import { stringUtils } from './string-utils.js';
import { toSubscriptionFilter } from './subscription-filter.js';
import * as types from './type-checks.js';
import { timeUtils } from './util-time.js';
import { xmlUtils } from './xml-utils.js';

/** util.error without a type: AppSync reports 'CustomTemplateException'. */
const DEFAULT_ERROR_TYPE = 'CustomTemplateException';

/** util.authType(): https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html */
const AUTH_TYPE_NAMES: Record<AuthenticationType, string> = {
  API_KEY: 'API Key Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  AWS_IAM: 'IAM Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
};

const errorTypeOf = (errorType: unknown): string => (typeof errorType === 'string' && errorType !== '' ? errorType : DEFAULT_ERROR_TYPE);

function raise(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): never {
  throw new ResolverRaisedError(String(message), errorTypeOf(errorType), data ?? undefined, errorInfo ?? undefined);
}

/** A transform result is a JSON string; an empty filter has no expression. */
const expressionJson = (filter: Record<string, unknown>): string => JSON.stringify(toExpression(filter));

export const util = {
  autoId,
  autoUlid,
  autoKsuid,
  error: raise,
  appendError(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): void {
    currentInvocation().errors.push({
      message: String(message),
      errorType: errorTypeOf(errorType),
      ...(data === undefined || data === null ? {} : { data }),
      ...(errorInfo === undefined || errorInfo === null ? {} : { errorInfo }),
    });
  },
  unauthorized(): never {
    const { typeName, fieldName } = currentInvocation();
    throw new ResolverRaisedError(`Not Authorized to access ${fieldName} on type ${typeName}`, 'Unauthorized');
  },
  authType: (): string => AUTH_TYPE_NAMES[currentInvocation().authenticationType],
  ...types,
  base64Encode,
  base64Decode,
  urlEncode,
  urlDecode,
  escapeJavaScript,
  time: timeUtils,
  dynamodb: dynamodbUtils,
  rds: { toJsonObject },
  http: httpUtils,
  xml: xmlUtils,
  transform: {
    toDynamoDBFilterExpression: expressionJson,
    toDynamoDBConditionExpression: expressionJson,
    toElasticsearchQueryDSL,
    toSubscriptionFilter,
  },
  str: stringUtils,
  math: mathUtils,
};
