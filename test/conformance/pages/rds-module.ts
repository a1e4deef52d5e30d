// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html
// (the same select/insert/update/remove/casting examples appear under "Amazon RDS module
// functions" on https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html).
// The page shows each generated statement in a comment, with illustrative variable names
// (:NAME, :ID): statements are compared with those names read as "a bound variable".
import { expect } from 'vitest';
import type { CaseRun, ConformanceCase, ReferencePage } from '../support/conformance.js';

type RdsRequest = { statements: string[]; variableMap: Record<string, unknown>; variableTypeHintMap: Record<string, string> };

const normalized = (sql: string): string => sql.replace(/\s+/g, ' ').replace(/:\w+/g, ':?').trim().toLowerCase();

function expectStatements(run: CaseRun, documented: string[], variables: unknown[], hints: string[] = []): void {
  expect(run.error).toBeUndefined();
  const request = run.evaluationResult as RdsRequest;
  expect(request.statements.map(normalized)).toEqual(documented.map(normalized));
  expect(Object.values(request.variableMap)).toEqual(variables);
  expect(Object.values(request.variableTypeHintMap)).toEqual(hints);
}

const statementCase = (name: string, code: string, documented: string[], variables: unknown[], extra: Partial<ConformanceCase> = {}): ConformanceCase => ({
  name, code, check: (run) => expectStatements(run, documented, variables), ...extra,
});

const PERSONS_SELECT = (options: string) => `import { select, createPgStatement } from '@aws-appsync/utils/rds';
export function request(ctx) {
    return createPgStatement(select({
        table: 'persons',
        columns: ['id', 'name'],
${options}
    }));
}`;

const BOOKS_RESULT = {
  sqlStatementResults: [{
    numberOfRecordsUpdated: 0,
    records: [
      [{ stringValue: 'Mark Twain' }, { stringValue: 'Adventures of Huckleberry Finn' }, { stringValue: '978-1948132817' }],
      [{ stringValue: 'Jack London' }, { stringValue: 'The Call of the Wild' }, { stringValue: '978-1948132275' }],
    ],
    columnMetadata: [{ label: 'author', name: 'author' }, { label: 'title', name: 'title' }, { label: 'ISBN-13', name: 'ISBN-13' }],
  }],
};

export const rdsModulePage: ReferencePage = {
  title: 'JavaScript resolver function reference for Amazon RDS (the rds module)',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html',
  cases: [
    statementCase('sql tagged template: SELECT * FROM table WHERE column = ${ctx.args.col} (the value travels in the variable map)', `import { sql, createMySQLStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
  const query = sql\`
SELECT * FROM table
WHERE column = \${ctx.args.col}\`
  ;
  return createMySQLStatement(query);
}`, ['SELECT * FROM table WHERE column = :col'], ["x'; DROP TABLE t; --"], { context: { arguments: { col: "x'; DROP TABLE t; --" } } }),
    statementCase('createMySQLStatement(s1, s2): an insert and a select in one request', `import { sql, createMySQLStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { id, text } = ctx.args;
    const s1 = sql\`insert into Post(id, text) values(\${id}, \${text})\`;
    const s2 = sql\`select * from Post where id = \${id}\`;
    return createMySQLStatement(s1, s2);
}`, ['insert into Post(id, text) values(:id, :text)', 'select * from Post where id = :id'], ['p1', 'hello', 'p1'], { context: { arguments: { id: 'p1', text: 'hello' } } }),
    {
      name: 'toJsonObject(result)[1][0]: one list of rows per statement, keyed by column label',
      handler: 'response',
      code: `import { toJsonObject } from '@aws-appsync/utils/rds';

export function response(ctx) {
    const { error, result } = ctx;
    if (error) {
        return util.appendError(
            error.message,
            error.type,
            result
        )
    }
    return toJsonObject(result)[1][0]
}`,
      context: { arguments: {}, result: JSON.stringify({ sqlStatementResults: [{ numberOfRecordsUpdated: 1 }, { records: [[{ stringValue: 'p1' }, { stringValue: 'hello' }]], columnMetadata: [{ label: 'id' }, { label: 'text' }] }] }) },
      expected: { id: 'p1', text: 'hello' },
    },
    {
      name: 'toJsonObject returns null when the result value is invalid or unexpected',
      handler: 'response',
      code: `import { toJsonObject } from '@aws-appsync/utils/rds';
export function response(ctx) { return [toJsonObject('not json'), toJsonObject({ nothing: true })]; }`,
      expected: [null, null],
    },
    statementCase('select({ table: "persons" }) generates SELECT * FROM "persons"', `import { select, createPgStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {

    // Generates statement:
    // "SELECT * FROM "persons"
    return createPgStatement(select({table: 'persons'}));
}`, ['SELECT * FROM "persons"'], [], { note: 'the page\'s comment starts with a stray quote' }),
    statementCase('select({ table: "private.persons" }) quotes the schema: SELECT * FROM "private"."persons"', `import { select, createPgStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    return createPgStatement(select({table: 'private.persons'}));
}`, ['SELECT * FROM "private"."persons"'], []),
    statementCase('columns: SELECT "id", "name" FROM "persons"', PERSONS_SELECT(''), ['SELECT "id", "name" FROM "persons"'], []),
    statementCase('a column\'s table: SELECT "id", "persons"."name" FROM "persons"', `import { select, createPgStatement } from '@aws-appsync/utils/rds';
export function request(ctx) {
    return createPgStatement(select({
        table: 'persons',
        columns: ['id', 'persons.name']
    }));
}`, ['SELECT "id", "persons"."name" FROM "persons"'], []),
    statementCase('limit and offset: ... LIMIT :limit OFFSET :offset', PERSONS_SELECT('        limit: 10,\n        offset: 40'), ['SELECT "id", "name" FROM "persons" LIMIT :limit OFFSET :offset'], [10, 40]),
    statementCase('orderBy: ORDER BY "name", "id" DESC', PERSONS_SELECT("        orderBy: [{column: 'name'}, {column: 'id', dir: 'DESC'}]"), ['SELECT "id", "name" FROM "persons" ORDER BY "name", "id" DESC'], []),
    statementCase('where: WHERE "name" = :NAME', PERSONS_SELECT("        where: {name: {eq: 'Stephane'}}"), ['SELECT "id", "name" FROM "persons" WHERE "name" = :NAME'], ['Stephane']),
    statementCase('combined filters: WHERE "name" = :NAME and "id" > :ID', PERSONS_SELECT("        where: {name: {eq: 'Stephane'}, id: {gt: 10}}"), ['SELECT "id", "name" FROM "persons" WHERE "name" = :NAME and "id" > :ID'], ['Stephane', 10]),
    statementCase('or: WHERE "name" = :NAME OR "id" > :ID', PERSONS_SELECT("        where: { or: [\n            { name: { eq: 'Stephane'} },\n            { id: { gt: 10 } }\n        ]}"), ['SELECT "id", "name" FROM "persons" WHERE "name" = :NAME OR "id" > :ID'], ['Stephane', 10]),
    statementCase('not: WHERE NOT ("name" = :NAME AND "id" > :ID)', PERSONS_SELECT("        where: { not: [\n            { name: { eq: 'Stephane'} },\n            { id: { gt: 10 } }\n        ]}"), ['SELECT "id", "name" FROM "persons" WHERE NOT ("name" = :NAME AND "id" > :ID)'], ['Stephane', 10]),
    statementCase('the other operators: ne, le, lt, ge, contains (LIKE), notContains (NOT LIKE), beginsWith, between, attributeExists, size', PERSONS_SELECT(`        where: {
            a: { ne: 1 }, b: { le: 2 }, c: { lt: 3 }, d: { ge: 4 },
            e: { contains: 'x' }, f: { notContains: 'y' }, g: { beginsWith: 'z' },
            h: { between: [5, 6] }, i: { attributeExists: true }, j: { attributeExists: false }, k: { size: { gt: 7 } }
        }`), ['SELECT "id", "name" FROM "persons" WHERE "a" <> :a AND "b" <= :b AND "c" < :c AND "d" >= :d AND "e" LIKE :e AND "f" NOT LIKE :f AND "g" LIKE :g AND "h" BETWEEN :h0 AND :h1 AND "i" IS NOT NULL AND "j" IS NULL AND LENGTH("k") > :k'],
      [1, 2, 3, 4, '%x%', '%y%', 'z%', 5, 6, 7]),
    statementCase('insert({ table, values }) for MySQL: INSERT INTO `persons`(`name`) VALUES(:NAME)', `import { insert, createMySQLStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { input: values } = ctx.args;
    const insertStatement = insert({ table: 'persons', values });

    // Generates statement:
    // INSERT INTO \`persons\`(\`name\`)
    // VALUES(:NAME)
    return createMySQLStatement(insertStatement)
}`, ['INSERT INTO `persons`(`name`) VALUES(:NAME)'], ['Jon'], { context: { arguments: { input: { name: 'Jon' } } } }),
    statementCase('MySQL use case: insert followed by select to retrieve the row', `import { insert, select, createMySQLStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { input: values } = ctx.args;
    const insertStatement = insert({  table: 'persons', values });
    const selectStatement = select({
        table: 'persons',
        columns: '*',
        where: { id: { eq: values.id } },
        limit: 1,
    });
    return createMySQLStatement(insertStatement, selectStatement)
}`, ['INSERT INTO `persons`(`id`, `name`) VALUES(:ID, :NAME)', 'SELECT * FROM `persons` WHERE `id` = :ID LIMIT :limit'], [7, 'Jon', 7, 1],
    { context: { arguments: { input: { id: 7, name: 'Jon' } } }, note: 'the page\'s comment omits the id column it inserts and the LIMIT' }),
    statementCase('Postgres use case: insert with returning: "*"', `import { insert, createPgStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { input: values } = ctx.args;
    const insertStatement = insert({
        table: 'persons',
        values,
        returning: '*'
    });
    return createPgStatement(insertStatement)
}`, ['INSERT INTO "persons"("name") VALUES(:NAME) RETURNING *'], ['Jon'], { context: { arguments: { input: { name: 'Jon' } } } }),
    statementCase('update({ table, values, where, returning }) for updatePerson(input: {id: 3, name: "Jon"}, condition: {known_since: {ge: "2000"}})', `import { update, createPgStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { input: { id, ...values }, condition } = ctx.args;
    const where = {
        ...condition,
        id: { eq: id },
    };
    const updateStatement = update({
        table: 'persons',
        values,
        where,
        returning: ['id', 'name'],
    });
    return createPgStatement(updateStatement)
}`, ['UPDATE "persons" SET "name" = :NAME WHERE "known_since" >= :SINCE AND "id" = :ID RETURNING "id", "name"'], ['Jon', '2000', 3], {
      context: { arguments: { input: { id: 3, name: 'Jon' }, condition: { known_since: { ge: '2000' } } } },
      note: 'the page\'s comment lists birthday and country, which the mutation does not send, and leaves out the known_since condition',
    }),
    statementCase('remove({ table, where, returning }): DELETE ... WHERE "id" = :ID RETURNING "id", "name"', `import { remove, createPgStatement } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const { input: { id }, condition } = ctx.args;
    const where = { ...condition, id: { eq: id } };
    const deleteStatement = remove({
        table: 'persons',
        where,
        returning: ['id', 'name'],
    });
    return createPgStatement(deleteStatement)
}`, ['DELETE FROM "persons" WHERE "id" = :ID RETURNING "id", "name"'], [3], {
      context: { arguments: { input: { id: 3 } } },
      note: 'the page returns createPgStatement(updateStatement), an undefined name, and prints DELETE "persons" without FROM, which PostgreSQL rejects',
    }),
    {
      name: 'casting: sql`select ${typeHint.JSON(arr)}->2 as value` sends the array as JSON; toJsonObject(ctx.result)[0][0].value reads it back',
      code: `import { sql, createPgStatement, toJsonObject, typeHint } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const arr = ctx.args.list_of_ids
    const statement = sql\`select \${typeHint.JSON(arr)}->2 as value\`
    return createPgStatement(statement)
}

export function response(ctx) {
    return toJsonObject(ctx.result)[0][0].value
}`,
      context: { arguments: { list_of_ids: [1, 2, 3] } },
      check: (run) => expectStatements(run, ['select :arr->2 as value'], ['[1,2,3]'], ['JSON']),
    },
    {
      name: 'casting: sql`select ${typeHint.TIMESTAMP(now)}` with util.time.nowFormatted',
      code: `import { sql, createPgStatement, typeHint } from '@aws-appsync/utils/rds';

export function request(ctx) {
    const now = util.time.nowFormatted('YYYY-MM-dd HH:mm:ss')
    return createPgStatement(sql\`select \${typeHint.TIMESTAMP(now)}\`)
}`,
      now: Date.UTC(2024, 2, 5, 9, 30, 15),
      check: (run) => expectStatements(run, ['select :now'], ['2024-03-05 09:30:15'], ['TIMESTAMP']),
    },
    {
      name: 'the available type hints: DATE, DECIMAL, JSON, TIME, TIMESTAMP, UUID',
      code: `import { sql, createPgStatement, typeHint } from '@aws-appsync/utils/rds';
export function request(ctx) {
  return createPgStatement(sql\`insert into t values(\${typeHint.DATE('2024-03-05')}, \${typeHint.DECIMAL(12.5)}, \${typeHint.JSON({ a: 1 })}, \${typeHint.TIME('09:30:15')}, \${typeHint.TIMESTAMP('2024-03-05 09:30:15')}, \${typeHint.UUID('0b6c9a7e-9c55-4b1f-9d5c-2f3f2b3f4a5b')})\`);
}`,
      check: (run) => expectStatements(run, ['insert into t values(:a, :b, :c, :d, :e, :f)'],
        ['2024-03-05', '12.5', '{"a":1}', '09:30:15', '2024-03-05 09:30:15', '0b6c9a7e-9c55-4b1f-9d5c-2f3f2b3f4a5b'],
        ['DATE', 'DECIMAL', 'JSON', 'TIME', 'TIMESTAMP', 'UUID']),
    },
    {
      name: 'aggregates (agg.*) in columns with groupBy and having (declared in rds-helpers.d.ts)',
      code: `import { select, createPgStatement, agg } from '@aws-appsync/utils/rds';
export function request(ctx) {
  return createPgStatement(select({
    table: 'orders',
    columns: ['customerId', { total: agg.sum('price') }, { n: agg.count('*') }, { buyers: agg.countDistinct('buyer') }, agg.max('price'), agg.min('price'), agg.avg('price'),
      agg.maxDistinct('a'), agg.minDistinct('a'), agg.avgDistinct('a'), agg.sumDistinct('a')],
    groupBy: ['customerId'],
    having: { price: { sum: { gt: 100 } } },
  }));
}`,
      check: (run) => expectStatements(run, ['SELECT "customerId", SUM("price") AS "total", COUNT(*) AS "n", COUNT(DISTINCT "buyer") AS "buyers", MAX("price"), MIN("price"), AVG("price"), MAX(DISTINCT "a"), MIN(DISTINCT "a"), AVG(DISTINCT "a"), SUM(DISTINCT "a") FROM "orders" GROUP BY "customerId" HAVING SUM("price") > :sum'], [100]),
    },
    {
      name: 'util.rds.toJsonObject: the Books result of "select * from Books limit 2" (rds-helpers-in-util-rds.html)',
      note: 'that page prints the rows of the one statement; the JS reference says toJsonObject returns one list per statement, which the case expects',
      handler: 'response',
      code: `import { util } from '@aws-appsync/utils';
export function response(ctx) { return util.rds.toJsonObject(ctx.result); }`,
      context: { arguments: {}, result: JSON.stringify(BOOKS_RESULT) },
      expected: [[
        { author: 'Mark Twain', title: 'Adventures of Huckleberry Finn', 'ISBN-13': '978-1948132817' },
        { author: 'Jack London', title: 'The Call of the Wild', 'ISBN-13': '978-1948132275' },
      ]],
    },
  ],
};
