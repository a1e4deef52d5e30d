// A chat turn end to end on the sandbox: subscribe, send, receive every chunk in
// order, and find the same answer stored.
import { describe, expect, it } from 'vitest';
import { ConversationDocument, DeleteConversationDocument, MessageDocument, MessagesDocument } from '../../client/index.js';
import { allMessages, createConversation, sendAndCollect, textOf } from '../support/chat.js';
import { clientAs } from '../support/sandbox-context.js';

describe('chat streaming', () => {
  it('streams the answer as ordered chunks whose text equals the stored message', async () => {
    const alice = clientAs('alice');
    const conversation = await createConversation(alice, { title: 'Streaming' });

    const result = await sendAndCollect(alice, { conversationId: conversation.id, content: 'Tell me about tide pools [[tokens=120]]' });

    expect(result.userMessage).toMatchObject({ role: 'USER', status: 'COMPLETE', content: 'Tell me about tide pools [[tokens=120]]' });
    expect(result.chunks.map((c) => c.seq)).toEqual(result.chunks.map((_, i) => i));
    expect(result.chunks.filter((c) => c.done)).toHaveLength(1);
    const last = result.chunks.at(-1)!;
    expect(last).toMatchObject({ done: true, stopReason: 'end_turn', error: null });
    expect(last.usage?.outputTokens).toBe(120);
    // Batching: far fewer publishes than tokens.
    expect(result.chunks.length).toBeLessThan(60);

    const { message } = await alice.query(MessageDocument, { conversationId: conversation.id, id: result.assistantMessageId });
    expect(message).toMatchObject({ role: 'ASSISTANT', status: 'COMPLETE', content: textOf(result.chunks), stopReason: 'end_turn' });
    expect(message?.usage).toEqual(last.usage);
    expect(textOf(result.chunks).trim().split(/\s+/)).toHaveLength(120);
    alice.close();
  });

  it('keeps the turns of a conversation in order and answers from the history', async () => {
    const alice = clientAs('alice');
    const conversation = await createConversation(alice, { systemPrompt: 'Be brief.' });
    const first = await sendAndCollect(alice, { conversationId: conversation.id, content: 'First question' });
    const second = await sendAndCollect(alice, { conversationId: conversation.id, content: 'Second question' });

    const messages = await allMessages(alice, conversation.id);
    expect(messages.map((m) => [m.role, m.id])).toEqual([
      ['USER', first.userMessage.id],
      ['ASSISTANT', first.assistantMessageId],
      ['USER', second.userMessage.id],
      ['ASSISTANT', second.assistantMessageId],
    ]);
    expect(messages.every((m) => m.status === 'COMPLETE')).toBe(true);
    const { conversation: stored } = await alice.query(ConversationDocument, { id: conversation.id });
    expect(stored?.lastMessageAt).toBeTruthy();
    alice.close();
  });

  it('deletes a conversation with all its messages', async () => {
    const alice = clientAs('alice');
    const conversation = await createConversation(alice, { title: 'to delete' });
    await sendAndCollect(alice, { conversationId: conversation.id, content: 'hello' });

    const { deleteConversation } = await alice.mutate(DeleteConversationDocument, { id: conversation.id });
    expect(deleteConversation.id).toBe(conversation.id);

    const { conversation: gone } = await alice.query(ConversationDocument, { id: conversation.id });
    expect(gone).toBeNull();
    await expect(alice.query(MessagesDocument, { conversationId: conversation.id })).rejects.toMatchObject({ errorType: 'NotFound' });
    alice.close();
  });
});
