import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * A domain's single table: items under pk/sk, a TTL on expiresAt, and the byOwner
 * index (gsi1pk = OWNER#<owner>, gsi1sk = createdAt) that resolvers/lib/owner-list.ts
 * queries for "the caller's items, newest first".
 */
export function ownedItemsTable(scope: Construct, id: string): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billing: Billing.onDemand(),
    timeToLiveAttribute: 'expiresAt',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    globalSecondaryIndexes: [
      {
        indexName: 'byOwner',
        partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
        sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
      },
    ],
  });
}
