import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { ConverseStreamInput, ModelClient, ModelStreamEvent } from '../shared/bedrock.js';
import { silentLog } from '../shared/logger.js';
import { runChatTurn, type ChatTurnDeps, type TurnConfig } from './chat-turn.js';
import type { OutgoingChunk } from '../shared/streaming/chunk-batcher.js';
import type { ChatStreamEvent } from './event.js';
import type { HistoryMessage } from './history.js';
import type { FinalMessage, MessageKey, MessageStore, WriteOutcome } from './message-store.js';

const event: ChatStreamEvent = {
  conversationId: 'C1',
  userMessageId: 'M2',
  assistantMessageId: 'M3',
  owner: 'alice',
  modelId: 'test.model',
  systemPrompt: 'Be brief.',
  inferenceConfig: { maxTokens: 100, temperature: 0.5 },
};

type Entry = { type: 'checkpoint'; content: string } | { type: 'final'; final: FinalMessage } | { type: 'chunk'; chunk: OutgoingChunk };

/** The assistant message's row plus the conversation's earlier messages. */
class FakeStore implements MessageStore {
  status: string | undefined = 'STREAMING';
  content = '';
  constructor(
    private readonly timeline: Entry[],
    private readonly history: HistoryMessage[],
  ) {}

  cancel() {
    this.status = 'CANCELLED';
  }

  deleteConversation() {
    this.status = undefined;
  }

  async *historyNewestFirst(_conversationId: string, upToMessageId: string) {
    for (const message of [...this.history].reverse()) {
      if (message.id > upToMessageId) continue;
      if (message.id !== 'M3') yield message;
      else if (this.status !== undefined) yield { ...message, status: this.status, content: this.content }; // the row this store guards
    }
  }

  async checkpoint(_key: MessageKey, content: string): Promise<WriteOutcome> {
    const outcome = this.outcome(['STREAMING']);
    if (outcome === 'written') {
      this.content = content;
      this.timeline.push({ type: 'checkpoint', content });
    }
    return outcome;
  }

  async finish(_key: MessageKey, final: FinalMessage): Promise<WriteOutcome> {
    const outcome = this.outcome(final.status === 'CANCELLED' ? ['STREAMING', 'CANCELLED'] : ['STREAMING']);
    if (outcome === 'written') {
      this.status = final.status;
      this.content = final.content;
      this.timeline.push({ type: 'final', final });
    }
    return outcome;
  }

  private outcome(allowed: string[]): WriteOutcome {
    if (this.status === undefined) return 'gone';
    if (allowed.includes(this.status)) return 'written';
    return this.status === 'CANCELLED' ? 'cancelled' : 'finished';
  }
}

type Script = (signal: AbortSignal) => AsyncGenerator<ModelStreamEvent>;

class FakeModel implements ModelClient {
  readonly inputs: ConverseStreamInput[] = [];
  constructor(private readonly scripts: Script[]) {}
  converseStream(input: ConverseStreamInput, signal: AbortSignal) {
    this.inputs.push(input);
    const script = this.scripts[this.inputs.length - 1];
    if (!script) throw new Error('no more scripted attempts');
    return script(signal);
  }
}

function namedError(name: string): Error {
  const error = new Error(`${name} from the fake model`);
  error.name = name;
  return error;
}

const answer =
  (tokens: string[], pauseMs = 0): Script =>
  async function* () {
    for (const text of tokens) {
      if (pauseMs) await delay(pauseMs);
      yield { type: 'text', text };
    }
    yield { type: 'stop', stopReason: 'end_turn' };
    yield { type: 'usage', usage: { inputTokens: 12, outputTokens: tokens.length } };
  };

/** Streams a token every pauseMs until stopped; `onToken` may change the world meanwhile. */
const endless =
  (pauseMs: number, onToken: (index: number) => void = () => undefined, stopped = { value: false }): Script =>
  async function* () {
    try {
      for (let index = 0; ; index++) {
        await delay(pauseMs);
        yield { type: 'text', text: `t${index} ` };
        onToken(index);
      }
    } finally {
      stopped.value = true;
    }
  };

const config: TurnConfig = {
  allowedModelIds: ['test.model'],
  historyTokenBudget: 1000,
  flushIntervalMs: 5,
  flushMaxBytes: 4096,
  checkpointIntervalMs: 60_000,
  deadlineMarginMs: 3000,
};

function setup(scripts: Script[], overrides: Partial<ChatTurnDeps> & { remainingMs?: number } = {}) {
  const timeline: Entry[] = [];
  const store = new FakeStore(timeline, [
    { id: 'M0', role: 'USER', content: 'Hi', status: 'COMPLETE' },
    { id: 'M1', role: 'ASSISTANT', content: 'Hello!', status: 'COMPLETE' },
    { id: 'M2', role: 'USER', content: 'Tell me a story', status: 'COMPLETE' },
    { id: 'M3', role: 'ASSISTANT', content: '', status: 'STREAMING' },
  ]);
  const model = new FakeModel(scripts);
  const sleep = vi.fn(async () => undefined);
  const deps: ChatTurnDeps = {
    config,
    store,
    model,
    createPublisher: (address) => {
      expect(address).toEqual({ conversationId: 'C1', messageId: 'M3', owner: 'alice' });
      return async (chunk) => {
        timeline.push({ type: 'chunk', chunk });
      };
    },
    log: silentLog,
    sleep,
    ...overrides,
  };
  const run = () => runChatTurn(event, { remainingTimeMs: () => overrides.remainingMs ?? 60_000 }, deps);
  const chunks = () => timeline.flatMap((entry) => (entry.type === 'chunk' ? [entry.chunk] : []));
  const finals = () => timeline.flatMap((entry) => (entry.type === 'final' ? [entry.final] : []));
  return { timeline, store, model, sleep, run, chunks, finals };
}

function expectContiguous(chunks: OutgoingChunk[]) {
  expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
  expect(chunks.filter((c) => c.done)).toHaveLength(1);
  expect(chunks.at(-1)?.done).toBe(true);
}

describe('runChatTurn', () => {
  it('streams the answer, writes it once, then publishes the done chunk', async () => {
    const { run, chunks, finals, timeline, model } = setup([answer(['Once', ' upon', ' a', ' time.'], 2)]);
    const result = await run();

    expect(result.status).toBe('COMPLETE');
    expect(model.inputs[0]).toEqual({
      modelId: 'test.model',
      systemPrompt: 'Be brief.',
      inferenceConfig: { maxTokens: 100, temperature: 0.5 },
      messages: [
        { role: 'user', content: [{ text: 'Hi' }] },
        { role: 'assistant', content: [{ text: 'Hello!' }] },
        { role: 'user', content: [{ text: 'Tell me a story' }] },
      ],
    });
    expectContiguous(chunks());
    expect(chunks().map((c) => c.text).join('')).toBe('Once upon a time.');
    expect(chunks().at(-1)).toMatchObject({ stopReason: 'end_turn', usage: { inputTokens: 12, outputTokens: 4 }, error: null });
    expect(finals()).toEqual([
      expect.objectContaining({ status: 'COMPLETE', content: 'Once upon a time.', stopReason: 'end_turn', usage: { inputTokens: 12, outputTokens: 4 } }),
    ]);
    const finalIndex = timeline.findIndex((e) => e.type === 'final');
    const doneIndex = timeline.findIndex((e) => e.type === 'chunk' && e.chunk.done);
    expect(finalIndex).toBeGreaterThanOrEqual(0);
    expect(finalIndex).toBeLessThan(doneIndex);
  });

  it('retries throttling before any text, then succeeds', async () => {
    const throttled: Script = async function* () {
      yield* [];
      throw namedError('ThrottlingException');
    };
    const { run, chunks, model, sleep } = setup([throttled, throttled, answer(['ok'])]);
    expect((await run()).status).toBe('COMPLETE');
    expect(model.inputs).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(chunks().map((c) => c.text).join('')).toBe('ok');
  });

  it('fails with ThrottlingException when retries are exhausted', async () => {
    const throttled: Script = async function* () {
      yield* [];
      throw namedError('ThrottlingException');
    };
    const { run, chunks, finals, model } = setup([throttled, throttled, throttled, throttled, answer(['never'])]);
    expect((await run()).status).toBe('FAILED');
    expect(model.inputs).toHaveLength(4);
    expect(finals()[0]).toMatchObject({ status: 'FAILED', content: '', error: { errorType: 'ThrottlingException' } });
    expect(chunks()).toEqual([expect.objectContaining({ seq: 0, done: true, text: '', error: expect.objectContaining({ errorType: 'ThrottlingException' }) })]);
  });

  it('ends FAILED with an error chunk when the stream breaks after text (no retry)', async () => {
    const broken: Script = async function* () {
      yield { type: 'text', text: 'Partial ' };
      await delay(10);
      yield { type: 'text', text: 'answer' };
      throw namedError('ModelStreamErrorException');
    };
    const { run, chunks, finals, model } = setup([broken, answer(['retry would duplicate'])]);
    expect((await run()).status).toBe('FAILED');
    expect(model.inputs).toHaveLength(1);
    expect(finals()).toEqual([expect.objectContaining({ status: 'FAILED', content: 'Partial answer', error: expect.objectContaining({ errorType: 'ModelError' }) })]);
    expectContiguous(chunks());
    expect(chunks().map((c) => c.text).join('')).toBe('Partial answer');
    expect(chunks().at(-1)?.error).toEqual(expect.objectContaining({ errorType: 'ModelError' }));
  });

  it('notices a cancel at a checkpoint, stops the model and keeps the partial answer', async () => {
    const stopped = { value: false };
    const ref: { store?: FakeStore } = {};
    const ctx = setup([endless(3, (index) => index === 4 && ref.store?.cancel(), stopped)], { config: { ...config, checkpointIntervalMs: 0 } });
    ref.store = ctx.store;
    const result = await ctx.run();

    expect(result.status).toBe('CANCELLED');
    await vi.waitFor(() => expect(stopped.value).toBe(true)); // the source is released, not awaited
    const [final] = ctx.finals();
    expect(final).toMatchObject({ status: 'CANCELLED', stopReason: 'cancelled' });
    expect(final?.content).toMatch(/^t0 t1 t2 t3 t4 /);
    expectContiguous(ctx.chunks());
    expect(ctx.chunks().map((c) => c.text).join('')).toBe(final?.content);
    expect(ctx.chunks().at(-1)).toMatchObject({ stopReason: 'cancelled', error: null });
  });

  it('keeps the whole answer as CANCELLED when the cancel lands after the last checkpoint', async () => {
    const ref: { store?: FakeStore } = {};
    const lastToken: Script = async function* () {
      yield { type: 'text', text: 'all of it' };
      ref.store?.cancel();
      yield { type: 'stop', stopReason: 'end_turn' };
    };
    const ctx = setup([lastToken]);
    ref.store = ctx.store;
    expect((await ctx.run()).status).toBe('CANCELLED');
    expect(ctx.finals()).toEqual([expect.objectContaining({ status: 'CANCELLED', content: 'all of it' })]);
    expect(ctx.chunks().at(-1)).toMatchObject({ done: true, stopReason: 'cancelled' });
  });

  it('stops quietly when the conversation is deleted', async () => {
    const stopped = { value: false };
    const ref: { store?: FakeStore } = {};
    const ctx = setup([endless(3, (index) => index === 3 && ref.store?.deleteConversation(), stopped)], {
      config: { ...config, checkpointIntervalMs: 0 },
    });
    ref.store = ctx.store;
    const result = await ctx.run();
    const publishedBefore = ctx.chunks().length;
    await delay(30);

    expect(result.status).toBe('GONE');
    await vi.waitFor(() => expect(stopped.value).toBe(true)); // the source is released, not awaited
    expect(ctx.finals()).toEqual([]);
    expect(ctx.chunks().some((c) => c.done)).toBe(false);
    expect(ctx.chunks()).toHaveLength(publishedBefore);
  });

  it('stops before the Lambda deadline and ends FAILED with Timeout', async () => {
    const stopped = { value: false };
    const ctx = setup([endless(5, undefined, stopped)], { remainingMs: 3_060 });
    const startedAt = Date.now();
    const result = await ctx.run();

    expect(result.status).toBe('FAILED');
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await vi.waitFor(() => expect(stopped.value).toBe(true)); // the source is released, not awaited
    const [final] = ctx.finals();
    expect(final).toMatchObject({ status: 'FAILED', error: { errorType: 'Timeout' } });
    expect(final?.content).toMatch(/^t0 t1 /);
    expectContiguous(ctx.chunks());
    expect(ctx.chunks().map((c) => c.text).join('')).toBe(final?.content);
    expect(ctx.chunks().at(-1)?.error).toMatchObject({ errorType: 'Timeout' });
  });

  it('checkpoints at most once per interval', async () => {
    const now = { value: 0 };
    const ctx = setup([answer(['a', 'b', 'c', 'd', 'e', 'f'])], {
      config: { ...config, checkpointIntervalMs: 1000 },
      now: () => (now.value += 300), // each read of the clock advances 300 ms
    });
    const result = await ctx.run();
    const checkpoints = ctx.timeline.filter((e) => e.type === 'checkpoint');
    expect(result.status).toBe('COMPLETE');
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.length).toBeLessThanOrEqual(2);
  });

  it('does not call the model when the answer was cancelled before it started', async () => {
    const ctx = setup([answer(['x'])]);
    ctx.store.cancel();
    expect((await ctx.run()).status).toBe('CANCELLED');
    expect(ctx.model.inputs).toHaveLength(0);
    expect(ctx.finals()).toEqual([expect.objectContaining({ status: 'CANCELLED', content: '' })]);
    expect(ctx.chunks()).toEqual([expect.objectContaining({ seq: 0, done: true, stopReason: 'cancelled' })]);
  });

  it('does nothing when the placeholder is missing (conversation deleted before the start)', async () => {
    const ctx = setup([answer(['x'])]);
    ctx.store.deleteConversation();
    expect((await ctx.run()).status).toBe('GONE');
    expect(ctx.model.inputs).toHaveLength(0);
    expect(ctx.finals()).toEqual([]);
    expect(ctx.chunks()).toEqual([]);
  });

  it('refuses a model outside ALLOWED_MODEL_IDS without calling it', async () => {
    const ctx = setup([answer(['x'])], { config: { ...config, allowedModelIds: ['other.model'] } });
    expect((await ctx.run()).status).toBe('FAILED');
    expect(ctx.model.inputs).toHaveLength(0);
    expect(ctx.finals()[0]).toMatchObject({ status: 'FAILED', error: { errorType: 'ModelError' } });
    expect(ctx.chunks().at(-1)).toMatchObject({ done: true, error: { errorType: 'ModelError' } });
  });
});
