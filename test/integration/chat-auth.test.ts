// Ownership: another user (or the API key's guest) can neither read, write,
// cancel, delete nor subscribe to someone else's conversation; the publish
// mutation is IAM only.
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CancelGenerationDocument,
  ConversationDocument,
  ConversationsDocument,
  DeleteConversationDocument,
  MessageDocument,
  MessagesDocument,
  OnMessageChunkDocument,
  PublishMessageChunkDocument,
  SendMessageDocument,
  createClient,
  type WebSocketConstructor,
} from '../../client/index.js';
import { allMessages, createConversation, sendAndCollect } from '../support/chat.js';
import { clientAs, sandbox } from '../support/sandbox-context.js';

describe('chat authorization', () => {
  let conversationId: string;
  let assistantMessageId: string;

  beforeAll(async () => {
    const alice = clientAs('alice');
    conversationId = (await createConversation(alice, { title: 'private' })).id;
    assistantMessageId = (await sendAndCollect(alice, { conversationId, content: 'secret plans' })).assistantMessageId;
    alice.close();
  });

  for (const intruder of ['bob', 'guest'] as const) {
    describe(`as ${intruder}`, () => {
      it('cannot read the conversation, its messages or one message', async () => {
        const client = clientAs(intruder);
        await expect(client.query(ConversationDocument, { id: conversationId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        await expect(client.query(MessagesDocument, { conversationId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        await expect(client.query(MessageDocument, { conversationId, id: assistantMessageId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        const { conversations } = await client.query(ConversationsDocument, { limit: 100 });
        expect(conversations.items.map((c) => c.id)).not.toContain(conversationId);
      });

      it('cannot send, cancel or delete, and nothing changes', async () => {
        const client = clientAs(intruder);
        await expect(client.mutate(SendMessageDocument, { input: { conversationId, content: 'hijack' } })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        await expect(client.mutate(CancelGenerationDocument, { conversationId, messageId: assistantMessageId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        await expect(client.mutate(DeleteConversationDocument, { id: conversationId })).rejects.toMatchObject({ errorType: 'Unauthorized' });
        const messages = await allMessages(clientAs('alice'), conversationId);
        expect(messages).toHaveLength(2);
        expect(messages.map((m) => m.status)).toEqual(['COMPLETE', 'COMPLETE']);
      });

      it('cannot subscribe to its chunks', async () => {
        const client = clientAs(intruder);
        const subscription = client.subscribe(OnMessageChunkDocument, { conversationId });
        await expect(subscription.started).rejects.toMatchObject({ errorType: 'Unauthorized' });
        client.close();
      });
    });
  }

  it('the API key guest owns its own conversations', async () => {
    const guest = clientAs('guest');
    const conversation = await createConversation(guest, { title: 'guest chat' });
    const turn = await sendAndCollect(guest, { conversationId: conversation.id, content: 'hi as guest' });
    expect(turn.chunks.at(-1)?.done).toBe(true);
    await expect(clientAs('alice').query(ConversationDocument, { id: conversation.id })).rejects.toMatchObject({ errorType: 'Unauthorized' });
    guest.close();
  });

  it('publishMessageChunk is denied to users and API keys (IAM only)', async () => {
    const input = { conversationId, messageId: assistantMessageId, owner: 'x', seq: 0, text: 'forged', done: false };
    for (const who of ['alice', 'guest'] as const) {
      await expect(clientAs(who).mutate(PublishMessageChunkDocument, { input })).rejects.toMatchObject({ errorType: 'Unauthorized' });
    }
  });

  it('rejects requests without valid credentials', async () => {
    const s = sandbox();
    const forged = createClient({
      url: s.graphqlUrl,
      realtimeUrl: s.realtimeUrl,
      auth: { type: 'cognito', token: () => `${s.tokens.alice.slice(0, -4)}AAAA` },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    await expect(forged.query(ConversationsDocument, {})).rejects.toMatchObject({ errorType: 'UnauthorizedException' });
    const badKey = createClient({ url: s.graphqlUrl, realtimeUrl: s.realtimeUrl, auth: { type: 'apiKey', apiKey: 'da2-wrong' } });
    await expect(badKey.query(ConversationsDocument, {})).rejects.toMatchObject({ errorType: 'UnauthorizedException' });
  });
});
