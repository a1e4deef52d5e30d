// Adverts end to end on the sandbox: a spec and images in, one streamed variant per persona
// (generated concurrently), the same text stored, images in S3, answers cached by content.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { AdvertsDocument, CreateAdvertDocument, DeleteAdvertDocument } from '../../client/index.js';
import { chunksOfVariant, createAdvertAndCollect, readAdvert, regenerateAndCollect, streamedText } from '../support/adverts.js';
import { imagesBucket, sha256Hex, subOf } from '../support/advert-storage.js';
import { imageInput, jpeg, png } from '../support/images.js';
import { clientAs, modelAdmin } from '../support/sandbox-context.js';

type ModelStats = {
  requests: { byOperation: Record<string, number> };
  streams: Array<{ operation: string; startedAt: number; finishedAt?: number }>;
};
const stats = async () => (await modelAdmin('stats')) as ModelStats;
const modelStreams = async () => (await stats()).requests.byOperation['converse-stream'] ?? 0;

const SPEC = [
  'Aurora 7 family SUV',
  'Seats: 7 seats in three rows',
  'Towing: 2,500 kg braked',
  'Range: 610 km on a full tank',
  'Safety: 5-star Euro NCAP rating',
].join('\n');
const PERSONAS = ['Young families', 'Driving enthusiasts', 'Outdoor adventurers'];
const frontPhoto = png(4, 3, 1);
const interiorPhoto = jpeg(6, 4);

describe('adverts', () => {
  it('streams one variant per persona concurrently, each in order, and stores exactly what it streamed', async () => {
    const alice = clientAs('alice');
    const streamsBefore = (await stats()).streams.length;
    const startedAt = Date.now();
    const { advert, chunks } = await createAdvertAndCollect(alice, {
      spec: `${SPEC}\n[[tokens=150]]`,
      personas: PERSONAS,
      images: [imageInput('PNG', frontPhoto), imageInput('JPEG', interiorPhoto)],
      tone: 'upbeat',
      wordCount: 120,
      bypassCache: true,
    });

    // The mutation answers at once, before any copy exists.
    expect(advert.variants.map((v) => [v.persona, v.position, v.status, v.generation])).toEqual(PERSONAS.map((p, i) => [p, i, 'STREAMING', 1]));
    expect(advert.images.map((i) => [i.format, i.width, i.height, i.sizeBytes, i.sha256])).toEqual([
      ['PNG', 4, 3, frontPhoto.length, sha256Hex(frontPhoto)],
      ['JPEG', 6, 4, interiorPhoto.length, sha256Hex(interiorPhoto)],
    ]);

    // Concurrent: the three model streams overlap in time.
    const streams = (await stats()).streams.slice(streamsBefore).filter((s) => s.operation === 'converse-stream' && s.startedAt >= startedAt - 5);
    expect(streams).toHaveLength(3);
    expect(Math.max(...streams.map((s) => s.startedAt))).toBeLessThan(Math.min(...streams.map((s) => s.finishedAt ?? Infinity)));

    const stored = await readAdvert(alice, advert.id);
    for (const variant of advert.variants) {
      const mine = chunksOfVariant(chunks, variant.id);
      expect(mine.map((c) => c.seq)).toEqual(mine.map((_, i) => i));
      expect(mine.filter((c) => c.done)).toHaveLength(1);
      const last = mine.at(-1)!;
      expect(last).toMatchObject({ done: true, stopReason: 'end_turn', cached: false, error: null, persona: variant.persona });
      expect(last.usage?.outputTokens).toBe(150);
      expect(last.usage!.inputTokens).toBeGreaterThan(2 * 256); // both images reached the model

      const saved = stored?.variants.find((v) => v.id === variant.id);
      expect(saved).toMatchObject({ status: 'COMPLETE', content: streamedText(mine), cached: false, stopReason: 'end_turn', generation: 1 });
      expect(saved?.usage).toEqual(last.usage);
    }

    // The images are in S3 under the owner's advert prefix, byte for byte; never in the table.
    const s3 = imagesBucket();
    const keys = await s3.keys(`adverts/${subOf('alice')}/${advert.id}/`);
    expect(keys).toHaveLength(2);
    expect(await s3.bytes(keys.find((k) => k.endsWith('.png'))!)).toEqual(frontPhoto);
    expect(await s3.bytes(keys.find((k) => k.endsWith('.jpg'))!)).toEqual(interiorPhoto);
    s3.close();
    alice.close();
  });

  it("writes copy that names the product and the persona and keeps the spec's figures", async () => {
    const alice = clientAs('alice');
    const { advert, chunks } = await createAdvertAndCollect(alice, { spec: SPEC, personas: ['Young families'], images: [imageInput('PNG', frontPhoto)], wordCount: 120 });
    const text = streamedText(chunksOfVariant(chunks, advert.variants[0]!.id));
    for (const detail of ['Aurora 7', 'Young families', '7 seats', '2,500 kg', '610 km', '5-star']) expect(text).toContain(detail);
    alice.close();
  });

  it('answers an identical advert from the cache: it still streams, without a model call, and says so', async () => {
    const alice = clientAs('alice');
    const input = { spec: `${SPEC}\nColour: glacier white`, personas: PERSONAS.slice(0, 2), images: [imageInput('PNG', frontPhoto)], wordCount: 80 };
    const first = await createAdvertAndCollect(alice, input);
    const modelCallsBefore = await modelStreams();

    const repeat = await createAdvertAndCollect(alice, input);
    expect(await modelStreams()).toBe(modelCallsBefore);
    expect(repeat.advert.id).not.toBe(first.advert.id);
    const stored = await readAdvert(alice, repeat.advert.id);
    for (const [index, variant] of repeat.advert.variants.entries()) {
      const mine = chunksOfVariant(repeat.chunks, variant.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.at(-1)).toMatchObject({ done: true, cached: true, stopReason: 'end_turn' });
      const original = streamedText(chunksOfVariant(first.chunks, first.advert.variants[index]!.id));
      expect(streamedText(mine)).toBe(original);
      expect(stored?.variants[index]).toMatchObject({ status: 'COMPLETE', cached: true, content: original });
      expect(stored?.variants[index]?.usage).toEqual(chunksOfVariant(first.chunks, first.advert.variants[index]!.id).at(-1)?.usage);
    }

    // bypassCache asks the model again.
    await createAdvertAndCollect(alice, { ...input, bypassCache: true });
    expect(await modelStreams()).toBe(modelCallsBefore + 2);
    alice.close();
  });

  it('regenerates one variant as a new generation, streamed from seq 0, leaving the others alone', async () => {
    const alice = clientAs('alice');
    const { advert, chunks } = await createAdvertAndCollect(alice, { spec: `${SPEC}\nTrim: Explorer`, personas: PERSONAS.slice(0, 2), wordCount: 60 });
    const [kept, redone] = advert.variants;
    const modelCallsBefore = await modelStreams();

    const regenerated = await regenerateAndCollect(alice, advert.id, redone!.id);
    expect(regenerated.variant).toMatchObject({ id: redone!.id, status: 'STREAMING', generation: 2, content: '', cached: false, usage: null });
    expect(regenerated.chunks.map((c) => c.seq)).toEqual(regenerated.chunks.map((_, i) => i));
    expect(regenerated.chunks.at(-1)).toMatchObject({ done: true, cached: false, generation: 2 });
    // Regenerating always asks the model (a cached answer would be the same copy again).
    expect(await modelStreams()).toBe(modelCallsBefore + 1);

    const stored = await readAdvert(alice, advert.id);
    expect(stored?.variants[1]).toMatchObject({ status: 'COMPLETE', generation: 2, content: streamedText(regenerated.chunks) });
    expect(stored?.variants[0]).toMatchObject({ status: 'COMPLETE', generation: 1, content: streamedText(chunksOfVariant(chunks, kept!.id)) });
    alice.close();
  });

  it('lists the caller’s adverts newest first, with their variants', async () => {
    const alice = clientAs('alice');
    const older = await createAdvertAndCollect(alice, { spec: 'Lantern, 300 lumens' });
    const newer = await createAdvertAndCollect(alice, { spec: 'Kettle, 1.7 litres' });
    const { adverts } = await alice.query(AdvertsDocument, { limit: 100 });
    const ids = adverts.items.map((a) => a.id);
    expect(ids.indexOf(newer.advert.id)).toBeLessThan(ids.indexOf(older.advert.id));
    const listed = adverts.items.find((a) => a.id === newer.advert.id);
    expect(listed?.variants).toHaveLength(1);
    expect(listed?.variants[0]).toMatchObject({ persona: 'General audience', status: 'COMPLETE' });
    alice.close();
  });

  it('deletes an advert with its variants and its images', async () => {
    const alice = clientAs('alice');
    const { advert } = await createAdvertAndCollect(alice, { spec: 'Tent for 4, 3.2 kg', images: [imageInput('PNG', png(2, 2, 9))] });
    const s3 = imagesBucket();
    const prefix = `adverts/${subOf('alice')}/${advert.id}/`;
    expect(await s3.keys(prefix)).toHaveLength(1);

    const { deleteAdvert } = await alice.mutate(DeleteAdvertDocument, { id: advert.id });
    expect(deleteAdvert.id).toBe(advert.id);
    expect(await readAdvert(alice, advert.id)).toBeNull();
    expect(await s3.keys(prefix)).toEqual([]);
    await expect(alice.mutate(DeleteAdvertDocument, { id: advert.id })).rejects.toMatchObject({ errorType: 'NotFound' });
    s3.close();
    alice.close();
  });

  it('makes createAdvert idempotent with a clientToken, and refuses the token with another input', async () => {
    const alice = clientAs('alice');
    const clientToken = `advert-${ulid()}`;
    const input = { spec: 'Backpack, 28 litres', personas: ['Students'], clientToken };
    const { advert } = await createAdvertAndCollect(alice, input);
    const modelCallsBefore = await modelStreams();

    const { createAdvert: replay } = await alice.mutate(CreateAdvertDocument, { input });
    expect(replay.id).toBe(advert.id);
    expect(replay.variants.map((v) => v.id)).toEqual(advert.variants.map((v) => v.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await modelStreams()).toBe(modelCallsBefore);

    await expect(alice.mutate(CreateAdvertDocument, { input: { ...input, spec: 'Backpack, 30 litres' } })).rejects.toMatchObject({ errorType: 'IdempotencyConflict' });
    alice.close();
  });

  it('refuses an advert id that is already taken', async () => {
    const alice = clientAs('alice');
    const { advert } = await createAdvertAndCollect(alice, { spec: 'Desk lamp, 8 W LED' });
    await expect(alice.mutate(CreateAdvertDocument, { input: { id: advert.id, spec: 'Another lamp' } })).rejects.toMatchObject({ errorType: 'Conflict' });
    const bob = clientAs('bob');
    await expect(bob.mutate(CreateAdvertDocument, { input: { id: advert.id, spec: 'Stolen id' } })).rejects.toMatchObject({ errorType: 'Conflict' });
    expect((await readAdvert(alice, advert.id))?.spec).toBe('Desk lamp, 8 W LED');
    alice.close();
    bob.close();
  });
});
