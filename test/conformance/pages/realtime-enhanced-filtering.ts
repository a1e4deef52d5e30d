// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
// The page's resolver handlers, run as EvaluateCode runs them: the filter each one sets. What a
// subscriber then receives is checked end to end in ../realtime-subscriptions.conformance.test.ts.
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const filter = (fieldName: string, operator: string, value: unknown) => ({ fieldName, operator, value });

export const SPECIAL_TICKET_RESOLVER = `import { util, extensions } from '@aws-appsync/utils';

export function request(ctx) {
	// simplfy return null for the payload
	return { payload: null };
}

export function response(ctx) {
	const filter = {
		or: [
			{ severity: { ge: 7 }, priority: { in: ['high', 'medium'] } },
			{ category: { eq: 'security' }, group: { in: ['admin', 'operators'] } },
		],
	};
	extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));

  // important: return null in the response
	return null;
}`;

export const GROUP_TICKET_RESOLVER = `import { util, extensions } from '@aws-appsync/utils';

export function request(ctx) {
	// simplfy return null for the payload
	return { payload: null };
}

export function response(ctx) {
	const filter = { group: { eq: ctx.args.group }, status: { eq: 'pending' } };
	extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));

	return null;
}`;

export const NESTED_TICKET_RESOLVER = `import { util, extensions } from '@aws-appsync/utils';

export const request = (ctx) => ({ payload: null });

export function response(ctx) {
	const filter = {
		or: [
			{ severity: { ge: 7 }, priority: { in: ['high', 'medium'] } },
			{ category: { eq: 'security' }, group: { in: ['admin', 'operators'] } },
			{ 'location.address.country': { eq: 'USA' } },
		],
	};
	extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
	return null;
}`;

export const CLIENT_FILTER_RESOLVER = `import { util, extensions } from '@aws-appsync/utils';

export function request(ctx) {
	// simplfy return null for the payload
	return { payload: null };
}

export function response(ctx) {
	const filter = ctx.args.filter;
	extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
	return null;
}`;

export const CREATE_TICKET_RESOLVER = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
	return {
		payload: {
			id: util.autoId(),
			createdAt: util.time.nowISO8601(),
			status: 'pending',
			...ctx.args.input,
		},
	};
}

export function response(ctx) {
	return ctx.result;
}`;

const SPECIAL_GROUPS = [
  { filters: [filter('severity', 'ge', 7), filter('priority', 'in', ['high', 'medium'])] },
  { filters: [filter('category', 'eq', 'security'), filter('group', 'in', ['admin', 'operators'])] },
];

export const realtimeEnhancedFilteringPage: ReferencePage = {
  title: 'Defining enhanced subscriptions filters in AWS AppSync',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html',
  cases: [
    {
      name: 'createTicket request handler: a pending ticket with an id, createdAt and the input',
      code: CREATE_TICKET_RESOLVER,
      context: { arguments: { input: { priority: 'medium', severity: 2, group: 'aws' } } },
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(run.evaluationResult).toEqual({
          payload: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), status: 'pending', priority: 'medium', severity: 2, group: 'aws' },
        });
      },
    },
    {
      name: 'onSpecialTicketCreated: "multiple rules in a filter ... AND logic, while multiple filters in a filter group ... OR logic"',
      handler: 'response',
      code: SPECIAL_TICKET_RESOLVER,
      check: (run) => {
        expect(run.evaluationResult).toBeNull();
        expect(run.subscriptionFilter).toEqual({ filterGroup: SPECIAL_GROUPS });
      },
    },
    {
      name: 'onGroupTicketCreated: the group argument and the pending status as rules',
      handler: 'response',
      code: GROUP_TICKET_RESOLVER,
      context: { arguments: { group: 'aws' } },
      check: (run) => expect(run.subscriptionFilter).toEqual({ filterGroup: [{ filters: [filter('group', 'eq', 'aws'), filter('status', 'eq', 'pending')] }] }),
    },
    {
      name: 'nested schema fields use the "." separator (location.address.country)',
      handler: 'response',
      code: NESTED_TICKET_RESOLVER,
      check: (run) =>
        expect(run.subscriptionFilter).toEqual({ filterGroup: [...SPECIAL_GROUPS, { filters: [filter('location.address.country', 'eq', 'USA')] }] }),
    },
    {
      name: 'client-defined filters: the filter variable {"severity":{"le":2}} passed as a String to toSubscriptionFilter',
      handler: 'response',
      code: CLIENT_FILTER_RESOLVER,
      context: { arguments: { filter: '{"severity":{"le":2}}' } },
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(run.subscriptionFilter).toEqual({ filterGroup: [{ filters: [filter('severity', 'le', 2)] }] });
      },
    },
  ],
};
