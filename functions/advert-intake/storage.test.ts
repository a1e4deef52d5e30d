// advert-intake against a real DynamoDB Local and the local S3 server: the transaction, its
// conditions, the token race and the compensating deletes, which fakes cannot prove.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../shared/logger.js';
import { newAdvertItems } from './advert-items.js';
import { AdvertExistsError, DynamoAdvertStore, TokenTakenError } from './advert-store.js';
import { S3ImageStore } from './image-store.js';
import { intakeAdvert, type AdvertIntakeResult } from './intake-advert.js';
import { intakeEvent } from './test-fakes.js';
import { GIF_1X1_BASE64, PNG_1X1_BASE64 } from './test-images.js';
import { startTestStorage, type TestStorage } from './test-storage.js';

let storage: TestStorage;
let store: DynamoAdvertStore;
let images: S3ImageStore;
let tokenSequence = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const freshToken = () => `tok-${Date.now()}-${tokenSequence++}`;
const twoImages = [
  { format: 'PNG' as const, base64: PNG_1X1_BASE64 },
  { format: 'GIF' as const, base64: GIF_1X1_BASE64 },
];

beforeAll(async () => {
  storage = await startTestStorage();
  store = new DynamoAdvertStore(storage.tableName, storage.documentClient);
  images = new S3ImageStore(storage.bucket, storage.s3);
}, 60_000);

afterAll(async () => {
  await storage?.close();
});

const intake = (event: ReturnType<typeof intakeEvent>, adverts = store) => intakeAdvert(event, { images, adverts, log: silentLog });
const ok = (result: AdvertIntakeResult) => {
  if (!result.ok) throw new Error(`expected ok, got ${result.errorType}`);
  return result;
};

describe('advert-intake on DynamoDB Local and local S3', () => {
  it('stores the images and the items, and replays them for the same clientToken', async () => {
    const event = intakeEvent({ images: twoImages, clientToken: freshToken() });
    const created = ok(await intake(event));

    const partition = await storage.partition(`ADVERT#${event.advertId}`);
    expect(partition).toEqual([created.advert, ...created.variants]);
    const token = (await storage.partition(`OWNER#${event.owner}`)).find((item) => item.sk === `ADVERT_TOKEN#${event.input.clientToken}`);
    expect(token).toMatchObject({ type: 'AdvertToken', advertId: event.advertId, expiresAt: expect.any(Number) as number });

    const png = await storage.s3.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `adverts/${event.owner}/${event.advertId}/${event.variantIds[0]}/0.png` }));
    expect(png.ContentType).toBe('image/png');
    expect(png.Metadata).toEqual({ sha256: created.advert.images[0]?.sha256 });
    expect(Buffer.from(await png.Body!.transformToByteArray()).toString('base64')).toBe(PNG_1X1_BASE64);

    const replay = await intake(intakeEvent({ images: twoImages, clientToken: event.input.clientToken }));
    expect(replay).toEqual({ ok: true, replayed: true, advert: created.advert, variants: created.variants });
  });

  it('lets exactly one of two concurrent requests with the same clientToken store an advert', async () => {
    const clientToken = freshToken();
    const events = [intakeEvent({ images: twoImages, clientToken }), intakeEvent({ images: twoImages, clientToken })];
    // Both read "no token" before either writes: the transaction's condition decides.
    let release: () => void = () => undefined;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const racingStore = Object.assign(Object.create(store) as DynamoAdvertStore, {
      readToken: async (owner: string, token: string) => {
        const item = await store.readToken(owner, token);
        if (++reads === 2) release();
        await bothRead;
        return item;
      },
    });
    const results = await Promise.all(events.map((event) => intake(event, racingStore)));

    const winners = results.filter((result) => result.ok && !result.replayed);
    expect(winners).toHaveLength(1);
    const winner = ok(winners[0] as AdvertIntakeResult);
    expect(results.find((result) => result !== winner)).toMatchObject({ ok: false, errorType: 'Conflict' });

    const loserId = events.find((event) => event.advertId !== winner.advert.id)?.advertId;
    expect(await storage.partition(`ADVERT#${loserId}`)).toEqual([]);
    expect(storage.objectKeys().filter((key) => key.includes(String(loserId)))).toEqual([]);
    expect(storage.objectKeys().filter((key) => key.includes(winner.advert.id))).toHaveLength(2);
  });

  it.each([
    ['another owner', 'bob-sub', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['the same owner', 'alice-sub', '7c9e6679-7425-40de-944b-e07fc1f90ae7'],
  ])("refuses a client-chosen id a request of %s takes concurrently, removing only the loser's images", async (_who, secondOwner, advertId) => {
    const events = [intakeEvent({ images: twoImages, clientToken: null }, { advertId, owner: 'alice-sub' }), intakeEvent({ images: twoImages, clientToken: null }, { advertId, owner: secondOwner })];
    // Both see the id free before either writes: the transaction's condition decides.
    let release: () => void = () => undefined;
    const bothChecked = new Promise<void>((resolve) => (release = resolve));
    let checks = 0;
    const racingStore = Object.assign(Object.create(store) as DynamoAdvertStore, {
      readAdvertOwner: async (id: string) => {
        const owner = await store.readAdvertOwner(id);
        if (++checks <= 2) {
          if (checks === 2) release();
          await bothChecked;
        }
        return owner;
      },
    });
    const results = await Promise.all(events.map((event) => intake(event, racingStore)));
    const winnerIndex = results.findIndex((result) => result.ok);
    expect(winnerIndex).toBeGreaterThanOrEqual(0);
    expect(results[1 - winnerIndex]).toMatchObject({ ok: false, errorType: 'Conflict' });
    const winner = events[winnerIndex]!;
    const keys = storage.objectKeys().filter((key) => key.includes(advertId));
    const folder = `adverts/${winner.owner}/${advertId}/${winner.variantIds[0]}`;
    expect(keys).toEqual([`${folder}/0.png`, `${folder}/1.gif`]);
  });

  it('answers Conflict for an id in use and leaves its images alone', async () => {
    const first = ok(await intake(intakeEvent({ images: twoImages, clientToken: null })));
    const before = storage.objectKeys().filter((key) => key.includes(first.advert.id));
    const again = intakeEvent({ images: [{ format: 'GIF', base64: GIF_1X1_BASE64 }], clientToken: null }, { advertId: first.advert.id });
    await expect(intake(again)).resolves.toMatchObject({ ok: false, errorType: 'Conflict' });
    expect(storage.objectKeys().filter((key) => key.includes(first.advert.id))).toEqual(before);
    const png = await storage.s3.send(new GetObjectCommand({ Bucket: storage.bucket, Key: before[0] }));
    expect(Buffer.from(await png.Body!.transformToByteArray()).toString('base64')).toBe(PNG_1X1_BASE64);
  });

  it('removes the images it put when the transaction fails', async () => {
    const brokenStore = new DynamoAdvertStore('NoSuchTable', storage.documentClient);
    const event = intakeEvent({ images: twoImages, clientToken: null });
    await expect(intake(event, brokenStore)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(storage.objectKeys().filter((key) => key.includes(event.advertId))).toEqual([]);
  });
});

describe('DynamoAdvertStore.create conditions', () => {
  const newItems = (clientToken: string | null) => {
    const event = intakeEvent({ images: [], clientToken });
    return newAdvertItems(event, [], 'hash-1', nowSeconds());
  };

  it('fails with TokenTakenError on a live token and writes nothing', async () => {
    const items = newItems(freshToken());
    await storage.documentClient.send(new PutCommand({ TableName: storage.tableName, Item: { ...items.token, advertId: 'OTHER', expiresAt: nowSeconds() + 60 } }));
    await expect(store.create(items, nowSeconds())).rejects.toBeInstanceOf(TokenTakenError);
    expect(await store.readAdvert(items.advert.id)).toBeUndefined();
  });

  it('replaces an expired token', async () => {
    const items = newItems(freshToken());
    await storage.documentClient.send(new PutCommand({ TableName: storage.tableName, Item: { ...items.token, advertId: 'OLD', expiresAt: nowSeconds() - 1 } }));
    await store.create(items, nowSeconds());
    await expect(store.readToken(items.advert.owner, String(items.token?.sk.replace('ADVERT_TOKEN#', '')))).resolves.toEqual(items.token);
    await expect(store.readAdvert(items.advert.id)).resolves.toEqual({ advert: items.advert, variants: items.variants });
  });

  it('fails with AdvertExistsError when the advert id is taken', async () => {
    const items = newItems(null);
    await expect(store.readAdvertOwner(items.advert.id)).resolves.toBeUndefined();
    await store.create(items, nowSeconds());
    await expect(store.readAdvertOwner(items.advert.id)).resolves.toBe(items.advert.owner);
    const error = await store.create({ ...items, advert: { ...items.advert, owner: 'bob-sub' } }, nowSeconds()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdvertExistsError);
  });
});
