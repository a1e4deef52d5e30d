import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoMessageStore } from './message-store.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(documentClient);
const store = new DynamoMessageStore('ChatTable', documentClient, 2);
const key = { conversationId: 'C1', messageId: 'M9' };

const conditionFailed = (item?: Record<string, unknown>) =>
  Object.assign(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }), item ? { Item: item } : {});

beforeEach(() => ddb.reset());

describe('DynamoMessageStore', () => {
  it('reads history newest first, up to the answer, page by page, consistently', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ id: 'M9', role: 'ASSISTANT', content: '', status: 'STREAMING' }, { id: 'M8', role: 'USER', content: 'q', status: 'COMPLETE' }], LastEvaluatedKey: { pk: 'CONV#C1', sk: 'MSG#M8' } })
      .resolvesOnce({ Items: [{ id: 'M7', role: 'ASSISTANT', content: 'a', status: 'COMPLETE' }] });
    const ids: string[] = [];
    for await (const message of store.historyNewestFirst('C1', 'M9')) ids.push(message.id);
    expect(ids).toEqual(['M9', 'M8', 'M7']);
    const [first, second] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(first).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': 'CONV#C1', ':first': 'MSG#', ':last': 'MSG#M9' },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 2,
    });
    expect(second?.ExclusiveStartKey).toEqual({ pk: 'CONV#C1', sk: 'MSG#M8' });
  });

  it('checkpoints only while STREAMING', async () => {
    ddb.on(UpdateCommand).resolves({});
    await expect(store.checkpoint(key, 'so far', '2026-01-01T00:00:00.000Z')).resolves.toBe('written');
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'CONV#C1', sk: 'MSG#M9' },
      UpdateExpression: 'SET #content = :content, #updatedAt = :updatedAt',
      ConditionExpression: '#status = :streaming',
      ExpressionAttributeValues: { ':streaming': 'STREAMING', ':content': 'so far' },
    });
  });

  it.each([
    ['cancelled', { status: { S: 'CANCELLED' } }],
    ['finished', { status: { S: 'COMPLETE' } }],
  ])('reports %s from the old item on a failed condition', async (outcome, item) => {
    ddb.on(UpdateCommand).rejects(conditionFailed(item));
    await expect(store.checkpoint(key, 'x', 'now')).resolves.toBe(outcome);
  });

  it('reports gone when the item no longer exists', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});
    await expect(store.checkpoint(key, 'x', 'now')).resolves.toBe('gone');
  });

  it('writes the final message once, with its fields; a cancel may also finish a CANCELLED message', async () => {
    ddb.on(UpdateCommand).resolves({});
    await store.finish(key, { status: 'COMPLETE', content: 'done', updatedAt: 't', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 2 }, error: null });
    await store.finish(key, { status: 'CANCELLED', content: 'part', updatedAt: 't', stopReason: 'cancelled' });
    const [complete, cancelled] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(complete).toMatchObject({
      ConditionExpression: '#status = :streaming',
      ExpressionAttributeValues: { ':status': 'COMPLETE', ':usage': { inputTokens: 1, outputTokens: 2 }, ':stopReason': 'end_turn' },
    });
    expect(complete?.UpdateExpression).not.toContain('#error');
    expect(cancelled?.ConditionExpression).toBe('#status IN (:streaming, :cancelled)');
  });
});
