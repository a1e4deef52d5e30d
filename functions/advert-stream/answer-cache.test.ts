import { describe, expect, it } from 'vitest';
import type { ConverseStreamInput, ModelClient, ModelStreamEvent } from '../shared/bedrock.js';
import { silentLog } from '../shared/logger.js';
import { answerCacheKey, CachingModelClient, replayDeltas, type AnswerCacheStore, type CachedAnswer } from './answer-cache.js';

const request = (overrides: Partial<ConverseStreamInput> = {}, bytes = new Uint8Array([1, 2, 3])): ConverseStreamInput => ({
  modelId: 'model-a',
  systemPrompt: 'system',
  messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes } } }, { text: 'spec' }] }],
  inferenceConfig: { maxTokens: 100, temperature: 0.7 },
  ...overrides,
});

async function drain(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function modelAnswering(events: ModelStreamEvent[], calls: { count: number }): ModelClient {
  return {
    async *converseStream() {
      calls.count++;
      yield* events;
    },
  };
}

const answer: ModelStreamEvent[] = [
  { type: 'text', text: 'Big' },
  { type: 'text', text: ' car.' },
  { type: 'stop', stopReason: 'end_turn' },
  { type: 'usage', usage: { inputTokens: 10, outputTokens: 2 } },
];

function memoryStore(): AnswerCacheStore & { entries: Map<string, CachedAnswer> } {
  const entries = new Map<string, CachedAnswer>();
  return { entries, get: async (key) => entries.get(key), put: async (key, value) => void entries.set(key, value) };
}

describe('answerCacheKey', () => {
  it('is the same for the same request, and differs when the model, prompt, image bytes or parameters differ', () => {
    const key = answerCacheKey(request());
    expect(answerCacheKey(request())).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(answerCacheKey(request({ modelId: 'model-b' }))).not.toBe(key);
    expect(answerCacheKey(request({ systemPrompt: 'other' }))).not.toBe(key);
    expect(answerCacheKey(request({}, new Uint8Array([1, 2, 4])))).not.toBe(key);
    expect(answerCacheKey(request({ inferenceConfig: { maxTokens: 101, temperature: 0.7 } }))).not.toBe(key);
    expect(answerCacheKey(request({ messages: [{ role: 'user', content: [{ text: 'spec!' }] }] }))).not.toBe(key);
  });
});

describe('replayDeltas', () => {
  it('splits text into word deltas that join back to the same text', () => {
    const text = 'Headline\n\n  Seven seats, 2,500 kg towing. ';
    const deltas = replayDeltas(text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(text.trimEnd());
  });
});

describe('CachingModelClient', () => {
  it('stores a finished answer and replays it on the next identical request without calling the model', async () => {
    const store = memoryStore();
    const calls = { count: 0 };
    const first = new CachingModelClient(modelAnswering(answer, calls), { store, bypass: false, log: silentLog });
    expect(await drain(first.converseStream(request(), new AbortController().signal))).toEqual(answer);
    expect(first.hit).toBe(false);

    const second = new CachingModelClient(modelAnswering(answer, calls), { store, bypass: false, log: silentLog });
    const replayed = await drain(second.converseStream(request(), new AbortController().signal));
    expect(calls.count).toBe(1);
    expect(second.hit).toBe(true);
    expect(replayed.filter((event) => event.type === 'text').map((event) => (event.type === 'text' ? event.text : '')).join('')).toBe('Big car.');
    expect(replayed.slice(-2)).toEqual(answer.slice(-2));
  });

  it('skips the lookup with bypass, and never stores a filtered or unfinished answer', async () => {
    const store = memoryStore();
    const calls = { count: 0 };
    await drain(new CachingModelClient(modelAnswering(answer, calls), { store, bypass: false, log: silentLog }).converseStream(request(), new AbortController().signal));
    const bypassing = new CachingModelClient(modelAnswering(answer, calls), { store, bypass: true, log: silentLog });
    await drain(bypassing.converseStream(request(), new AbortController().signal));
    expect(calls.count).toBe(2);
    expect(bypassing.hit).toBe(false);

    const filtered = memoryStore();
    const blocked: ModelStreamEvent[] = [answer[0]!, { type: 'stop', stopReason: 'content_filtered' }, answer[3]!];
    await drain(new CachingModelClient(modelAnswering(blocked, calls), { store: filtered, bypass: false, log: silentLog }).converseStream(request(), new AbortController().signal));
    expect(filtered.entries.size).toBe(0);

    const stream = new CachingModelClient(modelAnswering(answer, calls), { store: filtered, bypass: false, log: silentLog }).converseStream(request(), new AbortController().signal);
    await stream.next();
    await stream.return(undefined); // the consumer stopped (cancel, delete): nothing is stored
    expect(filtered.entries.size).toBe(0);
  });

  it('answers from the model when the cache cannot be read', async () => {
    const calls = { count: 0 };
    const broken: AnswerCacheStore = { get: async () => Promise.reject(new Error('down')), put: async () => Promise.reject(new Error('down')) };
    const client = new CachingModelClient(modelAnswering(answer, calls), { store: broken, bypass: false, log: silentLog });
    expect(await drain(client.converseStream(request(), new AbortController().signal))).toEqual(answer);
    expect(calls.count).toBe(1);
  });
});
