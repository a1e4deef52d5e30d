import { describe, expect, it } from 'vitest';
import { createMySQLStatement, createPgStatement, insert, remove, select, sql, typeHint, update } from './rds-module.js';
import { toJsonObject } from './rds-results.js';

describe("'@aws-appsync/utils/rds' statements", () => {
  it('quotes identifiers per dialect and escapes the quote character', () => {
    expect(createPgStatement(select({ table: 'we"ird', columns: ['a.*'] })).statements).toEqual(['SELECT "a".* FROM "we""ird"']);
    expect(createMySQLStatement(select({ table: 'we`ird' })).statements).toEqual(['SELECT * FROM `we``ird`']);
  });

  it('parenthesizes nested groups: AND binds tighter than OR', () => {
    const request = createPgStatement(select({
      table: 't',
      where: { a: { eq: 1 }, or: [{ b: { eq: 2 } }, { and: [{ c: { eq: 3 } }, { d: { eq: 4 } }] }], e: { eq: null }, f: { ne: null } },
    }));
    expect(request.statements).toEqual(['SELECT * FROM "t" WHERE "a" = :P0 AND ("b" = :P1 OR ("c" = :P2 AND "d" = :P3)) AND "e" IS NULL AND "f" IS NOT NULL']);
    expect(request.variableMap).toEqual({ ':P0': 1, ':P1': 2, ':P2': 3, ':P3': 4 });
  });

  it('numbers variables across both statements of one request', () => {
    const request = createMySQLStatement(insert({ table: 't', values: { a: 1 } }), sql`select * from t where a = ${1} and b = ${typeHint.UUID('u')}`);
    expect(request.statements).toEqual(['INSERT INTO `t`(`a`) VALUES(:P0)', 'select * from t where a = :P1 and b = :P2']);
    expect(request).toMatchObject({ variableMap: { ':P0': 1, ':P1': 1, ':P2': 'u' }, variableTypeHintMap: { ':P2': 'UUID' } });
  });

  it('renders joins, aliases, sub-selects and plain-string statements', () => {
    const request = createPgStatement(select({
      from: { p: 'posts' },
      columns: [{ title: 'p.title' }, { authorName: select({ table: 'authors', columns: ['name'], where: sql`authors.id = p.author_id` }) }],
      leftJoin: [{ table: 'comments', using: ['post_id'] }],
      innerJoin: [{ table: 'tags', on: sql`tags.post_id = p.id` }],
      orderBy: [{ column: 'p.created', dir: 'desc' }],
    }), 'SELECT 1');
    expect(request.statements).toEqual([
      'SELECT "p"."title" AS "title", (SELECT "name" FROM "authors" WHERE authors.id = p.author_id) AS "authorName" FROM "posts" AS "p" LEFT JOIN "comments" USING ("post_id") INNER JOIN "tags" ON tags.post_id = p.id ORDER BY "p"."created" DESC',
      'SELECT 1',
    ]);
  });

  it('refuses empty values, a missing table and unknown operators', () => {
    expect(() => createPgStatement(insert({ table: 't', values: {} }))).toThrow('values are required');
    expect(() => createPgStatement(update({ table: 't', values: {} }))).toThrow('values are required');
    expect(() => createPgStatement(remove({ where: { a: { eq: 1 } } }))).toThrow('needs a table');
    expect(() => createPgStatement(select({ table: 't', where: { a: { in: [1] } } }))).toThrow("Unsupported condition operator 'in'");
    expect(() => createPgStatement(null as unknown as string)).toThrow('at least one statement');
  });
});

describe('toJsonObject', () => {
  it('converts each Data API value type and returns [] for statements without records', () => {
    const result = {
      sqlStatementResults: [
        { numberOfRecordsUpdated: 2 },
        {
          columnMetadata: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { name: 'e' }, { name: 'f' }],
          records: [[{ longValue: 1 }, { doubleValue: 1.5 }, { booleanValue: true }, { isNull: true }, { arrayValue: { stringValues: ['x'] } }, { blobValue: 'AAE=' }]],
        },
      ],
    };
    expect(toJsonObject(result)).toEqual([[], [{ a: 1, b: 1.5, c: true, d: null, e: ['x'], f: 'AAE=' }]]);
  });
});
