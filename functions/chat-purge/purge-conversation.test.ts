import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PurgeIncompleteError } from '../shared/errors.js';
import { parsePurgeEvent, purgeConversation } from './purge-conversation.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(documentClient);
const pk = 'CONV#C1';
const messages = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ pk, sk: `MSG#${String(from + i).padStart(4, '0')}` }));

type DeleteRequests = { DeleteRequest: { Key: { sk: string } } }[];
const deletedKeys = () =>
  ddb.commandCalls(BatchWriteCommand).map((call) => (call.args[0].input.RequestItems?.ChatTable as DeleteRequests).map((r) => r.DeleteRequest.Key.sk));

beforeEach(() => ddb.reset());

describe('purgeConversation', () => {
  it('deletes every item of the partition in batches of 25, META last', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ pk, sk: 'META' }, ...messages(0, 30)], LastEvaluatedKey: { pk, sk: 'MSG#0029' } })
      .resolvesOnce({ Items: [...messages(30, 10), { pk, sk: 'TOKEN#abc' }] });
    ddb.on(BatchWriteCommand).resolves({});

    await expect(purgeConversation('ChatTable', 'C1', { client: documentClient })).resolves.toEqual({ deletedCount: 42 });

    const batches = deletedKeys();
    expect(batches.map((b) => b.length)).toEqual([25, 5, 11, 1]);
    expect(batches.at(-1)).toEqual(['META']);
    expect(batches.flat().filter((sk) => sk === 'META')).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input).toMatchObject({ KeyConditionExpression: 'pk = :pk', ExclusiveStartKey: { pk, sk: 'MSG#0029' } });
  });

  it('retries UnprocessedItems with backoff', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk, sk: 'META' }, ...messages(0, 3)] });
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { ChatTable: [{ DeleteRequest: { Key: { pk, sk: 'MSG#0002' } } }] } })
      .resolves({});
    const sleep = vi.fn(async () => undefined);

    await expect(purgeConversation('ChatTable', 'C1', { client: documentClient, sleep, random: () => 0.5 })).resolves.toEqual({ deletedCount: 4 });
    expect(deletedKeys()).toEqual([['MSG#0000', 'MSG#0001', 'MSG#0002'], ['MSG#0002'], ['META']]);
    expect(sleep).toHaveBeenCalledWith(25, undefined);
  });

  it('gives up with PurgeIncompleteError and keeps META when items stay unprocessed', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk, sk: 'META' }, ...messages(0, 1)] });
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { ChatTable: [{ DeleteRequest: { Key: { pk, sk: 'MSG#0000' } } }] } });
    const error = await purgeConversation('ChatTable', 'C1', { client: documentClient, sleep: async () => undefined, unprocessedRetries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurgeIncompleteError);
    expect(deletedKeys().flat()).not.toContain('META');
  });

  it('deletes nothing for an empty partition', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await expect(purgeConversation('ChatTable', 'C1', { client: documentClient })).resolves.toEqual({ deletedCount: 0 });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('rejects an event without a conversationId', () => {
    expect(() => parsePurgeEvent({})).toThrow('conversationId');
    expect(parsePurgeEvent({ conversationId: 'C1' })).toEqual({ conversationId: 'C1' });
  });
});
