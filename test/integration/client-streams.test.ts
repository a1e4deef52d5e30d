// The SDK's streaming helpers (client.chat, client.adverts, client.jobs) against the sandbox:
// the text they yield is exactly what is stored, an abort cancels, and a real-time connection
// cut mid-stream (the sandbox's drop route) still ends with the whole answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageDocument, type Client, type JobFieldsFragment } from '../../client/index.js';
import { createConversation } from '../support/chat.js';
import { resultOf } from '../support/jobs.js';
import { clientAs, modelAdmin, sandbox } from '../support/sandbox-context.js';

const clients: Client[] = [];
const signedIn = (user: 'alice' | 'bob') => {
  const client = clientAs(user);
  clients.push(client);
  return client;
};
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  vi.restoreAllMocks();
});

async function textOf(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of stream) text += piece;
  return text;
}

const words = (text: string) => text.trim().split(/\s+/).length;

/** Cuts every open real-time socket abruptly, like a network failure. */
async function dropRealtimeConnections(): Promise<number> {
  const response = await fetch(`${sandbox().adminUrl}/realtime/drop`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`realtime/drop answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { dropped: number }).dropped;
}

/**
 * Keeps the real-time connection down for `ms` (cutting every socket, new ones too, every 50 ms),
 * so the chunks published meanwhile are surely missed whatever the reconnect jitter. Returns
 * how many sockets were cut.
 */
async function outage(ms: number): Promise<number> {
  const end = Date.now() + ms;
  let dropped = 0;
  while (Date.now() < end) {
    dropped += await dropRealtimeConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return dropped;
}

/** Runs `body` with the model slowed to `tokensPerSecond`, then restores the previous rate. */
async function withModelRate<T>(tokensPerSecond: number, body: () => Promise<T>): Promise<T> {
  const previous = (await modelAdmin('rate')) as { tokensPerSecond: number };
  await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond } });
  try {
    return await body();
  } finally {
    await modelAdmin('rate', { method: 'POST', body: { tokensPerSecond: previous.tokensPerSecond } });
  }
}

/** Counts the GraphQL requests for one operation the client sends (the SDK posts with fetch). */
function countRequests(operation: string): () => number {
  const spy = vi.spyOn(globalThis, 'fetch');
  return () => spy.mock.calls.filter(([, init]) => typeof init?.body === 'string' && init.body.includes(`"query":"query ${operation}(`)).length;
}

describe('client.chat.send', () => {
  it('streams the answer in order: joined, the pieces are exactly the stored message', async () => {
    const alice = signedIn('alice');
    const { id: conversationId } = await createConversation(alice, { title: 'SDK streaming' });

    const stream = alice.chat.send(conversationId, 'Tell me about tide pools [[tokens=120]]');
    const pieces: string[] = [];
    for await (const piece of stream) pieces.push(piece);

    const final = await stream.final;
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(final.content);
    expect(final).toMatchObject({ id: await stream.messageId, role: 'ASSISTANT', status: 'COMPLETE', stopReason: 'end_turn' });
    expect(words(final.content)).toBe(120);
    const { message } = await alice.query(MessageDocument, { conversationId, id: final.id });
    expect(message?.content).toBe(pieces.join(''));
  });

  it('an AbortSignal cancels the generation: the iteration ends and final is the CANCELLED message', async () => {
    const alice = signedIn('alice');
    const { id: conversationId } = await createConversation(alice);
    const controller = new AbortController();
    // 5,000 tokens at 1,000 tokens/s: still generating when the first piece arrives.
    const stream = alice.chat.send(conversationId, 'a long story [[tokens=5000]]', { signal: controller.signal });
    let received = '';
    for await (const piece of stream) {
      received += piece;
      controller.abort();
    }

    const final = await stream.final;
    expect(final).toMatchObject({ status: 'CANCELLED', stopReason: 'cancelled' });
    expect(final.content.startsWith(received)).toBe(true);
    expect(words(final.content)).toBeLessThan(5000);
  });

  it('recovers from a real-time connection cut mid-stream with the full answer', async () => {
    const alice = signedIn('alice');
    const { id: conversationId } = await createConversation(alice, { title: 'SDK drop' });
    const messageReads = countRequests('Message');

    await withModelRate(100, async () => {
      // 300 tokens at 100 tokens/s: about 3 s of streaming, cut after the first pieces.
      const stream = alice.chat.send(conversationId, 'Cut me off [[tokens=300]]');
      let text = '';
      let dropped = -1;
      for await (const piece of stream) {
        text += piece;
        if (dropped < 0 && words(text) >= 20) dropped = await outage(400);
      }
      const final = await stream.final;
      expect(dropped).toBeGreaterThanOrEqual(1);
      expect(final.status).toBe('COMPLETE');
      expect(text).toBe(final.content);
      expect(words(text)).toBe(300);
    });
    // The final read, plus at least one read to catch up after the resubscribe.
    expect(messageReads()).toBeGreaterThanOrEqual(2);
  });
});

describe('client.adverts', () => {
  const SPEC = 'Aurora 7 family SUV\nSeats: 7 seats in three rows\nTowing: 2,500 kg braked';
  const PERSONAS = ['Young families', 'Driving enthusiasts', 'Outdoor adventurers'];

  it('create streams every persona variant: each joined text is the stored variant', async () => {
    const alice = signedIn('alice');
    const stream = alice.adverts.create({ spec: `${SPEC}\nRun: ${Date.now()}`, personas: PERSONAS, wordCount: 60 });

    const variants = await stream.variants;
    expect(variants.map((v) => [v.persona, v.position, v.generation])).toEqual(PERSONAS.map((persona, position) => [persona, position, 1]));
    const texts = await Promise.all(variants.map(textOf));
    const final = await stream.final;

    expect(final.id).toBe((await stream.advert).id);
    for (const [index, variant] of final.variants.entries()) {
      expect(variant).toMatchObject({ id: variants[index]!.id, status: 'COMPLETE', persona: PERSONAS[index], content: texts[index] });
      expect(texts[index]).toContain(PERSONAS[index]);
      await expect(variants[index]!.final).resolves.toMatchObject({ status: 'COMPLETE', content: texts[index] });
    }
  });

  it('regenerate streams the next generation of one variant', async () => {
    const alice = signedIn('alice');
    const created = alice.adverts.create({ spec: `${SPEC}\nTrim: ${Date.now()}`, personas: PERSONAS.slice(0, 2), wordCount: 40 });
    const first = await created.final;

    const redone = await alice.adverts.regenerate(first.id, first.variants[1]!.id);
    expect(redone).toMatchObject({ id: first.variants[1]!.id, generation: 2, persona: PERSONAS[1] });
    const text = await textOf(redone);
    await expect(redone.final).resolves.toMatchObject({ status: 'COMPLETE', generation: 2, content: text });
  });

  it('recovers every variant from a connection cut mid-stream', async () => {
    const alice = signedIn('alice');
    const advertReads = countRequests('Advert');
    await withModelRate(100, async () => {
      const stream = alice.adverts.create({ spec: `${SPEC}\nDrop: ${Date.now()}`, personas: PERSONAS.slice(0, 2), wordCount: 150, bypassCache: true });
      const variants = await stream.variants;
      let dropped = -1;
      const texts = await Promise.all(
        variants.map(async (variant) => {
          let text = '';
          for await (const piece of variant) {
            text += piece;
            if (dropped < 0 && words(text) >= 15) {
              dropped = 0;
              dropped = await outage(400);
            }
          }
          return text;
        }),
      );
      const final = await stream.final;
      expect(dropped).toBeGreaterThanOrEqual(1);
      expect(final.variants.map((v) => [v.status, v.content])).toEqual(texts.map((text) => ['COMPLETE', text]));
      for (const text of texts) expect(words(text)).toBeGreaterThan(100);
    });
    // The final read, plus at least one read to catch up after the resubscribe.
    expect(advertReads()).toBeGreaterThanOrEqual(2);
  });
});

describe('client.jobs.start', () => {
  it('yields the job in version order and ends SUCCEEDED with its result', async () => {
    const alice = signedIn('alice');
    const text = `I absolutely love these hiking boots: comfortable and waterproof. ${Date.now()}`;
    const stream = alice.jobs.start({ kind: 'CONTENT_INSIGHTS', input: JSON.stringify({ text }) });

    const states: JobFieldsFragment[] = [];
    for await (const state of stream) states.push(state);

    const started = await stream.job;
    expect(['QUEUED', 'RUNNING']).toContain(started.status);
    expect(states[0]).toEqual(started);
    const versions = states.map((s) => s.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(states.every((s) => s.id === started.id)).toBe(true);
    expect(states.slice(0, -1).every((s) => s.status === 'QUEUED' || s.status === 'RUNNING')).toBe(true);

    const final = await stream.final;
    expect(states.at(-1)).toEqual(final);
    expect(final.status).toBe('SUCCEEDED');
    const result = resultOf<{ sentiment: { label: string }; keywords: string[] }>(final);
    expect(result.sentiment.label.length).toBeGreaterThan(0);
    expect(result.keywords.length).toBeGreaterThan(0);
  });
});
