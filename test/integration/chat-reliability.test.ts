// Cancel, idempotent resend, and failures: a message never stays STREAMING.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelGenerationDocument, MessageDocument, OnMessageChunkDocument, SendMessageDocument } from '../../client/index.js';
import { allMessages, chunkCollector, createConversation, sendAndCollect, textOf } from '../support/chat.js';
import { clientAs, modelAdmin } from '../support/sandbox-context.js';

type ModelStats = { requests: { byOperation: Record<string, number> } };
const streamRequests = async () => ((await modelAdmin('stats')) as ModelStats).requests.byOperation['converse-stream'] ?? 0;

describe('chat reliability', () => {
  afterEach(async () => {
    await modelAdmin('faults', { method: 'DELETE' });
  });

  it('cancelGeneration stops the answer and keeps what was generated as CANCELLED', async () => {
    const alice = clientAs('alice');
    const { id: conversationId } = await createConversation(alice);
    const subscription = alice.subscribe(OnMessageChunkDocument, { conversationId });
    await subscription.started;
    const collector = chunkCollector(subscription);
    // 5,000 tokens at 1,000 tokens/s: the answer is still running when we cancel.
    const { sendMessage } = await alice.mutate(SendMessageDocument, { input: { conversationId, content: 'a long story [[tokens=5000]]' } });
    const messageId = sendMessage.assistantMessageId;
    while (!collector.chunks.some((c) => c.messageId === messageId)) await new Promise((r) => setTimeout(r, 20));

    const { cancelGeneration } = await alice.mutate(CancelGenerationDocument, { conversationId, messageId });
    expect(cancelGeneration.status).toBe('CANCELLED');

    const chunks = await collector.untilDone(messageId);
    subscription.close();
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ done: true, stopReason: 'cancelled' });
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    const { message } = await alice.query(MessageDocument, { conversationId, id: messageId });
    expect(message?.status).toBe('CANCELLED');
    expect(message?.content).toBe(textOf(chunks));
    const words = message!.content.trim().split(/\s+/).length;
    expect(words).toBeGreaterThan(0);
    expect(words).toBeLessThan(5000);

    // Cancelling again is harmless and changes nothing.
    const again = await alice.mutate(CancelGenerationDocument, { conversationId, messageId });
    expect(again.cancelGeneration).toMatchObject({ status: 'CANCELLED', content: message?.content });
    alice.close();
  });

  it('a repeated clientToken returns the first result and starts nothing', async () => {
    const alice = clientAs('alice');
    const { id: conversationId } = await createConversation(alice);
    const clientToken = randomUUID();
    const first = await sendAndCollect(alice, { conversationId, content: 'only once', clientToken });
    const requestsBefore = await streamRequests();

    const { sendMessage: repeat } = await alice.mutate(SendMessageDocument, { input: { conversationId, content: 'only once', clientToken } });
    expect(repeat.userMessage.id).toBe(first.userMessage.id);
    expect(repeat.assistantMessageId).toBe(first.assistantMessageId);
    await new Promise((r) => setTimeout(r, 200));
    expect(await streamRequests()).toBe(requestsBefore);
    expect(await allMessages(alice, conversationId)).toHaveLength(2);

    await expect(
      alice.mutate(SendMessageDocument, { input: { conversationId, content: 'something else', clientToken } }),
    ).rejects.toMatchObject({ errorType: 'IdempotencyConflict' });
    expect(await allMessages(alice, conversationId)).toHaveLength(2);
    alice.close();
  });

  it('retries model throttling and still completes', async () => {
    const alice = clientAs('alice');
    const { id: conversationId } = await createConversation(alice);
    const marker = `throttle-${randomUUID()}`;
    await modelAdmin('faults', { method: 'POST', body: { throttle: { count: 2, marker } } });
    const before = await streamRequests();

    const turn = await sendAndCollect(alice, { conversationId, content: `please answer ${marker}` });

    expect(turn.chunks.at(-1)).toMatchObject({ done: true, stopReason: 'end_turn', error: null });
    expect((await streamRequests()) - before).toBe(3);
    const { message } = await alice.query(MessageDocument, { conversationId, id: turn.assistantMessageId });
    expect(message).toMatchObject({ status: 'COMPLETE', content: textOf(turn.chunks) });
    alice.close();
  });

  it('a model error mid-stream ends with an error chunk and a FAILED message holding the partial answer', async () => {
    const alice = clientAs('alice');
    const { id: conversationId } = await createConversation(alice);
    const marker = `midstream-${randomUUID()}`;
    await modelAdmin('faults', { method: 'POST', body: { midStreamError: { count: 1, afterTokens: 30, marker } } });

    const turn = await sendAndCollect(alice, { conversationId, content: `break please ${marker} [[tokens=200]]` });

    const last = turn.chunks.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.error?.errorType).toBe('ModelError');
    expect(turn.chunks.map((c) => c.seq)).toEqual(turn.chunks.map((_, i) => i));
    const { message } = await alice.query(MessageDocument, { conversationId, id: turn.assistantMessageId });
    expect(message?.status).toBe('FAILED');
    expect(message?.error?.errorType).toBe('ModelError');
    expect(message?.content).toBe(textOf(turn.chunks));
    expect(message?.content.trim().split(/\s+/)).toHaveLength(30);
    alice.close();
  });

  it('throttling that outlasts the retries fails the message, never leaving it STREAMING', async () => {
    const alice = clientAs('alice');
    const { id: conversationId } = await createConversation(alice);
    const marker = `always-throttled-${randomUUID()}`;
    await modelAdmin('faults', { method: 'POST', body: { throttle: { count: 50, marker } } });

    const turn = await sendAndCollect(alice, { conversationId, content: `no luck ${marker}` }, 30_000);

    expect(turn.chunks.at(-1)).toMatchObject({ done: true, error: { errorType: 'ThrottlingException' } });
    const { message } = await alice.query(MessageDocument, { conversationId, id: turn.assistantMessageId });
    expect(message).toMatchObject({ status: 'FAILED', content: '' });
    alice.close();
  });
});
