import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../errors.js';
import type { MessageChunkFieldsFragment, MessageFieldsFragment } from '../generated/graphql.js';
import { createChatStreams } from './chat-stream.js';
import { FakeTransport } from './fake-transport.js';

const PIECES = ['You', ' said', ' "hello"', ' and', ' then', ' some.'];
const WHOLE = PIECES.join('');
const FAST = { gapTimeoutMs: 20, pollIntervalMs: 10, idleTimeoutMs: 1_000 };

function message(fields: Partial<MessageFieldsFragment> = {}): MessageFieldsFragment {
  return {
    id: 'm-assistant', conversationId: 'c1', role: 'ASSISTANT', content: '', status: 'STREAMING',
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', modelId: 'm', usage: null, stopReason: null, error: null,
    ...fields,
  };
}

function chunk(seq: number, messageId = 'm-assistant'): { onMessageChunk: MessageChunkFieldsFragment } {
  const done = seq === PIECES.length - 1;
  return {
    onMessageChunk: {
      conversationId: 'c1', messageId, owner: 'alice', seq, text: PIECES[seq] ?? '', done,
      stopReason: done ? 'end_turn' : null, usage: null, error: null,
    },
  };
}

/** The API as the helper sees it: the stored assistant message moves as the test says. */
function backend() {
  const stored = { message: message() };
  const transport = new FakeTransport({
    SendMessage: () => ({ sendMessage: { userMessage: message({ id: 'm-user', role: 'USER' }), assistantMessageId: 'm-assistant' } }),
    Message: () => ({ message: stored.message }),
    CancelGeneration: () => {
      stored.message = { ...stored.message, status: 'CANCELLED' };
      return { cancelGeneration: stored.message };
    },
  });
  const complete = () => (stored.message = message({ content: WHOLE, status: 'COMPLETE', stopReason: 'end_turn' }));
  return { transport, stored, complete, chunks: () => transport.subscription<ReturnType<typeof chunk>>() };
}

async function textOf(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of stream) text += piece;
  return text;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('chat.send', () => {
  it('subscribes and waits for start_ack before sending, then streams the answer in order', async () => {
    const { transport, complete, chunks } = backend();
    transport.autoAck = false;
    const stream = createChatStreams(transport, FAST).send('c1', 'hello');
    await flush();
    expect(transport.subscriptions[0]).toMatchObject({ operation: 'OnMessageChunk', variables: { conversationId: 'c1' } });
    expect(transport.count('SendMessage')).toBe(0);

    // A chunk of this answer may come before sendMessage answers; another message's chunk is ignored.
    chunks().emit(chunk(0));
    chunks().emit({ onMessageChunk: { ...chunk(0, 'other').onMessageChunk, text: 'NOT MINE' } });
    chunks().ack();
    expect(await stream.messageId).toBe('m-assistant');
    expect(transport.calls.find((c) => c.operation === 'SendMessage')?.variables).toMatchObject({ input: { conversationId: 'c1', content: 'hello' } });
    for (const seq of [2, 1, 3, 4]) chunks().emit(chunk(seq));
    complete();
    chunks().emit(chunk(5));

    expect(await textOf(stream)).toBe(WHOLE);
    await expect(stream.final).resolves.toMatchObject({ status: 'COMPLETE', content: WHOLE });
    expect(chunks().closed).toBe(true);
  });

  it('after a resubscribe, yields the text missed meanwhile from the stored message', async () => {
    const { transport, stored, complete, chunks } = backend();
    const stream = createChatStreams(transport, FAST).send('c1', 'hello');
    await stream.messageId;
    chunks().emit(chunk(0));
    // Connection dropped: chunks 1..3 were lost; the stored checkpoint holds up to chunk 2.
    stored.message = message({ content: PIECES.slice(0, 3).join('') });
    chunks().resubscribe();
    chunks().emit(chunk(4));
    setTimeout(() => {
      complete();
      chunks().emit(chunk(5));
    }, 50);

    expect(await textOf(stream)).toBe(WHOLE);
    expect(transport.count('Message')).toBeGreaterThanOrEqual(2);
  });

  it('follows the stored message when the subscription is lost for good', async () => {
    const { transport, stored, complete, chunks } = backend();
    const stream = createChatStreams(transport, FAST).send('c1', 'hello');
    await stream.messageId;
    chunks().emit(chunk(0));
    stored.message = message({ content: PIECES.slice(0, 2).join('') });
    chunks().end(new NetworkError('real-time connection closed'));
    setTimeout(complete, 40);
    expect(await textOf(stream)).toBe(WHOLE);
    await expect(stream.final).resolves.toMatchObject({ status: 'COMPLETE' });
  });

  it('on abort cancels the generation, ends the iteration, and resolves final with the stored message', async () => {
    const { transport, stored, chunks } = backend();
    const controller = new AbortController();
    const stream = createChatStreams(transport, FAST).send('c1', 'hello', { signal: controller.signal });
    await stream.messageId;
    chunks().emit(chunk(0));
    const received: string[] = [];
    for await (const piece of stream) {
      received.push(piece);
      controller.abort();
    }
    expect(received).toEqual(['You']);
    expect(transport.calls.find((c) => c.operation === 'CancelGeneration')?.variables).toEqual({ conversationId: 'c1', messageId: 'm-assistant' });
    // The generator writes its final content, then publishes the done chunk.
    stored.message = message({ content: 'You said', status: 'CANCELLED', stopReason: 'cancelled' });
    chunks().emit(chunk(1));
    chunks().emit({ onMessageChunk: { ...chunk(2).onMessageChunk, text: '', done: true, stopReason: 'cancelled' } });
    await expect(stream.final).resolves.toMatchObject({ status: 'CANCELLED', content: 'You said' });
  });

  it('aborted before start_ack: sends nothing, ends the iteration, rejects messageId with the reason', async () => {
    const { transport } = backend();
    transport.autoAck = false;
    const controller = new AbortController();
    const stream = createChatStreams(transport, FAST).send('c1', 'hello', { signal: controller.signal });
    controller.abort();
    expect(await textOf(stream)).toBe('');
    await expect(stream.messageId).rejects.toMatchObject({ name: 'AbortError' });
    await expect(stream.final).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.count('SendMessage')).toBe(0);
    expect(transport.subscriptions[0]?.closed).toBe(true);
  });

  it('a refused subscription fails the stream without sending', async () => {
    const { transport } = backend();
    transport.autoAck = false;
    const stream = createChatStreams(transport, FAST).send('c1', 'hello');
    transport.subscription().refuse(new ApiError([{ message: 'Not yours', errorType: 'Unauthorized' }], null));
    await expect(textOf(stream)).rejects.toMatchObject({ errorType: 'Unauthorized' });
    await expect(stream.final).rejects.toMatchObject({ errorType: 'Unauthorized' });
    expect(transport.count('SendMessage')).toBe(0);
  });

  it('a refused sendMessage fails the iteration and both promises with the API error', async () => {
    const { transport } = backend();
    transport.on('SendMessage', () => {
      throw new ApiError([{ message: 'content is blank', errorType: 'ValidationError' }], null);
    });
    const stream = createChatStreams(transport, FAST).send('c1', ' ');
    await expect(textOf(stream)).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(stream.messageId).rejects.toMatchObject({ errorType: 'ValidationError' });
    expect(transport.subscription().closed).toBe(true);
  });

  it('with a clientToken, catches up at once on an answer that already ended (a replay starts nothing)', async () => {
    const { transport, complete } = backend();
    complete();
    const stream = createChatStreams(transport, { idleTimeoutMs: 60_000 }).send('c1', 'hello', { clientToken: 'once' });
    expect(await textOf(stream)).toBe(WHOLE);
    expect(transport.count('Message')).toBe(1);
  });

  it('cancel() treats Conflict (the answer ended first) as done', async () => {
    const { transport } = backend();
    transport.on('CancelGeneration', () => {
      throw new ApiError([{ message: 'finished', errorType: 'Conflict' }], null);
    });
    const stream = createChatStreams(transport, FAST).send('c1', 'hello');
    await expect(stream.cancel()).resolves.toBeUndefined();
  });
});
