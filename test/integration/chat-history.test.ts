// History queries: every list is a connection; messages oldest first, conversations newest first.
import { describe, expect, it } from 'vitest';
import { ConversationsDocument, MessagesDocument } from '../../client/index.js';
import { createConversation, sendAndCollect } from '../support/chat.js';
import { clientAs } from '../support/sandbox-context.js';

describe('chat history', () => {
  it('pages through messages in chronological order', async () => {
    const carol = clientAs('carol');
    const conversation = await createConversation(carol, { title: 'Paging' });
    const turns = [];
    for (const content of ['one', 'two', 'three']) turns.push(await sendAndCollect(carol, { conversationId: conversation.id, content }));
    const expectedIds = turns.flatMap((t) => [t.userMessage.id, t.assistantMessageId]);

    const pages: string[][] = [];
    let nextToken: string | null | undefined;
    do {
      const { messages } = await carol.query(MessagesDocument, { conversationId: conversation.id, limit: 2, nextToken });
      pages.push(messages.items.map((m) => m.id));
      nextToken = messages.nextToken;
    } while (nextToken && pages.length < 10);

    expect(pages.flat()).toEqual(expectedIds);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    carol.close();
  });

  it('lists only the caller\'s conversations, newest first, across pages', async () => {
    const bob = clientAs('bob');
    const created = [];
    for (const title of ['b-1', 'b-2', 'b-3']) {
      created.push(await createConversation(bob, { title }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seen: string[] = [];
    let nextToken: string | null | undefined;
    do {
      const { conversations } = await bob.query(ConversationsDocument, { limit: 2, nextToken });
      seen.push(...conversations.items.map((c) => c.id));
      nextToken = conversations.nextToken;
    } while (nextToken);

    const mine = created.map((c) => c.id).reverse();
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
    const alicesConversations = await clientAs('alice').query(ConversationsDocument, { limit: 100 });
    expect(alicesConversations.conversations.items.some((c) => mine.includes(c.id))).toBe(false);
  });
});
