// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-invalidation.html
// The page's two handlers, run as EvaluateCode runs them; the invalidation itself (the client's
// message, the closed connection) is checked end to end in ../realtime-subscriptions.conformance.test.ts.
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

export const REMOVE_USER_RESOLVER = `import { extensions } from '@aws-appsync/utils';

export function request(ctx) {
	return { payload: null };
}

export function response(ctx) {
	const { userId, groupId } = ctx.args;
	extensions.invalidateSubscriptions({
		subscriptionField: 'onGroupMessageCreated',
		payload: { userId, groupId },
	});
	return { userId, groupId };
}
`;

export const GROUP_MESSAGE_SUBSCRIPTION_RESOLVER = `import { util, extensions } from '@aws-appsync/utils';

export function request(ctx) {
	// simplfy return null for the payload
	return { payload: null };
}

export function response(ctx) {
	const filter = { groupId: { eq: ctx.args.groupId } };
	extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));

	const invalidation = { groupId: { eq: ctx.args.groupId }, userId: { eq: ctx.args.userId } };
	extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter(invalidation));

	return null;
}`;

export const realtimeInvalidationPage: ReferencePage = {
  title: 'Unsubscribing WebSocket connections using filters in AWS AppSync',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-invalidation.html',
  cases: [
    {
      name: 'removeUserFromGroup: extensions.invalidateSubscriptions with the user and group as payload',
      handler: 'response',
      code: REMOVE_USER_RESOLVER,
      context: { arguments: { userId: 'user-1', groupId: 'group-1' } },
      check: (run) => {
        expect(run.evaluationResult).toEqual({ userId: 'user-1', groupId: 'group-1' });
        expect(run.invalidations).toEqual([{ subscriptionField: 'onGroupMessageCreated', payload: { userId: 'user-1', groupId: 'group-1' } }]);
      },
    },
    {
      name: 'onGroupMessageCreated: "the subscription response handler can have both subscription filters and invalidation filters"',
      handler: 'response',
      code: GROUP_MESSAGE_SUBSCRIPTION_RESOLVER,
      context: { arguments: { userId: 'user-1', groupId: 'group-1' } },
      check: (run) => {
        expect(run.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'groupId', operator: 'eq', value: 'group-1' }] }] });
        expect(run.subscriptionInvalidationFilter).toEqual({
          filterGroup: [{ filters: [{ fieldName: 'groupId', operator: 'eq', value: 'group-1' }, { fieldName: 'userId', operator: 'eq', value: 'user-1' }] }],
        });
      },
    },
  ],
};
