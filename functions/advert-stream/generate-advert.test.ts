import { describe, expect, it } from 'vitest';
import type { ConverseStreamInput, ModelClient, ModelStreamEvent } from '../shared/bedrock.js';
import { silentLog } from '../shared/logger.js';
import type { AnswerStore, FinalAnswer, WriteOutcome } from '../shared/streaming/answer-store.js';
import type { OutgoingChunk } from '../shared/streaming/chunk-batcher.js';
import { ADVERT_SYSTEM_PROMPT } from './advert-prompt.js';
import type { AdvertStore, StoredAdvert, VariantRecord } from './advert-store.js';
import type { AnswerCacheStore, CachedAnswer } from './answer-cache.js';
import type { AdvertChunkAddress } from './chunk-publisher.js';
import type { AdvertStreamEvent } from './event.js';
import { generateAdvert, type GenerateAdvertDeps } from './generate-advert.js';
import type { ImageSource } from './image-reader.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function storedAdvert(personas = ['Families', 'Driving enthusiasts', 'Commuters']): StoredAdvert {
  return {
    advert: {
      id: 'A1',
      owner: 'alice',
      spec: 'Aurora SUV\n7 seats\n2,500 kg towing',
      tone: 'bold',
      wordCount: 60,
      modelId: 'model-a',
      images: [{ position: 0, format: 'PNG', sizeBytes: PNG.length, sha256: 'x', key: 'adverts/alice/A1/0.png' }],
    },
    variants: personas.map((persona, position) => ({ id: `V${position}`, position, persona, status: 'STREAMING', generation: 1 })),
  };
}

/** Variant records in memory, with the same conditions as the table: STREAMING and same generation. */
class FakeStore implements AdvertStore {
  readonly finals = new Map<string, FinalAnswer & { cached: boolean }>();
  constructor(public stored: StoredAdvert | undefined) {}
  async read() {
    return this.stored && structuredClone(this.stored);
  }
  variantRecord(_advertId: string, variant: VariantRecord, extra: () => { cached: boolean }): AnswerStore {
    const current = () => this.stored?.variants.find((v) => v.id === variant.id);
    const check = (): WriteOutcome | undefined => {
      const record = current();
      if (!record) return 'gone';
      if (record.status !== 'STREAMING' || record.generation !== variant.generation) return 'finished';
      return undefined;
    };
    return {
      checkpoint: async () => check() ?? 'written',
      finish: async (final) => {
        const conflict = check();
        if (conflict) return conflict;
        current()!.status = final.status;
        this.finals.set(variant.id, { ...final, ...extra() });
        return 'written';
      },
    };
  }
}

class MemoryCache implements AnswerCacheStore {
  readonly entries = new Map<string, CachedAnswer>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async put(key: string, answer: CachedAnswer) {
    this.entries.set(key, answer);
  }
}

/** Answers "<persona> text" in three deltas; fails for personas listed in `failFor`. */
class FakeModel implements ModelClient {
  readonly requests: ConverseStreamInput[] = [];
  constructor(private readonly failFor: string[] = []) {}
  async *converseStream(input: ConverseStreamInput): AsyncGenerator<ModelStreamEvent> {
    this.requests.push(input);
    const text = input.messages[0]?.content?.find((block) => block.text)?.text ?? '';
    const persona = /<audience>(.*)<\/audience>/.exec(text)?.[1] ?? '?';
    if (this.failFor.includes(persona)) throw Object.assign(new Error('bad request'), { name: 'ValidationException' });
    for (const word of [persona, ' writes', ' copy']) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield { type: 'text', text: word };
    }
    yield { type: 'stop', stopReason: 'end_turn' };
    yield { type: 'usage', usage: { inputTokens: 300, outputTokens: 3 } };
  }
}

interface Published extends OutgoingChunk {
  address: AdvertChunkAddress;
  cached: boolean | null;
}

function setup(options: { store?: FakeStore; model?: FakeModel; cache?: MemoryCache; images?: ImageSource; allowed?: string[] } = {}) {
  const store = options.store ?? new FakeStore(storedAdvert());
  const model = options.model ?? new FakeModel();
  const cache = options.cache ?? new MemoryCache();
  const published: Published[] = [];
  let imageReads = 0;
  const images: ImageSource = options.images ?? {
    read: async () => {
      imageReads++;
      return [{ format: 'png', bytes: PNG }];
    },
  };
  const deps: GenerateAdvertDeps = {
    config: { allowedModelIds: options.allowed ?? ['model-a'], flushIntervalMs: 5, flushMaxBytes: 4096, checkpointIntervalMs: 0, deadlineMarginMs: 0 },
    store,
    images,
    cache,
    model,
    createPublisher: (address, cached) => async (chunk) => {
      published.push({ ...chunk, address, cached: chunk.done ? cached() : null });
    },
    log: silentLog,
  };
  return { store, model, cache, published, deps, imageReads: () => imageReads };
}

const context = { remainingTimeMs: () => 60_000 };
const event = (overrides: Partial<AdvertStreamEvent> = {}): AdvertStreamEvent => ({
  advertId: 'A1',
  owner: 'alice',
  variants: [0, 1, 2].map((n) => ({ id: `V${n}`, generation: 1 })),
  bypassCache: false,
  ...overrides,
});

function chunksOf(published: Published[], variantId: string) {
  return published.filter((chunk) => chunk.address.variantId === variantId);
}

describe('generateAdvert', () => {
  it('streams every variant concurrently, in order per variant, and stores what it streamed', async () => {
    const { deps, published, store, model, imageReads } = setup();
    const outcome = await generateAdvert(event(), context, deps);

    expect(outcome).toMatchObject({ status: 'DONE', variants: [0, 1, 2].map((n) => ({ variantId: `V${n}`, status: 'COMPLETE', cached: false })) });
    expect(model.requests).toHaveLength(3);
    expect(imageReads()).toBe(1);
    // Interleaved: the first chunk of every variant goes out before any variant finishes.
    const firstDone = published.findIndex((chunk) => chunk.done);
    expect(new Set(published.slice(0, firstDone).map((chunk) => chunk.address.variantId)).size).toBe(3);
    for (const [n, persona] of ['Families', 'Driving enthusiasts', 'Commuters'].entries()) {
      const chunks = chunksOf(published, `V${n}`);
      expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index));
      expect(chunks.at(-1)).toMatchObject({ done: true, stopReason: 'end_turn', usage: { inputTokens: 300, outputTokens: 3 }, cached: false });
      expect(chunks[0]!.address).toEqual({ advertId: 'A1', variantId: `V${n}`, owner: 'alice', persona, generation: 1 });
      const streamed = chunks.map((chunk) => chunk.text).join('');
      expect(streamed).toBe(`${persona} writes copy`);
      expect(store.finals.get(`V${n}`)).toMatchObject({ status: 'COMPLETE', content: streamed, cached: false });
    }
  });

  it('sends the images before the text, the spec and persona inside their tags, and the fixed system prompt', async () => {
    const { deps, model } = setup();
    await generateAdvert(event({ variants: [{ id: 'V1', generation: 1 }] }), context, deps);
    const request = model.requests[0]!;
    expect(request.systemPrompt).toBe(ADVERT_SYSTEM_PROMPT);
    expect(request.modelId).toBe('model-a');
    const [image, text] = request.messages[0]!.content!;
    expect(image?.image).toEqual({ format: 'png', source: { bytes: PNG } });
    expect(text?.text).toContain('<product_spec>\nAurora SUV\n7 seats\n2,500 kg towing\n</product_spec>');
    expect(text?.text).toContain('<audience>Driving enthusiasts</audience>');
    expect(text?.text).toContain('<tone>bold</tone>');
    expect(text?.text).toContain('<word_count>60</word_count>');
  });

  it('answers a repeat from the cache without calling the model, still streaming, and records it as cached', async () => {
    const cache = new MemoryCache();
    const first = setup({ cache });
    await generateAdvert(event(), context, first.deps);
    expect(cache.entries.size).toBe(3);

    const model = new FakeModel();
    const again = setup({ cache, model });
    const outcome = await generateAdvert(event(), context, again.deps);
    expect(model.requests).toHaveLength(0);
    expect(outcome).toMatchObject({ variants: [{ cached: true }, { cached: true }, { cached: true }] });
    const chunks = chunksOf(again.published, 'V0');
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('Families writes copy');
    expect(chunks.at(-1)).toMatchObject({ done: true, cached: true, usage: { inputTokens: 300, outputTokens: 3 } });
    expect(again.store.finals.get('V0')).toMatchObject({ content: 'Families writes copy', cached: true });
  });

  it('calls the model when bypassCache is set, even with a cached answer', async () => {
    const cache = new MemoryCache();
    await generateAdvert(event(), context, setup({ cache }).deps);
    const model = new FakeModel();
    await generateAdvert(event({ bypassCache: true }), context, setup({ cache, model }).deps);
    expect(model.requests).toHaveLength(3);
  });

  it('fails one variant without stopping the others', async () => {
    const { deps, store, published } = setup({ model: new FakeModel(['Commuters']) });
    const outcome = await generateAdvert(event(), context, deps);
    expect(outcome).toMatchObject({ variants: [{ status: 'COMPLETE' }, { status: 'COMPLETE' }, { status: 'FAILED' }] });
    expect(store.finals.get('V2')).toMatchObject({ status: 'FAILED', error: { errorType: 'ModelError' } });
    expect(chunksOf(published, 'V2').at(-1)).toMatchObject({ done: true, error: { errorType: 'ModelError' } });
  });

  it('skips a variant regenerated since the event was sent (another stream owns it)', async () => {
    const stored = storedAdvert();
    stored.variants[1]!.generation = 2;
    const { deps, model, published } = setup({ store: new FakeStore(stored) });
    const outcome = await generateAdvert(event({ variants: [{ id: 'V1', generation: 1 }] }), context, deps);
    expect(outcome).toMatchObject({ variants: [{ status: 'SUPERSEDED' }] });
    expect(model.requests).toHaveLength(0);
    expect(published).toHaveLength(0);
  });

  it('does nothing for a deleted advert, another owner, or an unknown variant', async () => {
    const gone = setup({ store: new FakeStore(undefined) });
    expect(await generateAdvert(event(), context, gone.deps)).toEqual({ status: 'GONE' });
    const stranger = setup();
    expect(await generateAdvert(event({ owner: 'mallory' }), context, stranger.deps)).toEqual({ status: 'OWNER_MISMATCH' });
    expect(stranger.published).toHaveLength(0);
    const unknown = setup();
    expect(await generateAdvert(event({ variants: [{ id: 'V9', generation: 1 }] }), context, unknown.deps)).toMatchObject({
      variants: [{ variantId: 'V9', status: 'GONE' }],
    });
  });

  it('fails every variant when the model is no longer allowed or the images cannot be read', async () => {
    const disallowed = setup({ allowed: ['model-b'] });
    const outcome = await generateAdvert(event(), context, disallowed.deps);
    expect(outcome).toMatchObject({ variants: [{ status: 'FAILED' }, { status: 'FAILED' }, { status: 'FAILED' }] });
    expect(disallowed.store.finals.get('V0')).toMatchObject({ error: { errorType: 'ModelError' } });

    const unreadable = setup({ images: { read: async () => Promise.reject(new Error('NoSuchKey')) } });
    await generateAdvert(event(), context, unreadable.deps);
    expect(unreadable.store.finals.get('V1')).toMatchObject({ status: 'FAILED', error: { errorType: 'InternalError' } });
    expect(unreadable.model.requests).toHaveLength(0);
  });
});
