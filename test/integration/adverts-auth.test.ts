// Ownership of adverts: another user (or the API key's guest) can neither read, list,
// regenerate, delete nor subscribe to someone else's advert; the publish mutation is IAM only.
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdvertDocument,
  AdvertsDocument,
  CreateAdvertDocument,
  DeleteAdvertDocument,
  OnAdvertChunkDocument,
  PublishAdvertChunkDocument,
  RegenerateAdvertVariantDocument,
} from '../../client/index.js';
import { advertChunkCollector, createAdvertAndCollect, readAdvert } from '../support/adverts.js';
import { imagesBucket, subOf } from '../support/advert-storage.js';
import { imageInput } from '../support/images.js';
import { clientAs } from '../support/sandbox-context.js';

describe('adverts authorization', () => {
  let advertId: string;
  let variantId: string;

  beforeAll(async () => {
    const alice = clientAs('alice');
    const { advert } = await createAdvertAndCollect(alice, { spec: 'Secret prototype, 900 km range', images: [imageInput('PNG')] });
    advertId = advert.id;
    variantId = advert.variants[0]!.id;
    alice.close();
  });

  for (const intruder of ['bob', 'guest'] as const) {
    describe(`as ${intruder}`, () => {
      it('cannot read the advert, and does not see it listed', async () => {
        const client = clientAs(intruder);
        await expect(client.query(AdvertDocument, { id: advertId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        const { adverts } = await client.query(AdvertsDocument, { limit: 100 });
        expect(adverts.items.map((a) => a.id)).not.toContain(advertId);
        client.close();
      });

      it('cannot regenerate or delete it, and nothing changes', async () => {
        const client = clientAs(intruder);
        await expect(client.mutate(RegenerateAdvertVariantDocument, { advertId, variantId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        await expect(client.mutate(DeleteAdvertDocument, { id: advertId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        const stored = await readAdvert(clientAs('alice'), advertId);
        expect(stored?.variants[0]).toMatchObject({ status: 'COMPLETE', generation: 1 });
        const s3 = imagesBucket();
        expect(await s3.keys(`adverts/${subOf('alice')}/${advertId}/`)).toHaveLength(1);
        s3.close();
        client.close();
      });

      it('cannot subscribe to its chunks', async () => {
        const client = clientAs(intruder);
        const subscription = client.subscribe(OnAdvertChunkDocument, { advertId });
        await expect(subscription.started).rejects.toMatchObject({ errorType: 'Unauthorized' });
        client.close();
      });
    });
  }

  it("receives nothing when subscribed first to the id another user then creates an advert with", async () => {
    const id = ulid();
    const bob = clientAs('bob');
    const spy = bob.subscribe(OnAdvertChunkDocument, { advertId: id });
    await spy.started; // allowed: the advert does not exist yet
    const overheard = advertChunkCollector(spy);

    const alice = clientAs('alice');
    const { createAdvert } = await alice.mutate(CreateAdvertDocument, { input: { id, spec: 'Private launch, 4 doors' } });
    const own = alice.subscribe(OnAdvertChunkDocument, { advertId: id });
    await own.started;
    // Wait until alice's copy is finished, then check bob heard none of it.
    for (let i = 0; i < 80 && (await readAdvert(alice, id))?.variants[0]?.status === 'STREAMING'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await readAdvert(alice, createAdvert.id))?.variants[0]?.status).toBe('COMPLETE');
    await new Promise((r) => setTimeout(r, 200));
    expect(overheard.chunks).toEqual([]);
    spy.close();
    own.close();
    alice.close();
    bob.close();
  });

  it('publishAdvertChunk is denied to users and API keys (IAM only)', async () => {
    const input = { advertId, variantId, owner: subOf('alice'), persona: 'x', generation: 1, seq: 99, text: 'forged', done: true };
    for (const who of ['alice', 'guest'] as const) {
      await expect(clientAs(who).mutate(PublishAdvertChunkDocument, { input })).rejects.toMatchObject({ errorType: 'Unauthorized' });
    }
  });
});
