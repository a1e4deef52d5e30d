// https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const FILTER_JSON_OBJECT = {
  filterGroup: [
    { filters: [{ fieldName: 'userId', operator: 'eq', value: 1 }] },
    { filters: [{ fieldName: 'group', operator: 'in', value: ['Admin', 'Developer'] }] },
  ],
};

export const extensionsPage: ReferencePage = {
  title: 'Extensions',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html',
  cases: [
    {
      name: 'extensions.evictFromApiCache(typeName, fieldName, keyValuePair): Example 1 runs (the local runtime keeps no cache)',
      handler: 'response',
      code: `import { util, extensions } from '@aws-appsync/utils';

export const request = (ctx) => ({ payload: null });

export function response(ctx) {
	extensions.evictFromApiCache('Query', 'allClasses', {
		'context.arguments.semester': ctx.args.semester,
	});
	return null;
}`,
      context: { arguments: { semester: 'fall' }, info: { parentTypeName: 'Mutation', fieldName: 'addClass' } },
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(run.evaluationResult).toBeNull();
      },
    },
    {
      name: 'extensions.setSubscriptionFilter(filterJsonObject) defines the documented filterGroup',
      handler: 'response',
      code: `import { extensions } from '@aws-appsync/utils';
export function response(ctx) { extensions.setSubscriptionFilter(ctx.args.filter); return null; }`,
      context: { arguments: { filter: FILTER_JSON_OBJECT }, info: { parentTypeName: 'Subscription', fieldName: 'onPost' } },
      check: (run) => expect(run.subscriptionFilter).toEqual(FILTER_JSON_OBJECT),
    },
    {
      name: 'extensions.setSubscriptionFilter with util.transform.toSubscriptionFilter (as the page recommends): "severity le ctx.result.severity"',
      handler: 'response',
      code: `import { util, extensions } from '@aws-appsync/utils';
export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ severity: { le: ctx.result.severity } }));
  return null;
}`,
      context: { arguments: {}, result: { severity: 3 } },
      check: (run) => expect(run.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'severity', operator: 'le', value: 3 }] }] }),
    },
    {
      name: 'extensions.setSubscriptionInvalidationFilter(filterJsonObject) defines the invalidation filter',
      handler: 'response',
      code: `import { util, extensions } from '@aws-appsync/utils';
export function response(ctx) {
  extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter({ group: { eq: ctx.args.group } }));
  return null;
}`,
      context: { arguments: { group: 'Developer' } },
      check: (run) => expect(run.subscriptionInvalidationFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'group', operator: 'eq', value: 'Developer' }] }] }),
    },
    {
      name: 'extensions.invalidateSubscriptions(invalidationJsonObject): the onUserDelete example',
      handler: 'response',
      code: `export const request = (ctx) => ({ payload: null });

export function response(ctx) {
  	extensions.invalidateSubscriptions({
  		subscriptionField: 'onUserDelete',
  		payload: { group: 'Developer', type: 'Full-Time' },
  	});
  	return ctx.result;
}`,
      context: { arguments: {}, result: { id: 'u1' } },
      check: (run) => {
        expect(run.evaluationResult).toEqual({ id: 'u1' });
        expect(run.invalidations).toEqual([{ subscriptionField: 'onUserDelete', payload: { group: 'Developer', type: 'Full-Time' } }]);
      },
    },
    {
      name: 'extensions.invalidateSubscriptions: the onUserDelete example, with extensions imported',
      handler: 'response',
      code: `import { extensions } from '@aws-appsync/utils';
export function response(ctx) {
  extensions.invalidateSubscriptions({ subscriptionField: 'onUserDelete', payload: { group: 'Developer', type: 'Full-Time' } });
  return ctx.result;
}`,
      context: { arguments: {}, result: { id: 'u1' } },
      check: (run) => {
        expect(run.evaluationResult).toEqual({ id: 'u1' });
        expect(run.invalidations).toEqual([{ subscriptionField: 'onUserDelete', payload: { group: 'Developer', type: 'Full-Time' } }]);
      },
    },
    {
      name: 'at most five unique extensions.invalidateSubscriptions() calls in a request: the sixth is a GraphQL error',
      handler: 'response',
      code: `import { extensions } from '@aws-appsync/utils';
export function response(ctx) {
  for (const id of ctx.args.ids) extensions.invalidateSubscriptions({ subscriptionField: 'onUserDelete', payload: { id } });
  extensions.invalidateSubscriptions({ subscriptionField: 'onUserDelete', payload: { id: 1 } });
  return null;
}`,
      context: { arguments: { ids: [1, 2, 3, 4, 5, 6] } },
      check: (run) => {
        expect(run.invalidations).toHaveLength(5);
        expect(run.outErrors).toEqual([expect.objectContaining({ errorType: 'InvalidationLimitExceeded' })]);
      },
    },
  ],
};
