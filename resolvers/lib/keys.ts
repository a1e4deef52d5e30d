// Key layout of the single ChatTable (README "Chat data model").

export const CONVERSATION_SK = 'META';
export const MESSAGE_SK_PREFIX = 'MSG#';
export const OWNER_INDEX = 'byOwner';

export type TableKey = {
  pk: string;
  sk: string;
};

export function conversationPk(conversationId: string): string {
  return `CONV#${conversationId}`;
};

export function conversationKey(conversationId: string): TableKey {
  return { pk: conversationPk(conversationId), sk: CONVERSATION_SK };
};

export function messageKey(conversationId: string, messageId: string): TableKey {
  return { pk: conversationPk(conversationId), sk: `${MESSAGE_SK_PREFIX}${messageId}` };
};

export function sendTokenKey(conversationId: string, clientToken: string): TableKey {
  return { pk: conversationPk(conversationId), sk: `TOKEN#${clientToken}` };
};

/** gsi1pk of a conversation: the byOwner index lists one owner's conversations. */
export function ownerPartition(owner: string): string {
  return `OWNER#${owner}`;
};
