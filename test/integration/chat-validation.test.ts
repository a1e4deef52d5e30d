// Bad input gets a GraphQL error with an errorType, and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversationsDocument, CreateConversationDocument, MessagesDocument, SendMessageDocument, type SendMessageInput } from '../../client/index.js';
import { allMessages, createConversation } from '../support/chat.js';
import { clientAs } from '../support/sandbox-context.js';

describe('chat input validation', () => {
  const alice = clientAs('alice');
  let conversationId: string;

  beforeAll(async () => {
    conversationId = (await createConversation(alice, { title: 'validation' })).id;
  });

  const badSends: Array<[string, Partial<SendMessageInput>, string]> = [
    ['empty content', { content: '' }, 'ValidationError'],
    ['blank content', { content: '   \n ' }, 'ValidationError'],
    ['over-long content', { content: 'x'.repeat(32_001) }, 'ValidationError'],
    ['unknown model', { content: 'hi', modelId: 'made-up.model-v1' }, 'UnsupportedModel'],
    ['temperature above 1', { content: 'hi', inferenceConfig: { temperature: 1.5 } }, 'ValidationError'],
    ['negative topP', { content: 'hi', inferenceConfig: { topP: -0.1 } }, 'ValidationError'],
    ['zero maxTokens', { content: 'hi', inferenceConfig: { maxTokens: 0 } }, 'ValidationError'],
    ['too many stop sequences', { content: 'hi', inferenceConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } }, 'ValidationError'],
    ['client token with bad characters', { content: 'hi', clientToken: 'not ok!' }, 'ValidationError'],
    ['client token too long', { content: 'hi', clientToken: 'a'.repeat(65) }, 'ValidationError'],
  ];

  for (const [what, input, errorType] of badSends) {
    it(`sendMessage rejects ${what} with ${errorType} and writes nothing`, async () => {
      await expect(alice.mutate(SendMessageDocument, { input: { conversationId, content: 'hi', ...input } })).rejects.toMatchObject({ errorType });
      expect(await allMessages(alice, conversationId)).toEqual([]);
    });
  }

  it('sendMessage to an unknown conversation is NotFound', async () => {
    await expect(alice.mutate(SendMessageDocument, { input: { conversationId: '01JUNKNOWNCONVERSATION0000', content: 'hi' } })).rejects.toMatchObject({
      errorType: 'NotFound',
    });
    await expect(alice.query(MessagesDocument, { conversationId: '01JUNKNOWNCONVERSATION0000' })).rejects.toMatchObject({ errorType: 'NotFound' });
  });

  it('createConversation rejects an unknown model and over-long fields, writing nothing', async () => {
    const before = (await alice.query(ConversationsDocument, { limit: 100 })).conversations.items.length;
    for (const [input, errorType] of [
      [{ modelId: 'made-up.model-v1' }, 'UnsupportedModel'],
      [{ title: 't'.repeat(201) }, 'ValidationError'],
      [{ systemPrompt: 's'.repeat(10_001) }, 'ValidationError'],
    ] as const) {
      await expect(alice.mutate(CreateConversationDocument, { input })).rejects.toMatchObject({ errorType });
    }
    const after = (await alice.query(ConversationsDocument, { limit: 100 })).conversations.items.length;
    expect(after).toBe(before);
  });

  it('list limits out of range are rejected', async () => {
    await expect(alice.query(ConversationsDocument, { limit: 0 })).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(alice.query(MessagesDocument, { conversationId, limit: 101 })).rejects.toMatchObject({ errorType: 'ValidationError' });
  });

  it('a tampered nextToken is rejected', async () => {
    await expect(alice.query(MessagesDocument, { conversationId, nextToken: 'eyJmb28iOiJiYXIifQ' })).rejects.toHaveProperty('errorType');
  });
});
