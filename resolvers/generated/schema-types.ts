export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  AWSDate: { input: string; output: string; }
  AWSDateTime: { input: string; output: string; }
  AWSEmail: { input: string; output: string; }
  AWSIPAddress: { input: string; output: string; }
  AWSJSON: { input: string; output: string; }
  AWSPhone: { input: string; output: string; }
  AWSTime: { input: string; output: string; }
  AWSTimestamp: { input: number; output: number; }
  AWSURL: { input: string; output: string; }
};

export type Conversation = {
  __typename?: 'Conversation';
  createdAt: Scalars['AWSDateTime']['output'];
  id: Scalars['ID']['output'];
  lastMessageAt?: Maybe<Scalars['AWSDateTime']['output']>;
  /** Model used for this conversation's answers unless a message overrides it. */
  modelId: Scalars['String']['output'];
  systemPrompt?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
};

export type ConversationConnection = {
  __typename?: 'ConversationConnection';
  items: Array<Conversation>;
  nextToken?: Maybe<Scalars['String']['output']>;
};

export type CreateConversationInput = {
  /** One of the API's allowed models; the default model when omitted. */
  modelId?: InputMaybe<Scalars['String']['input']>;
  /** At most 10,000 characters. */
  systemPrompt?: InputMaybe<Scalars['String']['input']>;
  /** At most 200 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/**
 * An error carried inside data (a failed stream or job), as opposed to a
 * GraphQL error. `errorType` is stable and meant to be switched on.
 */
export type ErrorInfo = {
  __typename?: 'ErrorInfo';
  errorType: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type ErrorInfoInput = {
  errorType: Scalars['String']['input'];
  message: Scalars['String']['input'];
};

/** Model parameters for one request. Omitted values use the model's defaults. */
export type InferenceConfigInput = {
  /** 1 to 8192. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** At most 4, each 1 to 100 characters. */
  stopSequences?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 0.0 to 1.0. */
  temperature?: InputMaybe<Scalars['Float']['input']>;
  /** 0.0 to 1.0. */
  topP?: InputMaybe<Scalars['Float']['input']>;
};

export type Message = {
  __typename?: 'Message';
  content: Scalars['String']['output'];
  conversationId: Scalars['ID']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  error?: Maybe<ErrorInfo>;
  id: Scalars['ID']['output'];
  modelId?: Maybe<Scalars['String']['output']>;
  role: MessageRole;
  status: MessageStatus;
  stopReason?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  usage?: Maybe<Usage>;
};

/**
 * A piece of an assistant answer. Chunks of one message have seq 0, 1, 2, ...
 * with no gaps; the last one has done = true and carries stopReason and usage,
 * or error when generation failed.
 */
export type MessageChunk = {
  __typename?: 'MessageChunk';
  conversationId: Scalars['ID']['output'];
  done: Scalars['Boolean']['output'];
  error?: Maybe<ErrorInfo>;
  messageId: Scalars['ID']['output'];
  /** Owner of the conversation; the subscription filters on it. */
  owner: Scalars['ID']['output'];
  seq: Scalars['Int']['output'];
  stopReason?: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
  usage?: Maybe<Usage>;
};

export type MessageChunkInput = {
  conversationId: Scalars['ID']['input'];
  done: Scalars['Boolean']['input'];
  error?: InputMaybe<ErrorInfoInput>;
  messageId: Scalars['ID']['input'];
  owner: Scalars['ID']['input'];
  seq: Scalars['Int']['input'];
  stopReason?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
  usage?: InputMaybe<UsageInput>;
};

export type MessageConnection = {
  __typename?: 'MessageConnection';
  items: Array<Message>;
  nextToken?: Maybe<Scalars['String']['output']>;
};

export type MessageRole =
  | 'ASSISTANT'
  | 'USER';

export type MessageStatus =
  | 'CANCELLED'
  | 'COMPLETE'
  | 'FAILED'
  /** The answer is being generated; content holds the last checkpoint. */
  | 'STREAMING';

export type Mutation = {
  __typename?: 'Mutation';
  /** Stops a running answer; what was generated so far is kept with status CANCELLED. */
  cancelGeneration: Message;
  createConversation: Conversation;
  /** Removes the conversation and all its messages; returns the removed conversation. */
  deleteConversation: Conversation;
  /** Backend only: publishes a chunk to onMessageChunk subscribers. */
  publishMessageChunk: MessageChunk;
  /** Stores the user message and starts the answer; returns before any token is generated. */
  sendMessage: SendMessagePayload;
};


export type MutationCancelGenerationArgs = {
  conversationId: Scalars['ID']['input'];
  messageId: Scalars['ID']['input'];
};


export type MutationCreateConversationArgs = {
  input?: InputMaybe<CreateConversationInput>;
};


export type MutationDeleteConversationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPublishMessageChunkArgs = {
  input: MessageChunkInput;
};


export type MutationSendMessageArgs = {
  input: SendMessageInput;
};

export type Query = {
  __typename?: 'Query';
  conversation?: Maybe<Conversation>;
  /** The caller's conversations, newest first. limit: 1 to 100, default 20. */
  conversations: ConversationConnection;
  /** One stored message: how a client recovers an answer after missing chunks. */
  message?: Maybe<Message>;
  /** A conversation's messages, oldest first. limit: 1 to 100, default 50. */
  messages: MessageConnection;
};


export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConversationsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryMessageArgs = {
  conversationId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryMessagesArgs = {
  conversationId: Scalars['ID']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};

export type SendMessageInput = {
  /**
   * Makes the call idempotent: a repeat with the same token returns the first
   * call's result and starts nothing. 1 to 64 characters of [A-Za-z0-9_-].
   */
  clientToken?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 32,000 characters (UTF-16 code units, as JavaScript counts them); not blank. */
  content: Scalars['String']['input'];
  conversationId: Scalars['ID']['input'];
  inferenceConfig?: InputMaybe<InferenceConfigInput>;
  /** Overrides the conversation's model for this answer. */
  modelId?: InputMaybe<Scalars['String']['input']>;
};

export type SendMessagePayload = {
  __typename?: 'SendMessagePayload';
  /** Id of the assistant message being generated; chunks for it carry this messageId. */
  assistantMessageId: Scalars['ID']['output'];
  /** The stored user message. */
  userMessage: Message;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Chunks of every answer in one of the caller's conversations. */
  onMessageChunk?: Maybe<MessageChunk>;
};


export type SubscriptionOnMessageChunkArgs = {
  conversationId: Scalars['ID']['input'];
};

/** Token counts the model reported for one answer. */
export type Usage = {
  __typename?: 'Usage';
  inputTokens: Scalars['Int']['output'];
  outputTokens: Scalars['Int']['output'];
};

export type UsageInput = {
  inputTokens: Scalars['Int']['input'];
  outputTokens: Scalars['Int']['input'];
};
