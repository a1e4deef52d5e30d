import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidEventError } from '../shared/errors.js';
import { startTestStorage, type TestStorage } from '../advert-intake/test-storage.js';
import { parseAdvertPurgeEvent } from './event.js';
import { purgeAdvert, storageAdapters, type PurgeAdapters } from './purge-advert.js';

const ADVERT_ID = '01JD0000000000000000000001';
const OTHER_ID = '01JD0000000000000000000002';

describe('purgeAdvert with fakes', () => {
  const calls: string[] = [];
  const adapters = (overrides: Partial<PurgeAdapters> = {}): PurgeAdapters => ({
    listImageKeys: async (prefix) => {
      calls.push(`list ${prefix}`);
      return [`${prefix}0.png`, `${prefix}1.jpg`];
    },
    deleteImages: async (keys) => {
      calls.push(`delete ${keys.length} objects`);
      return keys.length;
    },
    deletePartition: async (pk) => {
      calls.push(`purge ${pk}`);
      return 4;
    },
    ...overrides,
  });

  it('deletes the objects under the advert prefix, then the partition', async () => {
    calls.length = 0;
    await expect(purgeAdvert({ advertId: ADVERT_ID, owner: 'alice' }, adapters())).resolves.toEqual({ deletedItems: 4, deletedObjects: 2 });
    expect(calls).toEqual([`list adverts/alice/${ADVERT_ID}/`, 'delete 2 objects', `purge ADVERT#${ADVERT_ID}`]);
  });

  it('leaves the items when the objects cannot be deleted', async () => {
    calls.length = 0;
    const failure = new Error('AccessDenied');
    const purge = purgeAdvert({ advertId: ADVERT_ID, owner: 'alice' }, adapters({ deleteImages: () => Promise.reject(failure) }));
    await expect(purge).rejects.toBe(failure);
    expect(calls.some((call) => call.startsWith('purge'))).toBe(false);
  });

  it('skips DeleteObjects when there are no objects', async () => {
    calls.length = 0;
    const result = await purgeAdvert({ advertId: ADVERT_ID, owner: 'alice' }, adapters({ listImageKeys: async () => [] }));
    expect(result).toEqual({ deletedItems: 4, deletedObjects: 0 });
    expect(calls).toEqual([`purge ADVERT#${ADVERT_ID}`]);
  });
});

describe('parseAdvertPurgeEvent', () => {
  it('accepts { advertId, owner } and nothing looser', () => {
    expect(parseAdvertPurgeEvent({ advertId: ADVERT_ID, owner: 'guest', extra: 1 })).toEqual({ advertId: ADVERT_ID, owner: 'guest' });
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(parseAdvertPurgeEvent({ advertId: uuid, owner: 'alice' })).toEqual({ advertId: uuid, owner: 'alice' });
    for (const payload of [null, {}, { advertId: ADVERT_ID }, { advertId: 'x', owner: 'alice' }, { advertId: '../x', owner: 'alice' }, { advertId: ADVERT_ID, owner: '' }, { advertId: ADVERT_ID, owner: 'a/b' }]) {
      expect(() => parseAdvertPurgeEvent(payload)).toThrow(InvalidEventError);
    }
  });
});

describe('purgeAdvert on DynamoDB Local and local S3', () => {
  let storage: TestStorage;

  beforeAll(async () => {
    storage = await startTestStorage();
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
  });

  const seed = async (advertId: string, variantCount: number, imageCount: number) => {
    const pk = `ADVERT#${advertId}`;
    const items = [
      { pk, sk: 'META', type: 'Advert', id: advertId, owner: 'alice' },
      ...Array.from({ length: variantCount }, (_, i) => ({ pk, sk: `VARIANT#${String(i).padStart(2, '0')}`, type: 'AdvertVariant' })),
    ];
    for (let i = 0; i < items.length; i += 25) {
      const RequestItems = { [storage.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
      await storage.documentClient.send(new BatchWriteCommand({ RequestItems }));
    }
    for (let i = 0; i < imageCount; i++) {
      await storage.s3.send(new PutObjectCommand({ Bucket: storage.bucket, Key: `adverts/alice/${advertId}/${i}.png`, Body: 'png', ContentType: 'image/png' }));
    }
  };

  it('removes every object and item of the advert and nothing else', async () => {
    // More items than one BatchWriteItem: the partition helper batches them.
    await seed(ADVERT_ID, 30, 3);
    await seed(OTHER_ID, 2, 1);
    const adapters = storageAdapters({ s3: storage.s3, bucket: storage.bucket, documentClient: storage.documentClient, tableName: storage.tableName });

    await expect(purgeAdvert({ advertId: ADVERT_ID, owner: 'alice' }, adapters)).resolves.toEqual({ deletedItems: 31, deletedObjects: 3 });
    expect(await storage.partition(`ADVERT#${ADVERT_ID}`)).toEqual([]);
    expect(storage.objectKeys()).toEqual([`adverts/alice/${OTHER_ID}/0.png`]);
    expect(await storage.partition(`ADVERT#${OTHER_ID}`)).toHaveLength(3);

    // A retry after success finds nothing left.
    await expect(purgeAdvert({ advertId: ADVERT_ID, owner: 'alice' }, adapters)).resolves.toEqual({ deletedItems: 0, deletedObjects: 0 });
  });
});
