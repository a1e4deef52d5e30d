// Shapes of the ChatTable items (README "Chat data model") and of the pipeline stashes.
// Type aliases, not interfaces: util.dynamodb.toMapValues accepts only index-compatible object types.
import type { ErrorInfo, MessageRole, MessageStatus, Usage } from '../generated/schema-types';

export type ConversationItem = {
  pk: string;
  sk: string;
  type: 'Conversation';
  id: string;
  owner: string;
  title?: string;
  modelId: string;
  systemPrompt?: string;
  createdAt: string;
  updatedAt: string;
  lastMessageAt?: string;
  gsi1pk: string;
  gsi1sk: string;
};

export type MessageItem = {
  pk: string;
  sk: string;
  type: 'Message';
  id: string;
  conversationId: string;
  owner: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  createdAt: string;
  updatedAt: string;
  modelId?: string;
  usage?: Usage;
  stopReason?: string;
  error?: ErrorInfo;
};

export type SendTokenItem = {
  pk: string;
  sk: string;
  type: 'SendToken';
  userMessageId: string;
  assistantMessageId: string;
  /** A copy of the stored user message, so a replay answers without another read. */
  userMessage: MessageItem;
  contentHash: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
};

export type SendMessageResult = {
  userMessage: MessageItem;
  assistantMessageId: string;
};

/** What the Mutation.sendMessage steps hand each other. */
export type SendMessageStash = {
  conversation: ConversationItem;
  modelId: string;
  /** Set by 02.findSendToken when the client token was seen before: nothing else runs. */
  replay?: SendMessageResult;
  /** Set by 03.storeMessages. */
  sendResult?: SendMessageResult;
  /** Set by 04.startGeneration when the Lambda could not be invoked. */
  startError?: { message: string; type: string };
};

/** What the authorize step leaves for the later steps of a conversation's pipeline. */
export type ConversationStash = {
  conversation: ConversationItem;
  message?: MessageItem;
};
