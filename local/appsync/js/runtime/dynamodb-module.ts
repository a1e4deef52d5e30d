// The '@aws-appsync/utils/dynamodb' module: builds the DynamoDB request objects
// that the resolver reference documents, from plain JSON inputs.
// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html
import { markTyped, toDynamoDB, toMapValues, type TypedValue } from './attribute-values.js';
import { ExpressionScope, toExpression, toProjection, type DynamoDBExpression } from './expression-builder.js';

type Json = Record<string, unknown>;
type Operation = { _type: string; value?: unknown; by?: number; index?: number };

const isOperation = (value: unknown): value is Operation =>
  typeof value === 'object' && value !== null && typeof (value as Operation)._type === 'string';
const isPlainObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isOperation(value);

export const operations = {
  add: (value: unknown): Operation => ({ _type: 'add', value }),
  remove: (): Operation => ({ _type: 'remove' }),
  replace: (value: unknown): Operation => ({ _type: 'replace', value }),
  increment: (by = 1): Operation => ({ _type: 'increment', by }),
  decrement: (by = 1): Operation => ({ _type: 'decrement', by }),
  append: (value: unknown[]): Operation => ({ _type: 'append', value }),
  prepend: (value: unknown[]): Operation => ({ _type: 'prepend', value }),
  updateListItem: (value: unknown, index: number): Operation => ({ _type: 'updateListItem', value, index }),
};

/** Walks an update object into SET / ADD / REMOVE clauses. */
function updateExpression(update: Json): DynamoDBExpression {
  const scope = new ExpressionScope();
  const set: string[] = [];
  const add: string[] = [];
  const remove: string[] = [];

  const visit = (segments: string[], value: unknown): void => {
    if (value === undefined) return;
    const path = segments.map((s) => scope.name(s)).join('.');
    const hint = segments.join('_');
    if (isOperation(value)) {
      switch (value._type) {
        case 'add':
        case 'replace':
          set.push(`${path} = ${scope.value(hint, value.value)}`);
          return;
        case 'remove':
          remove.push(path);
          return;
        case 'increment':
        case 'decrement': {
          const by = (value._type === 'increment' ? 1 : -1) * (value.by ?? 1);
          add.push(`${path} ${scope.value(`${hint}_${value._type}`, by)}`);
          return;
        }
        case 'append':
        case 'prepend': {
          const empty = scope.value(`${hint}_empty`, []);
          const items = scope.value(`${hint}_${value._type}`, value.value);
          const existing = `if_not_exists(${path}, ${empty})`;
          const joined = value._type === 'append' ? `${existing}, ${items}` : `${items}, ${existing}`;
          set.push(`${path} = list_append(${joined})`);
          return;
        }
        case 'updateListItem':
          set.push(`${path}[${Number(value.index)}] = ${scope.value(`${hint}_${String(value.index)}`, value.value)}`);
          return;
        default:
          throw new Error(`Unknown update operation '${value._type}'`);
      }
    }
    if (Array.isArray(value) && value.length > 0 && value.every(isOperation)) {
      for (const item of value) visit(segments, item);
      return;
    }
    if (isPlainObject(value)) {
      for (const [key, nested] of Object.entries(value)) visit([...segments, key], nested);
      return;
    }
    set.push(`${path} = ${scope.value(hint, value)}`);
  };

  for (const [key, value] of Object.entries(update)) visit([key], value);
  const sections = [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
  ].filter(Boolean);
  return scope.build(sections.join(' '));
}

const condition = (filter: unknown): DynamoDBExpression | undefined =>
  toExpression(filter as Json | null | undefined) ?? undefined;

/** Drops undefined members so request objects look like AWS's. */
function compact<T extends Json>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function versioning(input: Json): Json {
  return { customPartitionKey: input.customPartitionKey, populateIndexFields: input.populateIndexFields, _version: input._version };
}

export function get(input: Json): Json {
  return compact({
    operation: 'GetItem',
    key: toMapValues(input.key as Json),
    consistentRead: input.consistentRead,
    projection: toProjection(input.projection as string[] | undefined),
  });
}

export function put(input: Json): Json {
  return compact({
    operation: 'PutItem',
    key: toMapValues(input.key as Json),
    attributeValues: toMapValues((input.item ?? {}) as Json),
    condition: condition(input.condition),
    ...versioning(input),
  });
}

export function update(input: Json): Json {
  return compact({
    operation: 'UpdateItem',
    key: toMapValues(input.key as Json),
    update: updateExpression((input.update ?? {}) as Json),
    condition: condition(input.condition),
    ...versioning(input),
  });
}

export function remove(input: Json): Json {
  return compact({
    operation: 'DeleteItem',
    key: toMapValues(input.key as Json),
    condition: condition(input.condition),
    ...versioning(input),
  });
}

function keyCondition(query: Json): DynamoDBExpression {
  const expression = toExpression(query);
  if (!expression) throw new Error('query: a key condition is required');
  return expression;
}

function listOptions(input: Json): Json {
  return {
    index: input.index,
    nextToken: input.nextToken,
    limit: input.limit,
    consistentRead: input.consistentRead,
    select: input.select,
    filter: condition(input.filter),
    projection: toProjection(input.projection as string[] | undefined),
  };
}

export function query(input: Json): Json {
  return compact({
    operation: 'Query',
    query: keyCondition(input.query as Json),
    ...listOptions(input),
    scanIndexForward: input.scanIndexForward,
  });
}

export function scan(input: Json): Json {
  return compact({
    operation: 'Scan',
    ...listOptions(input),
    segment: input.segment,
    totalSegments: input.totalSegments,
  });
}

export function sync(input: Json): Json {
  return compact({
    operation: 'Sync',
    basePartitionKey: input.basePartitionKey,
    deltaIndexName: input.deltaIndexName,
    limit: input.limit,
    nextToken: input.nextToken,
    lastSync: input.lastSync,
    filter: condition(input.filter),
  });
}

const mapTables = <T, R>(tables: Record<string, T>, convert: (value: T) => R): Record<string, R> =>
  Object.fromEntries(Object.entries(tables).map(([name, value]) => [name, convert(value)]));

export function batchGet(input: { tables: Record<string, Json> }): Json {
  return {
    operation: 'BatchGetItem',
    tables: mapTables(input.tables, (table) => compact({
      keys: (table.keys as Json[]).map(toMapValues),
      consistentRead: table.consistentRead,
      projection: toProjection(table.projection as string[] | undefined),
    })),
  };
}

export function batchPut(input: { tables: Record<string, Json[]> }): Json {
  return { operation: 'BatchPutItem', tables: mapTables(input.tables, (items) => items.map(toMapValues)) };
}

export function batchDelete(input: { tables: Record<string, Json[]> }): Json {
  return { operation: 'BatchDeleteItem', tables: mapTables(input.tables, (keys) => keys.map(toMapValues)) };
}

export function transactGet(input: { items: Json[] }): Json {
  return {
    operation: 'TransactGetItems',
    transactItems: input.items.map((item) => compact({
      table: item.table,
      key: toMapValues(item.key as Json),
      projection: toProjection(item.projection as string[] | undefined),
    })),
  };
}

export function transactWrite(input: { items: Json[] }): Json {
  return {
    operation: 'TransactWriteItems',
    transactItems: input.items.map((entry) => {
      const [kind, spec] = (Object.entries(entry)[0] ?? []) as [string, Json];
      const base = { table: spec.table, key: toMapValues(spec.key as Json), condition: condition(spec.condition) };
      switch (kind) {
        case 'putItem':
          return compact({ ...base, operation: 'PutItem', attributeValues: toMapValues((spec.item ?? {}) as Json) });
        case 'updateItem':
          return compact({ ...base, operation: 'UpdateItem', update: updateExpression((spec.update ?? {}) as Json) });
        case 'deleteItem':
          return compact({ ...base, operation: 'DeleteItem' });
        case 'conditionCheck':
          return compact({ ...base, operation: 'ConditionCheck' });
        default:
          throw new Error(`transactWrite: unknown item kind '${String(kind)}'`);
      }
    }),
  };
}

export const toStringSet = (list: string[]): TypedValue => markTyped({ SS: list.map(String) });
export const toNumberSet = (list: number[]): TypedValue => markTyped({ NS: list.map(String) });
export const toBinarySet = (list: string[]): TypedValue => markTyped({ BS: list });
export { toDynamoDB };

export const dynamodbModule = {
  get, put, update, remove, query, scan, sync, batchGet, batchPut, batchDelete, transactGet, transactWrite,
  operations, toStringSet, toNumberSet, toBinarySet,
};
