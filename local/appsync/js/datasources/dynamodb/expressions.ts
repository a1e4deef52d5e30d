// Request-object expressions ({ expression, expressionNames, expressionValues })
// -> DynamoDB's *Expression / ExpressionAttributeNames / ExpressionAttributeValues.
import { InvalidRequestError } from '../../errors.js';
import { toWireItem } from '../../runtime/attribute-values.js';
import type { WireItem } from './wire-client.js';

export interface RequestExpression {
  expression?: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, unknown>;
}

export interface WireExpressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: WireItem;
}

/** Merges the placeholders of several expressions; the same placeholder must mean the same thing. */
export function mergePlaceholders(...expressions: Array<RequestExpression | undefined>): WireExpressions {
  const names: Record<string, string> = {};
  const values: WireItem = {};
  for (const expression of expressions) {
    if (!expression) continue;
    for (const [placeholder, name] of Object.entries(expression.expressionNames ?? {})) {
      if (names[placeholder] !== undefined && names[placeholder] !== name) {
        throw new InvalidRequestError(`Expression name ${placeholder} is defined twice with different values`);
      }
      names[placeholder] = name;
    }
    Object.assign(values, toWireItem(expression.expressionValues));
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

export function requireKey(key: unknown, operation: string): WireItem {
  if (typeof key !== 'object' || key === null || Object.keys(key).length === 0) {
    throw new InvalidRequestError(`${operation}: 'key' is required`);
  }
  return toWireItem(key as Record<string, unknown>);
}
