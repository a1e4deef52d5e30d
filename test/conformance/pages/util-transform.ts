// https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const transform = (call: string): string => `import { util } from '@aws-appsync/utils';
export function request(ctx) { return ${call}; }`;

const ARGUMENT_1 = {
  percentageUp: { lte: 50, gte: 20 },
  and: [{ title: { ne: 'Book1' } }, { downvotes: { gt: 2000 } }],
  or: [{ author: { eq: 'Admin' } }, { isPublished: { eq: false } }],
};
const filter = (fieldName: string, operator: string, value: unknown) => ({ fieldName, operator, value });

export const utilTransformPage: ReferencePage = {
  title: 'Transformation helpers in util.transform',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html',
  cases: [
    {
      name: 'util.transform.toDynamoDBFilterExpression({ title: { contains: "Hello World" } }) (example in the package\'s transform-utils.d.ts)',
      code: transform('JSON.parse(util.transform.toDynamoDBFilterExpression({ "title": { "contains": "Hello World" } }))'),
      expected: { expression: 'contains(#title, :title_contains)', expressionNames: { '#title': 'title' }, expressionValues: { ':title_contains': { S: 'Hello World' } } },
    },
    {
      name: 'util.transform.toDynamoDBConditionExpression supports the condition functions (size, attribute_exists) and defaults to AND',
      code: transform('JSON.parse(util.transform.toDynamoDBConditionExpression({ owner: { attributeExists: true }, tags: { size: { gt: 2 } } }))'),
      check: (run) => {
        const { expression, expressionNames, expressionValues } = run.evaluationResult as { expression: string; expressionNames: object; expressionValues: object };
        expect(expression).toMatch(/^\(attribute_exists\(#owner\)\) AND \(size\(#tags\) > :\w+\)$/);
        expect(expressionNames).toEqual({ '#owner': 'owner', '#tags': 'tags' });
        expect(Object.values(expressionValues)).toEqual([{ N: 2 }]);
      },
    },
    {
      name: 'util.transform.toElasticsearchQueryDSL: the documented upvotes/title example input gives the documented output',
      code: transform(`JSON.parse(util.transform.toElasticsearchQueryDSL({
    "upvotes":{
        "ne":15,
        "range":[
            10,
            20
        ]
    },
    "title":{
        "eq":"hihihi",
        "wildcard":"h*i"
    }
  }))`),
      expected: {
        bool: {
          must: [
            { bool: { must: [{ bool: { must_not: { term: { upvotes: 15 } } } }, { range: { upvotes: { gte: 10, lte: 20 } } }] } },
            { bool: { must: [{ term: { title: 'hihihi' } }, { wildcard: { title: 'h*i' } }] } },
          ],
        },
      },
    },
    {
      name: 'util.transform.toSubscriptionFilter(Map): several conditions on one field are ORed, "and"/"or" nest (argument 1 example)',
      code: transform('util.transform.toSubscriptionFilter(ctx.args.filter)'),
      context: { arguments: { filter: ARGUMENT_1 } },
      expected: {
        filterGroup: [
          { filters: [filter('percentageUp', 'lte', 50), filter('title', 'ne', 'Book1'), filter('downvotes', 'gt', 2000), filter('author', 'eq', 'Admin')] },
          { filters: [filter('percentageUp', 'lte', 50), filter('title', 'ne', 'Book1'), filter('downvotes', 'gt', 2000), filter('isPublished', 'eq', false)] },
          { filters: [filter('percentageUp', 'gte', 20), filter('title', 'ne', 'Book1'), filter('downvotes', 'gt', 2000), filter('author', 'eq', 'Admin')] },
          { filters: [filter('percentageUp', 'gte', 20), filter('title', 'ne', 'Book1'), filter('downvotes', 'gt', 2000), filter('isPublished', 'eq', false)] },
        ],
      },
    },
    {
      name: 'util.transform.toSubscriptionFilter(Map, List): the listed fields are ignored, also inside "and"/"or" (argument 2 example)',
      code: transform('util.transform.toSubscriptionFilter(ctx.args.filter, ["percentageUp", "author"])'),
      context: { arguments: { filter: { ...ARGUMENT_1, and: [{ title: { ne: 'Book1' } }, { downvotes: { gt: 20 } }] } } },
      expected: { filterGroup: [{ filters: [filter('title', 'ne', 'Book1'), filter('downvotes', 'gt', 20), filter('isPublished', 'eq', false)] }] },
    },
    {
      name: 'util.transform.toSubscriptionFilter(Map, List, Map): each group gets one of the strict rules, so at least one holds (argument 3 example)',
      note: 'the page\'s input has downvotes { lt: 20 } but its output prints "gt"; the case expects the input\'s "lt"',
      code: transform('util.transform.toSubscriptionFilter(ctx.args.filter, ["percentageUp", "author"], ctx.args.rules)'),
      context: {
        arguments: {
          filter: { ...ARGUMENT_1, and: [{ title: { ne: 'Book1' } }, { downvotes: { lt: 20 } }] },
          rules: { upvotes: { gte: 250 }, author: { eq: 'Person1' } },
        },
      },
      expected: {
        filterGroup: [
          { filters: [filter('title', 'ne', 'Book1'), filter('downvotes', 'lt', 20), filter('isPublished', 'eq', false), filter('upvotes', 'gte', 250)] },
          { filters: [filter('title', 'ne', 'Book1'), filter('downvotes', 'lt', 20), filter('isPublished', 'eq', false), filter('author', 'eq', 'Person1')] },
        ],
      },
    },
  ],
};
