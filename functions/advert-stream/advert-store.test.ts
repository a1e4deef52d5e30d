import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAdvertStore } from './advert-store.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(documentClient);
const store = new DynamoAdvertStore('AdvertsTable', documentClient);
const variant = { id: 'V1', position: 1, persona: 'Families', status: 'STREAMING', generation: 3 };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('DynamoAdvertStore', () => {
  it('reads the advert and its variants from one partition, consistently', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'ADVERT#A1', sk: 'META', id: 'A1', owner: 'alice', spec: 'SUV', wordCount: 80, modelId: 'm', images: [{ position: 0, format: 'PNG', sizeBytes: 9, sha256: 'h', key: 'k' }] },
        { pk: 'ADVERT#A1', sk: 'VARIANT#00', id: 'V0', position: 0, persona: 'Families', status: 'STREAMING', generation: 1 },
      ],
    });
    const stored = await store.read('A1');
    expect(stored?.advert).toMatchObject({ id: 'A1', owner: 'alice', tone: null, wordCount: 80, images: [{ format: 'PNG', key: 'k' }] });
    expect(stored?.variants).toEqual([{ id: 'V0', position: 0, persona: 'Families', status: 'STREAMING', generation: 1 }]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'ADVERT#A1' }, ConsistentRead: true });

    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await store.read('A1')).toBeUndefined();
  });

  it('writes only while the variant is STREAMING at this generation, and records cached on the final write', async () => {
    ddb.on(UpdateCommand).resolves({});
    const record = store.variantRecord('A1', variant, () => ({ cached: true }));
    await expect(record.checkpoint('so far', 't1')).resolves.toBe('written');
    await record.finish({ status: 'COMPLETE', content: 'all', updatedAt: 't2', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 2 } });
    const [checkpoint, final] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(checkpoint).toMatchObject({
      Key: { pk: 'ADVERT#A1', sk: 'VARIANT#01' },
      ConditionExpression: '#status = :streaming AND #generation = :generation',
      ExpressionAttributeValues: { ':streaming': 'STREAMING', ':generation': 3, ':content': 'so far' },
    });
    expect(final?.ExpressionAttributeValues).toMatchObject({ ':status': 'COMPLETE', ':cached': true, ':usage': { inputTokens: 1, outputTokens: 2 } });
    expect(final?.UpdateExpression).not.toContain('#error');
  });

  it('tells a deleted variant (gone) from one finished or regenerated elsewhere', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const record = store.variantRecord('A1', variant, () => ({ cached: false }));
    ddb.on(GetCommand).resolves({});
    await expect(record.checkpoint('x', 't')).resolves.toBe('gone');
    ddb.on(GetCommand).resolves({ Item: { pk: 'ADVERT#A1' } });
    await expect(record.checkpoint('x', 't')).resolves.toBe('finished');
  });
});
