import type { InferenceConfigInput } from '../generated/schema-types';

/** The chat-stream Lambda's event (README "sendMessage -> chat-stream Lambda"). */
export interface ChatStreamEvent {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  owner: string;
  modelId: string;
  systemPrompt?: string;
  inferenceConfig?: InferenceConfigInput;
}
