// Creates the template's tables on DynamoDB Local, with their keys, indexes and TTL.
import { CreateTableCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../template/model.js';

type Index = TableDefinition['globalSecondaryIndexes'][number];

const toIndex = (index: Index) => ({
  IndexName: index.IndexName,
  KeySchema: index.KeySchema,
  Projection: {
    ProjectionType: (index.Projection.ProjectionType ?? 'ALL') as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
    ...(index.Projection.NonKeyAttributes ? { NonKeyAttributes: index.Projection.NonKeyAttributes } : {}),
  },
});

export function toCreateTableInput(table: TableDefinition): CreateTableCommandInput {
  return {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
    ...(table.globalSecondaryIndexes.length ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes.map(toIndex) } : {}),
    ...(table.localSecondaryIndexes.length ? { LocalSecondaryIndexes: table.localSecondaryIndexes.map(toIndex) } : {}),
    ...(table.streamViewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamViewType as 'NEW_AND_OLD_IMAGES' } }
      : {}),
  };
}

export async function createTables(client: DynamoDBClient, tables: TableDefinition[]): Promise<void> {
  await Promise.all(
    tables.map(async (table) => {
      await client.send(new CreateTableCommand(toCreateTableInput(table)));
      if (table.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: table.tableName,
            TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }),
  );
}
