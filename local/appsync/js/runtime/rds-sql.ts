// SQL rendering for the '@aws-appsync/utils/rds' helpers: quoted identifiers per dialect,
// values bound as :P0, :P1... in the request's variableMap, and condition objects.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html

export type Dialect = 'postgres' | 'mysql';

export class InvalidSqlInputError extends Error {
  override name = 'InvalidSqlInputError';
}

/** Collects the bound values of one request (createPgStatement / createMySQLStatement). */
export class RenderContext {
  readonly variableMap: Record<string, unknown> = {};
  readonly variableTypeHintMap: Record<string, string> = {};
  private next = 0;

  constructor(readonly dialect: Dialect) {}

  bind(value: unknown): string {
    const name = `:P${this.next}`;
    this.next += 1;
    if (value instanceof TypeHinted) {
      this.variableMap[name] = value.value;
      this.variableTypeHintMap[name] = value.hint;
    } else {
      this.variableMap[name] = value === undefined ? null : value;
    }
    return name;
  }

  /** `private.persons` -> "private"."persons"; `*` stays bare. */
  identifier(name: string): string {
    const quote = this.dialect === 'postgres' ? '"' : '`';
    return String(name).split('.').map((part) => (part === '*' ? part : `${quote}${part.split(quote).join(quote + quote)}${quote}`)).join('.');
  }
}

/** A piece of SQL rendered once the dialect is known. */
export class SqlStatement {
  constructor(private readonly renderWith: (context: RenderContext) => string) {}

  render(context: RenderContext): string {
    return this.renderWith(context);
  }
}

/** typeHint.JSON(value) & co: the value travels with its Data API type hint. */
export class TypeHinted {
  constructor(readonly hint: string, readonly value: unknown) {}
}

/** agg.count('id') & co. */
export class Aggregate {
  constructor(readonly fn: string, readonly column: string, readonly distinct: boolean) {}

  render(context: RenderContext): string {
    return `${this.fn}(${this.distinct ? 'DISTINCT ' : ''}${context.identifier(this.column)})`;
  }
}

type Json = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof SqlStatement) && !(value instanceof TypeHinted);

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };
const AGGREGATES: Record<string, [string, boolean]> = {
  max: ['MAX', false], min: ['MIN', false], avg: ['AVG', false], sum: ['SUM', false], count: ['COUNT', false],
  maxDistinct: ['MAX', true], minDistinct: ['MIN', true], avgDistinct: ['AVG', true], sumDistinct: ['SUM', true], countDistinct: ['COUNT', true],
};

function likeValue(value: unknown, before: string, after: string): unknown {
  return value instanceof TypeHinted ? value : `${before}${String(value)}${after}`;
}

function operatorClause(context: RenderContext, subject: string, op: string, operand: unknown): string[] {
  const comparator = COMPARATORS[op];
  if (comparator) {
    if (operand === null && (op === 'eq' || op === 'ne')) return [`${subject} IS ${op === 'eq' ? '' : 'NOT '}NULL`];
    return [`${subject} ${comparator} ${context.bind(operand)}`];
  }
  switch (op) {
    case 'contains': return [`${subject} LIKE ${context.bind(likeValue(operand, '%', '%'))}`];
    case 'notContains': return [`${subject} NOT LIKE ${context.bind(likeValue(operand, '%', '%'))}`];
    case 'beginsWith': return [`${subject} LIKE ${context.bind(likeValue(operand, '', '%'))}`];
    case 'between': {
      const [low, high] = operand as [unknown, unknown];
      return [`${subject} BETWEEN ${context.bind(low)} AND ${context.bind(high)}`];
    }
    case 'attributeExists': return [`${subject} IS ${operand ? 'NOT ' : ''}NULL`];
    case 'size': return nestedClauses(context, `LENGTH(${subject})`, operand);
    default: {
      const aggregate = AGGREGATES[op];
      if (!aggregate) throw new InvalidSqlInputError(`Unsupported condition operator '${op}'`);
      return nestedClauses(context, `${aggregate[0]}(${aggregate[1] ? 'DISTINCT ' : ''}${subject})`, operand);
    }
  }
}

function nestedClauses(context: RenderContext, subject: string, spec: unknown): string[] {
  if (!isPlainObject(spec)) throw new InvalidSqlInputError(`Condition on ${subject} must be an object of operators`);
  return Object.entries(spec).filter(([, v]) => v !== undefined).flatMap(([op, v]) => operatorClause(context, subject, op, v));
}

interface Part { text: string; joiner?: 'AND' | 'OR' }

const wrap = (part: Part): string => (part.joiner ? `(${part.text})` : part.text);
const join = (parts: Part[], joiner: 'AND' | 'OR'): Part =>
  parts.length === 1 ? (parts[0] as Part) : { text: parts.map(wrap).join(` ${joiner} `), joiner };

function conditionPart(context: RenderContext, condition: unknown): Part {
  if (condition instanceof SqlStatement) return { text: condition.render(context) };
  if (!isPlainObject(condition)) throw new InvalidSqlInputError('A condition must be an object or a sql`` statement');
  const parts: Part[] = [];
  for (const [key, spec] of Object.entries(condition)) {
    if (spec === undefined) continue;
    const list = Array.isArray(spec) ? spec : [spec];
    if (key === 'and' || key === 'or') {
      const nested = list.map((c) => conditionPart(context, c));
      if (nested.length > 0) parts.push(join(nested, key === 'and' ? 'AND' : 'OR'));
    } else if (key === 'not') {
      const nested = list.map((c) => conditionPart(context, c));
      if (nested.length > 0) parts.push({ text: `NOT (${nested.map(wrap).join(' AND ')})` });
    } else {
      parts.push(...nestedClauses(context, context.identifier(key), spec).map((text) => ({ text })));
    }
  }
  if (parts.length === 0) throw new InvalidSqlInputError('A condition needs at least one clause');
  // AND binds tighter than OR: only OR groups need parentheses among ANDed parts.
  return parts.length === 1 ? (parts[0] as Part) : { text: parts.map((p) => (p.joiner === 'OR' ? `(${p.text})` : p.text)).join(' AND '), joiner: 'AND' };
}

export function renderCondition(context: RenderContext, condition: unknown): string {
  return conditionPart(context, condition).text;
}

/** A column, aggregate, `{ alias: column | statement }` or sub-statement in a select list. */
export function renderColumn(context: RenderContext, column: unknown): string {
  if (column instanceof Aggregate) return column.render(context);
  if (column instanceof SqlStatement) return `(${column.render(context)})`;
  if (typeof column === 'string') return context.identifier(column);
  if (isPlainObject(column)) {
    return Object.entries(column).map(([alias, source]) => `${renderColumn(context, source)} AS ${context.identifier(alias)}`).join(', ');
  }
  throw new InvalidSqlInputError(`Unsupported column ${JSON.stringify(column)}`);
}

/** `table` or `from`: a name, `{ alias: name }`, or a sub-select. */
export function renderSource(context: RenderContext, source: unknown): string {
  if (source instanceof SqlStatement) return `(${source.render(context)})`;
  if (typeof source === 'string') return context.identifier(source);
  if (isPlainObject(source)) {
    return Object.entries(source).map(([alias, inner]) => `${renderSource(context, inner)} AS ${context.identifier(alias)}`).join(', ');
  }
  throw new InvalidSqlInputError('A statement needs a table (or from)');
}
