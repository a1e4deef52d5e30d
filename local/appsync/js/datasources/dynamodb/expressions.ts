// Request-object expressions ({ expression, expressionNames, expressionValues })
// -> the SDK's *Expression / ExpressionAttributeNames / ExpressionAttributeValues.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors.js';
import { toSdkItem } from '../../runtime/attribute-values.js';

export interface RequestExpression {
  expression?: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, unknown>;
}

export interface SdkExpressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** Merges the placeholders of several expressions; the same placeholder must mean the same thing. */
export function mergePlaceholders(...expressions: Array<RequestExpression | undefined>): SdkExpressions {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const expression of expressions) {
    if (!expression) continue;
    for (const [placeholder, name] of Object.entries(expression.expressionNames ?? {})) {
      if (names[placeholder] !== undefined && names[placeholder] !== name) {
        throw new InvalidRequestError(`Expression name ${placeholder} is defined twice with different values`);
      }
      names[placeholder] = name;
    }
    Object.assign(values, toSdkItem(expression.expressionValues));
  }
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

export function expressionText(expression: RequestExpression | undefined, what: string): string | undefined {
  if (!expression) return undefined;
  if (typeof expression.expression !== 'string' || expression.expression.trim() === '') {
    throw new InvalidRequestError(`${what}: 'expression' must be a non-empty string`);
  }
  return expression.expression;
}

export function requireKey(key: unknown, operation: string): Record<string, AttributeValue> {
  if (typeof key !== 'object' || key === null || Object.keys(key).length === 0) {
    throw new InvalidRequestError(`${operation}: 'key' is required`);
  }
  return toSdkItem(key as Record<string, unknown>);
}
