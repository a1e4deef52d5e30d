// The `util` object of '@aws-appsync/utils' (FACTS.md: the package is types only).
// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html
import type { AuthenticationType } from '../../types.js';
import { ResolverRaisedError } from '../errors.js';
import { dynamodbUtils } from './attribute-values.js';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './encoding.js';
import { toExpression } from './expression-builder.js';
import { autoId, autoKsuid, autoUlid } from './ids.js';
import { currentInvocation } from './invocation-state.js';
import { toSubscriptionFilter } from './subscription-filter.js';
import * as types from './type-checks.js';
import { timeUtils } from './util-time.js';

/** util.error without a type: AppSync reports 'CustomTemplateException'. */
const DEFAULT_ERROR_TYPE = 'CustomTemplateException';

/** util.authType(): https://docs.aws.amazon.com/appsync/latest/devguide/utility-helpers-in-util-js.html */
const AUTH_TYPE_NAMES: Record<AuthenticationType, string> = {
  API_KEY: 'API Key Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  AWS_IAM: 'IAM Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
};

function raise(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): never {
  throw new ResolverRaisedError(
    String(message),
    typeof errorType === 'string' && errorType !== '' ? errorType : DEFAULT_ERROR_TYPE,
    data ?? undefined,
    errorInfo ?? undefined,
  );
}

export const util = {
  autoId,
  autoUlid,
  autoKsuid,
  error: raise,
  appendError(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): void {
    const error = {
      message: String(message),
      errorType: typeof errorType === 'string' && errorType !== '' ? errorType : DEFAULT_ERROR_TYPE,
      ...(data === undefined || data === null ? {} : { data }),
      ...(errorInfo === undefined || errorInfo === null ? {} : { errorInfo }),
    };
    currentInvocation().errors.push(error);
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
  transform: {
    toDynamoDBFilterExpression: (filter: Record<string, unknown>): string => JSON.stringify(toExpression(filter)),
    toDynamoDBConditionExpression: (condition: Record<string, unknown>): string =>
      JSON.stringify(toExpression(condition)),
    toSubscriptionFilter,
  },
  str: {
    toUpper: (value: string): string => String(value).toUpperCase(),
    toLower: (value: string): string => String(value).toLowerCase(),
    toReplace: (value: string, find: string, replacement: string): string =>
      String(value).split(String(find)).join(String(replacement)),
    normalize: (value: string, form: string): string => String(value).normalize(form.toUpperCase()),
  },
  math: {
    roundNum: (value: number): number => Math.round(value),
    minVal: (a: number, b: number): number => Math.min(a, b),
    maxVal: (a: number, b: number): number => Math.max(a, b),
    randomDouble: (): number => Math.random(),
    randomWithinRange: (start: number, end: number): number =>
      Math.floor(Math.random() * (end - start + 1)) + start,
  },
  http: {
    copyHeaders: (headers: Record<string, unknown>): Record<string, unknown> => ({ ...headers }),
  },
};
