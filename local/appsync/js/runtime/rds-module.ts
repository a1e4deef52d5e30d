// The '@aws-appsync/utils/rds' module: SQL statement helpers and the request builders
// createPgStatement / createMySQLStatement ({ statements, variableMap, variableTypeHintMap }).
// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html
import {
  Aggregate, InvalidSqlInputError, RenderContext, SqlStatement, TypeHinted,
  renderColumn, renderCondition, renderSource, type Dialect,
} from './rds-sql.js';
import { toJsonObject } from './rds-results.js';

type Json = Record<string, unknown>;
type OrderBy = { column: string; dir?: string };

const source = (payload: Json): unknown => payload.table ?? payload.from;

function returning(context: RenderContext, payload: Json): string {
  const columns = payload.returning;
  if (columns === undefined || columns === null) return '';
  if (columns === '*') return ' RETURNING *';
  return ` RETURNING ${(columns as unknown[]).map((c) => renderColumn(context, c)).join(', ')}`;
}

const where = (context: RenderContext, payload: Json): string =>
  payload.where === undefined || payload.where === null ? '' : ` WHERE ${renderCondition(context, payload.where)}`;

const JOINS: Record<string, string> = {
  join: 'JOIN', innerJoin: 'INNER JOIN', leftJoin: 'LEFT JOIN', leftOuterJoin: 'LEFT OUTER JOIN',
  rightJoin: 'RIGHT JOIN', rightOuterJoin: 'RIGHT OUTER JOIN', fullOuterJoin: 'FULL OUTER JOIN', crossJoin: 'CROSS JOIN',
  joinNatural: 'NATURAL JOIN', innerJoinNatural: 'NATURAL INNER JOIN', leftJoinNatural: 'NATURAL LEFT JOIN',
  leftOuterJoinNatural: 'NATURAL LEFT OUTER JOIN', rightJoinNatural: 'NATURAL RIGHT JOIN',
  rightOuterJoinNatural: 'NATURAL RIGHT OUTER JOIN', fullOuterJoinNatural: 'NATURAL FULL OUTER JOIN',
};

function joins(context: RenderContext, payload: Json): string {
  // In the payload's order, as written.
  return Object.keys(payload).filter((key) => key in JOINS).flatMap((key) => ((payload[key] ?? []) as Json[]).map((join) => {
    const keyword = JOINS[key] ?? 'JOIN';
    const using = Array.isArray(join.using) ? ` USING (${join.using.map((c: unknown) => renderColumn(context, c)).join(', ')})` : '';
    const on = join.on === undefined || join.on === null ? '' : ` ON ${renderCondition(context, join.on)}`;
    return ` ${keyword} ${renderSource(context, source(join))}${using}${on}`;
  })).join('');
}

export function select(payload: Json): SqlStatement {
  // Parts render in statement order, so variables are numbered as they appear.
  return new SqlStatement((context) => {
    const parts = [
      'SELECT ',
      payload.columns === undefined || payload.columns === '*' ? '*' : (payload.columns as unknown[]).map((c) => renderColumn(context, c)).join(', '),
      ` FROM ${renderSource(context, source(payload))}`,
      joins(context, payload),
      where(context, payload),
    ];
    if (Array.isArray(payload.groupBy) && payload.groupBy.length > 0) {
      parts.push(` GROUP BY ${payload.groupBy.map((g: unknown) => (typeof g === 'number' ? String(g) : context.identifier(String(g)))).join(', ')}`);
    }
    if (payload.having) parts.push(` HAVING ${renderCondition(context, payload.having)}`);
    if (Array.isArray(payload.orderBy) && payload.orderBy.length > 0) {
      parts.push(` ORDER BY ${(payload.orderBy as OrderBy[]).map((o) => `${context.identifier(o.column)}${o.dir ? ` ${o.dir.toUpperCase()}` : ''}`).join(', ')}`);
    }
    if (payload.limit !== undefined && payload.limit !== null) parts.push(` LIMIT ${context.bind(payload.limit)}`);
    if (payload.offset !== undefined && payload.offset !== null) parts.push(` OFFSET ${context.bind(payload.offset)}`);
    return parts.join('');
  });
}

export function insert(payload: Json): SqlStatement {
  return new SqlStatement((context) => {
    const entries = Object.entries((payload.values ?? {}) as Json).filter(([, v]) => v !== undefined);
    if (entries.length === 0) throw new InvalidSqlInputError('insert: values are required');
    const columns = entries.map(([column]) => context.identifier(column)).join(', ');
    const values = entries.map(([, value]) => context.bind(value)).join(', ');
    return `INSERT INTO ${renderSource(context, source(payload))}(${columns}) VALUES(${values})${returning(context, payload)}`;
  });
}

export function update(payload: Json): SqlStatement {
  return new SqlStatement((context) => {
    const entries = Object.entries((payload.values ?? {}) as Json).filter(([, v]) => v !== undefined);
    if (entries.length === 0) throw new InvalidSqlInputError('update: values are required');
    const assignments = entries.map(([column, value]) => `${context.identifier(column)} = ${context.bind(value)}`).join(', ');
    return `UPDATE ${renderSource(context, source(payload))} SET ${assignments}${where(context, payload)}${returning(context, payload)}`;
  });
}

export function remove(payload: Json): SqlStatement {
  return new SqlStatement((context) =>
    `DELETE FROM ${renderSource(context, source(payload))}${where(context, payload)}${returning(context, payload)}`);
}

/** sql`...${value}...`: values become variables; the text is sent as written (not quoted). */
export function sql(literal: TemplateStringsArray | string[], ...args: unknown[]): SqlStatement {
  return new SqlStatement((context) => literal.reduce((text: string, part: string, index: number) => {
    if (index === 0) return part;
    const value = args[index - 1];
    return `${text}${value instanceof SqlStatement ? value.render(context) : context.bind(value)}${part}`;
  }, ''));
}

type Statement = SqlStatement | string;

function createStatement(dialect: Dialect, statements: Array<Statement | null | undefined>) {
  const context = new RenderContext(dialect);
  const rendered = statements
    .filter((s): s is Statement => s !== undefined && s !== null)
    .map((s) => (typeof s === 'string' ? s : s.render(context)));
  if (rendered.length === 0) throw new InvalidSqlInputError('createStatement: at least one statement is required');
  return { statements: rendered, variableMap: context.variableMap, variableTypeHintMap: context.variableTypeHintMap };
}

export const createPgStatement = (statement1: Statement, statement2?: Statement | null) => createStatement('postgres', [statement1, statement2]);
export const createMySQLStatement = (statement1: Statement, statement2?: Statement | null) => createStatement('mysql', [statement1, statement2]);

const hint = (name: string, encode: (value: unknown) => unknown = (v) => v) => (value: unknown): TypeHinted => new TypeHinted(name, encode(value));

export const typeHint = {
  DECIMAL: hint('DECIMAL', (v) => String(v)),
  JSON: hint('JSON', (v) => (typeof v === 'string' ? v : JSON.stringify(v))),
  TIMESTAMP: hint('TIMESTAMP'),
  TIME: hint('TIME'),
  UUID: hint('UUID'),
  DATE: hint('DATE'),
};

const aggregate = (fn: string, distinct: boolean) => (column: string): Aggregate => new Aggregate(fn, column, distinct);

export const agg = {
  max: aggregate('MAX', false), maxDistinct: aggregate('MAX', true),
  min: aggregate('MIN', false), minDistinct: aggregate('MIN', true),
  count: aggregate('COUNT', false), countDistinct: aggregate('COUNT', true),
  avg: aggregate('AVG', false), avgDistinct: aggregate('AVG', true),
  sum: aggregate('SUM', false), sumDistinct: aggregate('SUM', true),
};

export const rdsModule = {
  select, insert, update, remove, sql, createPgStatement, createMySQLStatement, toJsonObject, typeHint, agg,
};
