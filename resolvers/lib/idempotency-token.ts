import { util } from '@aws-appsync/utils';

// Client tokens (sendMessage, startWorkflow) expire by TTL, which DynamoDB applies lazily.
// The read side and the write side must agree on the boundary, or a token can be too
// expired to replay yet not expired enough to replace.

/** A token past its expiresAt counts as absent. */
export function isTokenLive(expiresAt: number): boolean {
  return expiresAt > util.time.nowEpochSeconds();
}

/** The PutItem condition for a token: none stored yet, or the stored one is no longer live. */
export function newOrExpiredTokenCondition(): {
  expression: string;
  expressionValues: Record<string, unknown>;
  returnValuesOnConditionCheckFailure: boolean;
} {
  return {
    expression: 'attribute_not_exists(pk) OR expiresAt <= :nowSeconds',
    expressionValues: util.dynamodb.toMapValues({ ':nowSeconds': util.time.nowEpochSeconds() }),
    returnValuesOnConditionCheckFailure: false,
  };
}
