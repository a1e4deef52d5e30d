// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html (DynamoDB module functions)
// The page shows the code; the request objects it must build are the ones the DynamoDB
// resolver reference documents (js-resolver-reference-dynamodb.html): operation, typed key,
// and expressions with expressionNames/expressionValues. Examples marked "(d.ts)" come from
// the JSDoc of the package's lib/dynamodb-helpers.d.ts.
import { expect } from 'vitest';
import type { ConformanceCase, ReferencePage } from '../support/conformance.js';

type Expression = { expression: string; expressionNames?: Record<string, string>; expressionValues?: Record<string, unknown> };
type UpdateRequest = { operation: string; key: unknown; update: Expression };

/** Resolves #name and :value placeholders, so assertions read like the DynamoDB expression they mean. */
function readable(expression: Expression): string {
  return expression.expression
    .replace(/#\w+/g, (name) => expression.expressionNames?.[name] ?? name)
    .replace(/:\w+/g, (value) => JSON.stringify(expression.expressionValues?.[value]));
}

const updateCase = (name: string, code: string, expected: string): ConformanceCase => ({
  name,
  code,
  check: (run) => {
    const request = run.evaluationResult as UpdateRequest;
    expect(request.operation).toBe('UpdateItem');
    expect(request.key).toEqual({ id: { N: 1 } });
    expect(readable(request.update)).toBe(expected);
  },
});

export const builtInModulesDynamodbPage: ReferencePage = {
  title: 'Built-in modules: DynamoDB module functions',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html',
  cases: [
    {
      name: 'get({ key: { id: ctx.args.id } }) builds a GetItem request',
      code: `import { get } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	return get({ key: { id: ctx.args.id } });
}`,
      context: { arguments: { id: 'post-1' } },
      expected: { operation: 'GetItem', key: { id: { S: 'post-1' } } },
    },
    {
      name: 'ddb.put({ key: { id: util.autoId() }, item: ctx.args }) builds a PutItem request (util used as a global, as on the page)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb'

export function request(ctx) {
	return ddb.put({ key: { id: util.autoId() }, item: ctx.args });
}`,
      context: { arguments: { title: 'Hello', votes: 3 } },
      check: (run) => expect(run.evaluationResult).toMatchObject({ operation: 'PutItem', attributeValues: { title: { S: 'Hello' }, votes: { N: 3 } } }),
    },
    {
      name: 'ddb.put({ key: { id: util.autoId() }, item: ctx.args }) builds a PutItem request (util imported)',
      code: `import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb'

export function request(ctx) {
	return ddb.put({ key: { id: util.autoId() }, item: ctx.args });
}`,
      context: { arguments: { title: 'Hello', votes: 3 } },
      expected: { operation: 'PutItem', key: { id: { S: expect.stringMatching(/^[0-9a-f-]{36}$/) } }, attributeValues: { title: { S: 'Hello' }, votes: { N: 3 } } },
    },
    {
      name: 'ddb.remove({ key: { id: ctx.args.id } }) builds a DeleteItem request',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	return ddb.remove({ key: { id: ctx.args.id } });
}`,
      context: { arguments: { id: 'post-1' } },
      expected: { operation: 'DeleteItem', key: { id: { S: 'post-1' } } },
    },
    {
      name: 'remove<Task>({ key, condition: { owner: { eq } } }) adds the documented owner condition (Inputs: RemoveInput)',
      code: `import { remove } from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  const condition = { owner: { eq: 'XXXXXXXXXXXXXXXX' } };
  return remove({ key: { id: 'XXXXXXXXXXXXXXXX' }, condition });
}`,
      check: (run) => {
        const request = run.evaluationResult as { operation: string; condition: Expression };
        expect(request.operation).toBe('DeleteItem');
        expect(readable(request.condition)).toBe('owner = {"S":"XXXXXXXXXXXXXXXX"}');
      },
    },
    {
      name: 'ddb.scan({ limit, nextToken }) builds a Scan request',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const { limit = 10, nextToken } = ctx.args;
	return ddb.scan({ limit, nextToken });
}`,
      context: { arguments: { nextToken: 'abc' } },
      expected: { operation: 'Scan', limit: 10, nextToken: 'abc' },
    },
    {
      name: 'ddb.sync({ limit, nextToken, lastSync }) builds a Sync request',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const { limit = 10, nextToken, lastSync } = ctx.args;
	return ddb.sync({ limit, nextToken, lastSync });
}`,
      context: { arguments: { lastSync: 1700000000000 } },
      expected: { operation: 'Sync', limit: 10, lastSync: 1700000000000 },
    },
    {
      name: 'ddb.query({ query: { id: { eq: ctx.args.id } } }) builds a Query with a key condition (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
   return ddb.query({ query: { id: { eq: ctx.args.id } } });
}`,
      context: { arguments: { id: 'u1' } },
      check: (run) => {
        const request = run.evaluationResult as { operation: string; query: Expression };
        expect(request.operation).toBe('Query');
        expect(readable(request.query)).toBe('id = {"S":"u1"}');
      },
    },
    updateCase('operations.add: add an address to an item', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const updateObj = {
		address: operations.add({
			street1: '123 Main St',
			city: 'New York',
			zip: '10001',
		}),
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'SET address = {"M":{"street1":{"S":"123 Main St"},"city":{"S":"New York"},"zip":{"S":"10001"}}}'),
    updateCase('operations.append: append newFriendIds to friendsIds', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const newFriendIds = [101, 104, 111];
	const updateObj = {
		friendsIds: operations.append(newFriendIds),
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'SET friendsIds = list_append(if_not_exists(friendsIds, {"L":[]}), {"L":[{"N":101},{"N":104},{"N":111}]})'),
    updateCase('operations.decrement(10): decrement friendsCount by 10', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const updateObj = {
		friendsCount: operations.decrement(10),
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'ADD friendsCount {"N":-10}'),
    updateCase('operations.increment(10): increment friendsCount by 10', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const updateObj = {
		friendsCount: operations.increment(10),
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'ADD friendsCount {"N":10}'),
    updateCase('operations.prepend: prepend newFriendIds to friendsIds', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const newFriendIds = [101, 104, 111];
	const updateObj = {
		friendsIds: operations.prepend(newFriendIds),
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'SET friendsIds = list_append({"L":[{"N":101},{"N":104},{"N":111}]}, if_not_exists(friendsIds, {"L":[]}))'),
    updateCase('operations.replace: replace the address inside info (the whole sub-object)', `import { update, operations } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const updateObj = {
		info: {
			address: operations.replace({
				street1: '123 Main St',
				city: 'New York',
				zip: '10001',
			}),
		},
	};
	return update({ key: { id: 1 }, update: updateObj });
}`, 'SET info.address = {"M":{"street1":{"S":"123 Main St"},"city":{"S":"New York"},"zip":{"S":"10001"}}}'),
    updateCase('operations.updateListItem: set the second and third items of friendsIds', `import { update, operations as ops } from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
	const newFriendIds = [
		ops.updateListItem('102', 1), ops.updateListItem('112', 2)
	];
	const updateObj = { friendsIds: newFriendIds };
	return update({ key: { id: 1 }, update: updateObj });
}`, 'SET friendsIds[1] = {"S":"102"}, friendsIds[2] = {"S":"112"}'),
    updateCase('operations.remove(): remove the address attribute (d.ts)', `import { update, operations } from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  const updateObj = { address: operations.remove() };
  return update({ key: { id: 1 }, update: updateObj });
}`, 'REMOVE address'),
    {
      name: 'ddb.batchGet({ tables: { post: { keys, consistentRead, projection } } }) (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  return ddb.batchGet({
    tables: {
      post: {
        keys: [{id: '1'}, {id: '2'}, {id: '3'}],
        consistentRead: false,
        projection: ['id', 'name', 'nested.object[1]']
      }
    }
  })
}`,
      expected: {
        operation: 'BatchGetItem',
        tables: {
          post: {
            keys: [{ id: { S: '1' } }, { id: { S: '2' } }, { id: { S: '3' } }],
            consistentRead: false,
            projection: { expression: '#id, #name, #nested.#object[1]', expressionNames: { '#id': 'id', '#name': 'name', '#nested': 'nested', '#object': 'object' } },
          },
        },
      },
    },
    {
      name: 'ddb.batchPut({ tables: { post: [...], comment: [...] } }) (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  return ddb.batchPut({
    tables: {
      post: [{id: 'one', value: 'x'}, {id: 'two', value: 'y'}],
      comment: [{id: 'one', comment: 'x', text: 'something'}]
    }
  })
}`,
      expected: {
        operation: 'BatchPutItem',
        tables: {
          post: [{ id: { S: 'one' }, value: { S: 'x' } }, { id: { S: 'two' }, value: { S: 'y' } }],
          comment: [{ id: { S: 'one' }, comment: { S: 'x' }, text: { S: 'something' } }],
        },
      },
    },
    {
      name: 'ddb.batchDelete({ tables: { post: [...keys], comment: [...keys] } }) (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  return ddb.batchDelete({
    tables: {
      post: [{id: 'one'}, {id: 'two'}, {id: 'three'}],
      comment: [{id: 'one', comment: 'x'}]
    }
  })
}`,
      expected: {
        operation: 'BatchDeleteItem',
        tables: { post: [{ id: { S: 'one' } }, { id: { S: 'two' } }, { id: { S: 'three' } }], comment: [{ id: { S: 'one' }, comment: { S: 'x' } }] },
      },
    },
    {
      name: 'ddb.transactGet({ items: [{ table, key, projection }] }) (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  return ddb.transactGet({
    items: [
      { table: 'post', key: {id: '1'}, projection: ['name'] },
      { table: 'post', key: {id: '2'}, projection: ['name'] }
    ]
  })
}`,
      expected: {
        operation: 'TransactGetItems',
        transactItems: [
          { table: 'post', key: { id: { S: '1' } }, projection: { expression: '#name', expressionNames: { '#name': 'name' } } },
          { table: 'post', key: { id: { S: '2' } }, projection: { expression: '#name', expressionNames: { '#name': 'name' } } },
        ],
      },
    },
    {
      name: 'ddb.transactWrite({ items: [putItem, deleteItem, updateItem, conditionCheck] }) (d.ts)',
      code: `import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) {
  const item = { title: 'T' };
  const update = { title: 'U' };
  const condition = { title: { attributeExists: true } };
  return ddb.transactWrite({
    items: [
      { putItem: {table: 'post', key: {id: '1'}, item} },
      { deleteItem: {table: 'post', key: {id: '2'}} },
      { updateItem: {table: 'post', key: {id: '2'}, update} },
      { conditionCheck: {table: 'post', key: {id: '2'}, condition} }
    ]
  })
}`,
      check: (run) => {
        const request = run.evaluationResult as { operation: string; transactItems: Array<Record<string, unknown>> };
        expect(request.operation).toBe('TransactWriteItems');
        expect(request.transactItems.map((i) => [i.table, i.operation, i.key])).toEqual([
          ['post', 'PutItem', { id: { S: '1' } }], ['post', 'DeleteItem', { id: { S: '2' } }],
          ['post', 'UpdateItem', { id: { S: '2' } }], ['post', 'ConditionCheck', { id: { S: '2' } }],
        ]);
        expect(request.transactItems[0]).toMatchObject({ attributeValues: { title: { S: 'T' } } });
        expect(readable(request.transactItems[2]?.update as Expression)).toBe('SET title = {"S":"U"}');
        expect(readable(request.transactItems[3]?.condition as Expression)).toBe('attribute_exists(title)');
      },
    },
    {
      name: 'toStringSet(["a", "b", "c"]) returns { "SS": ["a", "b", "c"] } (d.ts)',
      code: `import { toStringSet } from '@aws-appsync/utils/dynamodb';
export function request(ctx) { return toStringSet(["a", "b", "c"]); }`,
      expected: { SS: ['a', 'b', 'c'] },
    },
    {
      name: 'toNumberSet([1, 2, 3]) returns { "NS": ["1", "2", "3"] } (d.ts)',
      code: `import { toNumberSet } from '@aws-appsync/utils/dynamodb';
export function request(ctx) { return toNumberSet([1, 2, 3]); }`,
      expected: { NS: ['1', '2', '3'] },
    },
    {
      name: 'toBinarySet(["SGVsbG8=", "V29ybGQ="]) returns { "BS": ["SGVsbG8=", "V29ybGQ="] } (d.ts)',
      code: `import { toBinarySet } from '@aws-appsync/utils/dynamodb';
export function request(ctx) { return toBinarySet(["SGVsbG8=", "V29ybGQ="]); }`,
      expected: { BS: ['SGVsbG8=', 'V29ybGQ='] },
    },
    {
      name: 'a set made by toStringSet stays a set when used in put()\'s item',
      code: `import { put, toStringSet } from '@aws-appsync/utils/dynamodb';
export function request(ctx) { return put({ key: { id: '1' }, item: { tags: toStringSet(ctx.args.tags) } }); }`,
      context: { arguments: { tags: ['x', 'y'] } },
      expected: { operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { tags: { SS: ['x', 'y'] } } },
    },
  ],
};
