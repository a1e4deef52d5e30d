import { describe, expect, it } from 'vitest';
import type { AdvertChunkFieldsFragment, AdvertFieldsFragment, AdvertVariantFieldsFragment } from '../generated/graphql.js';
import { createAdvertStreams, type VariantStream } from './advert-stream.js';
import { StreamSupersededError } from './errors.js';
import { FakeTransport } from './fake-transport.js';

const FAST = { gapTimeoutMs: 20, pollIntervalMs: 10, idleTimeoutMs: 100 };
const COPY: Record<string, string[]> = {
  v0: ['Aurora 7:', ' room', ' for', ' the', ' family.'],
  v1: ['Aurora 7:', ' 2,500 kg', ' braked', ' towing.'],
};
const WHOLE = (id: string, generation = 1) => (generation === 1 ? '' : `[gen ${generation}] `) + (COPY[id] ?? []).join('');

function variant(id: string, position: number, fields: Partial<AdvertVariantFieldsFragment> = {}): AdvertVariantFieldsFragment {
  return {
    id, advertId: 'a1', position, persona: `persona ${position}`, status: 'STREAMING', content: '', generation: 1, cached: false,
    stopReason: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', usage: null, error: null,
    ...fields,
  };
}

function advert(id: string, variants: AdvertVariantFieldsFragment[]): AdvertFieldsFragment {
  return {
    id, spec: 'Aurora 7', tone: null, wordCount: 150, modelId: 'm', bypassCache: false, createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z', images: [], variants: variants.map((v) => ({ ...v, advertId: id })),
  };
}

function chunk(advertId: string, variantId: string, seq: number, generation = 1): { onAdvertChunk: AdvertChunkFieldsFragment } {
  const pieces = COPY[variantId] ?? [];
  const done = seq === pieces.length - 1;
  const text = (seq === 0 && generation > 1 ? `[gen ${generation}] ` : '') + (pieces[seq] ?? '');
  return {
    onAdvertChunk: {
      advertId, variantId, owner: 'alice', persona: 'p', generation, seq, text, done,
      stopReason: done ? 'end_turn' : null, cached: done ? false : null, usage: null, error: null,
    },
  };
}

/** The adverts API as the helper sees it; `stored` holds the variants the Advert query returns. */
function backend() {
  const stored = { variants: [variant('v0', 0), variant('v1', 1)], id: '' };
  const transport = new FakeTransport({
    CreateAdvert: ({ input }: { input: { id: string } }) => {
      stored.id = input.id;
      return { createAdvert: advert(input.id, stored.variants) };
    },
    Advert: ({ id }: { id: string }) => ({ advert: advert(id, stored.variants) }),
  });
  const complete = (id: string, generation = 1) => {
    stored.variants = stored.variants.map((v) => (v.id === id ? { ...v, status: 'COMPLETE', content: WHOLE(id, generation), generation, stopReason: 'end_turn' } : v));
  };
  return { transport, stored, complete, chunks: () => transport.subscription<ReturnType<typeof chunk>>() };
}

async function textOf(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of stream) text += piece;
  return text;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('adverts.create', () => {
  it('subscribes with a ULID it chose before createAdvert, and streams every variant in order', async () => {
    const { transport, stored, complete, chunks } = backend();
    transport.autoAck = false;
    const stream = createAdvertStreams(transport, FAST).create({ spec: 'Aurora 7', personas: ['persona 0', 'persona 1'] });
    await flush();
    const advertId = (chunks().variables as { advertId: string }).advertId;
    expect(advertId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(transport.count('CreateAdvert')).toBe(0);
    // A chunk may arrive before createAdvert answers.
    chunks().emit(chunk(advertId, 'v1', 0));
    chunks().ack();
    const variants = await stream.variants;
    expect(transport.calls.find((c) => c.operation === 'CreateAdvert')?.variables).toMatchObject({ input: { id: advertId, spec: 'Aurora 7' } });
    expect(variants.map((v) => [v.id, v.persona, v.position, v.generation])).toEqual([
      ['v0', 'persona 0', 0, 1],
      ['v1', 'persona 1', 1, 1],
    ]);
    const texts = Promise.all(variants.map(textOf));
    for (const [id, seq] of [['v0', 1], ['v0', 0], ['v1', 1], ['v0', 2], ['v1', 2], ['v0', 3]] as const) chunks().emit(chunk(advertId, id, seq));
    complete('v0');
    complete('v1');
    chunks().emit(chunk(advertId, 'v1', 3));
    chunks().emit(chunk(advertId, 'v0', 4));

    expect(await texts).toEqual([WHOLE('v0'), WHOLE('v1')]);
    const final = await stream.final;
    expect(final.variants.map((v) => [v.status, v.content])).toEqual(stored.variants.map((v) => ['COMPLETE', v.content]));
    expect(chunks().closed).toBe(true);
  });

  it('fills a variant gap from the stored advert, yielding only the missing tail', async () => {
    const { transport, stored, complete, chunks } = backend();
    const stream = createAdvertStreams(transport, FAST).create({ spec: 'Aurora 7' });
    const [first, second] = (await stream.variants) as [VariantStream, VariantStream];
    const advertId = stored.id;
    const pieces: string[] = [];
    const reading = (async () => {
      for await (const piece of first) pieces.push(piece);
    })();
    chunks().emit(chunk(advertId, 'v0', 0));
    chunks().emit(chunk(advertId, 'v0', 3)); // 1 and 2 never arrive
    stored.variants = stored.variants.map((v) => (v.id === 'v0' ? { ...v, content: COPY.v0!.slice(0, 3).join('') } : v));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pieces).toEqual(['Aurora 7:', ' room for']);
    complete('v0');
    chunks().emit(chunk(advertId, 'v0', 4));
    await reading;
    expect(pieces.join('')).toBe(WHOLE('v0'));
    complete('v1');
    expect(await textOf(second)).toBe(WHOLE('v1'));
  });

  it('follows the first advert when a repeated clientToken returns it (already finished)', async () => {
    const { transport } = backend();
    const first = advert('01FIRSTADVERT0000000000000', [variant('v0', 0, { status: 'COMPLETE', content: WHOLE('v0'), stopReason: 'end_turn' })]);
    transport.on('CreateAdvert', () => ({ createAdvert: first }));
    transport.on('Advert', () => ({ advert: first }));
    const stream = createAdvertStreams(transport, FAST).create({ spec: 'Aurora 7', clientToken: 'launch-1' });
    const [only] = await stream.variants;
    expect(await textOf(only!)).toBe(WHOLE('v0'));
    expect(transport.subscriptions.map((s) => (s.variables as { advertId: string }).advertId)).toContain(first.id);
    await expect(stream.final).resolves.toMatchObject({ id: first.id });
  });

  it('aborting stops following: iterations end, finals reject with the reason', async () => {
    const { transport, stored, chunks } = backend();
    const controller = new AbortController();
    const stream = createAdvertStreams(transport, FAST).create({ spec: 'Aurora 7' }, { signal: controller.signal });
    const [first] = await stream.variants;
    chunks().emit(chunk(stored.id, 'v0', 0));
    const pieces: string[] = [];
    for await (const piece of first!) {
      pieces.push(piece);
      controller.abort();
    }
    expect(pieces).toEqual(['Aurora 7:']);
    await expect(first!.final).rejects.toMatchObject({ name: 'AbortError' });
    await expect(stream.final).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks().closed).toBe(true);
  });
});

describe('adverts.regenerate', () => {
  it('follows only the new generation of the variant', async () => {
    const { transport, stored, complete } = backend();
    stored.id = 'a1';
    stored.variants = [variant('v0', 0, { status: 'COMPLETE', content: WHOLE('v0') })];
    transport.on('RegenerateAdvertVariant', () => {
      stored.variants = [variant('v0', 0, { generation: 2 })];
      return { regenerateAdvertVariant: stored.variants[0] };
    });
    const stream = await createAdvertStreams(transport, FAST).regenerate('a1', 'v0');
    expect(stream).toMatchObject({ id: 'v0', generation: 2 });
    const chunks = transport.subscription<ReturnType<typeof chunk>>();
    expect(chunks.variables).toEqual({ advertId: 'a1' });
    const text = textOf(stream);
    chunks.emit(chunk('a1', 'v0', 0, 1)); // a stale generation's chunk
    for (const seq of [0, 1, 2, 3]) chunks.emit(chunk('a1', 'v0', seq, 2));
    complete('v0', 2);
    chunks.emit(chunk('a1', 'v0', 4, 2));
    expect(await text).toBe(WHOLE('v0', 2));
    await expect(stream.final).resolves.toMatchObject({ generation: 2, status: 'COMPLETE' });
  });

  it('fails the stream when the variant was regenerated again meanwhile', async () => {
    const { transport, stored } = backend();
    stored.id = 'a1';
    transport.on('RegenerateAdvertVariant', () => ({ regenerateAdvertVariant: variant('v0', 0, { generation: 2 }) }));
    stored.variants = [variant('v0', 0, { generation: 3 })];
    const stream = await createAdvertStreams(transport, FAST).regenerate('a1', 'v0');
    transport.subscription<ReturnType<typeof chunk>>().resubscribe();
    await expect(textOf(stream)).rejects.toBeInstanceOf(StreamSupersededError);
  });
});
