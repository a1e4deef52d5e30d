// Builds DynamoDB expressions (filter, condition, key condition, projection)
// from AppSync's filter objects, e.g. { title: { contains: 'x' }, or: [...] }.
// https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html
import { toDynamoDB, type TypedValue } from './attribute-values.js';

export interface DynamoDBExpression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, TypedValue>;
}

const ATTRIBUTE_TYPES: Record<string, string> = {
  _null: 'NULL', string: 'S', stringSet: 'SS', number: 'N', numberSet: 'NS',
  binary: 'B', binarySet: 'BS', boolean: 'BOOL', list: 'L', map: 'M',
};
const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };
const OPERATORS = new Set([
  ...Object.keys(COMPARATORS), 'between', 'beginsWith', 'contains', 'notContains', 'in',
  'attributeExists', 'attributeType', 'size',
]);

/** Collects placeholder names and values for one expression. */
export class ExpressionScope {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, TypedValue> = {};

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let unique = placeholder;
    for (let n = 1; this.names[unique] !== undefined && this.names[unique] !== attribute; n += 1) {
      unique = `${placeholder}_${n}`;
    }
    this.names[unique] = attribute;
    return unique;
  }

  /** `a.b[2]` -> `#a.#b[2]`. */
  path(attributePath: string): string {
    return attributePath
      .split('.')
      .map((segment) => {
        const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment);
        return match ? this.name(match[1] ?? segment) + (match[2] ?? '') : this.name(segment);
      })
      .join('.');
  }

  value(hint: string, value: unknown): string {
    const base = `:${hint.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let unique = base;
    for (let n = 1; this.values[unique] !== undefined; n += 1) unique = `${base}_${n}`;
    this.values[unique] = toDynamoDB(value);
    return unique;
  }

  build(expression: string): DynamoDBExpression {
    const result: DynamoDBExpression = { expression };
    if (Object.keys(this.names).length > 0) result.expressionNames = { ...this.names };
    if (Object.keys(this.values).length > 0) result.expressionValues = { ...this.values };
    return result;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function operatorClause(scope: ExpressionScope, path: string, field: string, op: string, operand: unknown): string {
  const hint = `${field}_${op}`;
  const comparator = COMPARATORS[op];
  if (comparator) return `${path} ${comparator} ${scope.value(hint, operand)}`;
  switch (op) {
    case 'between': {
      const [low, high] = operand as [unknown, unknown];
      return `${path} BETWEEN ${scope.value(`${hint}_0`, low)} AND ${scope.value(`${hint}_1`, high)}`;
    }
    case 'beginsWith': return `begins_with(${path}, ${scope.value(hint, operand)})`;
    case 'contains': return `contains(${path}, ${scope.value(hint, operand)})`;
    case 'notContains': return `NOT contains(${path}, ${scope.value(hint, operand)})`;
    case 'in': {
      const list = (operand as unknown[]).map((item, i) => scope.value(`${hint}_${i}`, item));
      return `${path} IN (${list.join(', ')})`;
    }
    case 'attributeExists': return operand ? `attribute_exists(${path})` : `attribute_not_exists(${path})`;
    case 'attributeType':
      return `attribute_type(${path}, ${scope.value(hint, ATTRIBUTE_TYPES[String(operand)] ?? operand)})`;
    case 'size': {
      const inner = Object.entries(operand as Record<string, unknown>).map(([sizeOp, sizeOperand]) =>
        operatorClause(scope, `size(${path})`, `${field}_size`, sizeOp, sizeOperand));
      return inner.length === 1 ? (inner[0] ?? '') : inner.map((c) => `(${c})`).join(' AND ');
    }
    default: throw new Error(`Unsupported filter operator '${op}' on field '${field}'`);
  }
}

function fieldClauses(scope: ExpressionScope, fieldPath: string[], spec: unknown): string[] {
  if (!isPlainObject(spec)) throw new Error(`Filter for '${fieldPath.join('.')}' must be an object of operators`);
  const field = fieldPath.join('_');
  const path = fieldPath.map((f) => scope.name(f)).join('.');
  const clauses: string[] = [];
  for (const [op, operand] of Object.entries(spec)) {
    if (operand === undefined) continue;
    if (OPERATORS.has(op)) clauses.push(operatorClause(scope, path, field, op, operand));
    else clauses.push(...fieldClauses(scope, [...fieldPath, op], operand));
  }
  return clauses;
}

function joinClauses(clauses: string[], joiner: 'AND' | 'OR'): string {
  if (clauses.length === 1) return clauses[0] ?? '';
  return clauses.map((c) => `(${c})`).join(` ${joiner} `);
}

export function filterClause(scope: ExpressionScope, filter: Record<string, unknown>): string {
  const clauses: string[] = [];
  for (const [key, spec] of Object.entries(filter)) {
    if (spec === undefined || spec === null) continue;
    if (key === 'and' || key === 'or') {
      const parts = (Array.isArray(spec) ? spec : [spec]).map((f) => filterClause(scope, f as Record<string, unknown>));
      if (parts.length > 0) clauses.push(`(${joinClauses(parts, key === 'and' ? 'AND' : 'OR')})`);
    } else if (key === 'not') {
      clauses.push(`(NOT (${filterClause(scope, spec as Record<string, unknown>)}))`);
    } else {
      clauses.push(...fieldClauses(scope, [key], spec));
    }
  }
  return joinClauses(clauses, 'AND');
}

/** A filter/condition object -> DynamoDB expression (null when it has no clauses). */
export function toExpression(filter: Record<string, unknown> | null | undefined): DynamoDBExpression | null {
  if (!filter) return null;
  const scope = new ExpressionScope();
  const expression = filterClause(scope, filter);
  return expression === '' ? null : scope.build(expression);
}

/** A list of attribute paths -> projection expression. */
export function toProjection(paths: string[] | null | undefined): { expression: string; expressionNames: Record<string, string> } | undefined {
  if (!paths || paths.length === 0) return undefined;
  const scope = new ExpressionScope();
  const expression = paths.map((p) => scope.path(p)).join(', ');
  return { expression, expressionNames: { ...scope.names } };
}
