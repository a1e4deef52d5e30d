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

export type Advert = {
  __typename?: 'Advert';
  bypassCache: Scalars['Boolean']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  id: Scalars['ID']['output'];
  images: Array<AdvertImage>;
  modelId: Scalars['String']['output'];
  spec: Scalars['String']['output'];
  tone?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  /** In position order. */
  variants: Array<AdvertVariant>;
  wordCount: Scalars['Int']['output'];
};

/**
 * A piece of one variant's copy. Per variant and generation, chunks have seq 0,
 * 1, 2, ... with no gaps; the last one has done = true and carries stopReason,
 * usage and cached, or error when generation failed.
 */
export type AdvertChunk = {
  __typename?: 'AdvertChunk';
  advertId: Scalars['ID']['output'];
  cached?: Maybe<Scalars['Boolean']['output']>;
  done: Scalars['Boolean']['output'];
  error?: Maybe<ErrorInfo>;
  generation: Scalars['Int']['output'];
  /** Owner of the advert; the subscription filters on it. */
  owner: Scalars['ID']['output'];
  persona: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
  stopReason?: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
  usage?: Maybe<Usage>;
  variantId: Scalars['ID']['output'];
};

export type AdvertChunkInput = {
  advertId: Scalars['ID']['input'];
  cached?: InputMaybe<Scalars['Boolean']['input']>;
  done: Scalars['Boolean']['input'];
  error?: InputMaybe<ErrorInfoInput>;
  generation: Scalars['Int']['input'];
  owner: Scalars['ID']['input'];
  persona: Scalars['String']['input'];
  seq: Scalars['Int']['input'];
  stopReason?: InputMaybe<Scalars['String']['input']>;
  text: Scalars['String']['input'];
  usage?: InputMaybe<UsageInput>;
  variantId: Scalars['ID']['input'];
};

export type AdvertConnection = {
  __typename?: 'AdvertConnection';
  items: Array<Advert>;
  nextToken?: Maybe<Scalars['String']['output']>;
};

export type AdvertImage = {
  __typename?: 'AdvertImage';
  format: ImageFormat;
  height: Scalars['Int']['output'];
  /** 0-based, in the order the images were sent. */
  position: Scalars['Int']['output'];
  /** SHA-256 of the image bytes, hex. */
  sha256: Scalars['String']['output'];
  sizeBytes: Scalars['Int']['output'];
  width: Scalars['Int']['output'];
};

/**
 * One product image. All images of a request together may decode to at most
 * 3,750,000 bytes (5,000,000 base64 characters).
 */
export type AdvertImageInput = {
  /**
   * The image bytes: standard base64 alphabet with padding (length a multiple of 4,
   * no line breaks), decoding to at most 3,750,000 bytes; width and height 1 to 8,000 px.
   */
  base64: Scalars['String']['input'];
  /** Must match the image's magic number. */
  format: ImageFormat;
};

export type AdvertVariant = {
  __typename?: 'AdvertVariant';
  advertId: Scalars['ID']['output'];
  /** True when the copy came from the cache of earlier identical requests. */
  cached: Scalars['Boolean']['output'];
  /** Checkpointed while STREAMING, final after. */
  content: Scalars['String']['output'];
  createdAt: Scalars['AWSDateTime']['output'];
  error?: Maybe<ErrorInfo>;
  /** 1, then +1 on each regenerateAdvertVariant; chunks carry it. */
  generation: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  persona: Scalars['String']['output'];
  /** 0-based, the persona's position in the request. */
  position: Scalars['Int']['output'];
  status: AdvertVariantStatus;
  stopReason?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['AWSDateTime']['output'];
  usage?: Maybe<Usage>;
};

export type AdvertVariantStatus =
  | 'COMPLETE'
  | 'FAILED'
  /** The copy is being generated; content holds the last checkpoint. */
  | 'STREAMING';

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

export type CreateAdvertInput = {
  /** Skip the cached answers (default false): every variant is generated afresh. */
  bypassCache?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * Makes the call idempotent for 24 hours: a repeat with the same token and the
   * same input returns the first advert and starts nothing; the same token with
   * another input is IdempotencyConflict. 1 to 64 characters of [A-Za-z0-9_-].
   */
  clientToken?: InputMaybe<Scalars['String']['input']>;
  /**
   * Optional: the new advert's id, chosen by the client (a ULID, or a UUID) so it can
   * subscribe to onAdvertChunk before creating the advert and miss no chunk. By default
   * the API makes one. An id already in use is a Conflict.
   */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** 0 to 5 images, sent to the model with the spec. */
  images?: InputMaybe<Array<AdvertImageInput>>;
  /** One of the API's allowed models; the default model when omitted. */
  modelId?: InputMaybe<Scalars['String']['input']>;
  /**
   * 0 to 5 audiences, each 1 to 100 characters, not blank, distinct ignoring case
   * (and surrounding spaces). One variant is written per persona; none (null or [])
   * gives one variant for "General audience".
   */
  personas?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The product spec: 1 to 20,000 characters; not blank. */
  spec: Scalars['String']['input'];
  /** 1 to 100 characters; not blank. */
  tone?: InputMaybe<Scalars['String']['input']>;
  /** Target length in words: 25 to 500, default 150. */
  wordCount?: InputMaybe<Scalars['Int']['input']>;
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

export type ImageFormat =
  | 'GIF'
  | 'JPEG'
  | 'PNG'
  | 'WEBP';

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

export type Job = {
  __typename?: 'Job';
  createdAt: Scalars['AWSDateTime']['output'];
  error?: Maybe<JobError>;
  id: Scalars['ID']['output'];
  /** Same as id: lets onJobUpdated(jobId) filter on it. */
  jobId: Scalars['ID']['output'];
  kind: WorkflowKind;
  owner: Scalars['ID']['output'];
  progress?: Maybe<JobProgress>;
  /** JSON. Null in a pushed update when resultTruncated: read it with job(id). */
  result?: Maybe<Scalars['AWSJSON']['output']>;
  /** True when the result was too large to push on the subscription. */
  resultTruncated?: Maybe<Scalars['Boolean']['output']>;
  status: JobStatus;
  /** Steps in the order they started. */
  steps: Array<JobStep>;
  updatedAt: Scalars['AWSDateTime']['output'];
  /** Increases with every update, so a client can drop an out-of-order push. */
  version: Scalars['Int']['output'];
  webhook?: Maybe<WebhookDelivery>;
};

export type JobConnection = {
  __typename?: 'JobConnection';
  items: Array<Job>;
  nextToken?: Maybe<Scalars['String']['output']>;
};

export type JobError = {
  __typename?: 'JobError';
  errorType: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** The step that failed. */
  step?: Maybe<Scalars['String']['output']>;
};

export type JobErrorInput = {
  errorType: Scalars['String']['input'];
  message: Scalars['String']['input'];
  step?: InputMaybe<Scalars['String']['input']>;
};

export type JobProgress = {
  __typename?: 'JobProgress';
  completed: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type JobProgressInput = {
  completed: Scalars['Int']['input'];
  failed: Scalars['Int']['input'];
  total: Scalars['Int']['input'];
};

export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type JobStep = {
  __typename?: 'JobStep';
  /** True when the step's model answer came from the prompt cache. */
  cached?: Maybe<Scalars['Boolean']['output']>;
  endedAt?: Maybe<Scalars['AWSDateTime']['output']>;
  name: Scalars['String']['output'];
  startedAt?: Maybe<Scalars['AWSDateTime']['output']>;
  status: JobStepStatus;
  usage?: Maybe<Usage>;
};

export type JobStepInput = {
  cached?: InputMaybe<Scalars['Boolean']['input']>;
  endedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  name: Scalars['String']['input'];
  startedAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  status: JobStepStatus;
  usage?: InputMaybe<UsageInput>;
};

export type JobStepStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** The whole Job as the backend publishes it. */
export type JobUpdateInput = {
  createdAt: Scalars['AWSDateTime']['input'];
  error?: InputMaybe<JobErrorInput>;
  id: Scalars['ID']['input'];
  jobId: Scalars['ID']['input'];
  kind: WorkflowKind;
  owner: Scalars['ID']['input'];
  progress?: InputMaybe<JobProgressInput>;
  result?: InputMaybe<Scalars['AWSJSON']['input']>;
  resultTruncated?: InputMaybe<Scalars['Boolean']['input']>;
  status: JobStatus;
  steps: Array<JobStepInput>;
  updatedAt: Scalars['AWSDateTime']['input'];
  version: Scalars['Int']['input'];
  webhook?: InputMaybe<WebhookDeliveryInput>;
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
  /** Stops the execution; the job ends CANCELLED. */
  cancelJob: Job;
  /** Stores the advert and its variants (STREAMING) and starts every variant; returns before any text is generated. */
  createAdvert: Advert;
  createConversation: Conversation;
  /** Removes the advert, its variants and its images; returns the removed advert. */
  deleteAdvert: Advert;
  /** Removes the conversation and all its messages; returns the removed conversation. */
  deleteConversation: Conversation;
  /** Backend only: publishes a chunk to onAdvertChunk subscribers. */
  publishAdvertChunk: AdvertChunk;
  /** Backend only: pushes a job's new state to onJobUpdated subscribers. */
  publishJobUpdate: Job;
  /** Backend only: publishes a chunk to onMessageChunk subscribers. */
  publishMessageChunk: MessageChunk;
  /**
   * Generates one variant again (generation + 1, cache bypassed). Conflict while
   * the variant is still STREAMING (unless its stream has been silent for 6 minutes).
   */
  regenerateAdvertVariant: AdvertVariant;
  /** Stores the user message and starts the answer; returns before any token is generated. */
  sendMessage: SendMessagePayload;
  /** Validates the input, stores a QUEUED job and starts its state machine; returns at once. */
  startWorkflow: Job;
};


export type MutationCancelGenerationArgs = {
  conversationId: Scalars['ID']['input'];
  messageId: Scalars['ID']['input'];
};


export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateAdvertArgs = {
  input: CreateAdvertInput;
};


export type MutationCreateConversationArgs = {
  input?: InputMaybe<CreateConversationInput>;
};


export type MutationDeleteAdvertArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteConversationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPublishAdvertChunkArgs = {
  input: AdvertChunkInput;
};


export type MutationPublishJobUpdateArgs = {
  input: JobUpdateInput;
};


export type MutationPublishMessageChunkArgs = {
  input: MessageChunkInput;
};


export type MutationRegenerateAdvertVariantArgs = {
  advertId: Scalars['ID']['input'];
  variantId: Scalars['ID']['input'];
};


export type MutationSendMessageArgs = {
  input: SendMessageInput;
};


export type MutationStartWorkflowArgs = {
  input: StartWorkflowInput;
};

export type Query = {
  __typename?: 'Query';
  /** One of the caller's adverts with its variants; null when there is none with this id. */
  advert?: Maybe<Advert>;
  /** The caller's adverts, newest first. limit: 1 to 100, default 20. */
  adverts: AdvertConnection;
  conversation?: Maybe<Conversation>;
  /** The caller's conversations, newest first. limit: 1 to 100, default 20. */
  conversations: ConversationConnection;
  job?: Maybe<Job>;
  /** The caller's jobs, newest first. limit: 1 to 100, default 20. */
  jobs: JobConnection;
  /** One stored message: how a client recovers an answer after missing chunks. */
  message?: Maybe<Message>;
  /** A conversation's messages, oldest first. limit: 1 to 100, default 50. */
  messages: MessageConnection;
};


export type QueryAdvertArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAdvertsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConversationsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  nextToken?: InputMaybe<Scalars['String']['input']>;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
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

export type StartWorkflowInput = {
  /** Skip the prompt cache for this job's model calls. */
  bypassCache?: InputMaybe<Scalars['Boolean']['input']>;
  /** Receives the final Job as JSON, signed with HMAC-SHA256 (https only in AWS). */
  callbackUrl?: InputMaybe<Scalars['AWSURL']['input']>;
  /** A repeat with the same token returns the first job and starts nothing. 1-64 of [A-Za-z0-9_-]. */
  clientToken?: InputMaybe<Scalars['String']['input']>;
  /**
   * The kind's input, as JSON:
   * DOCUMENT_ANALYSIS { document: { text | url | base64, format: TEXT|MARKDOWN|HTML|PDF } };
   * CONTENT_INSIGHTS { text } (1-8,000 characters);
   * BATCH_ADVERTS { specs: [{ name, description, features? }] (1-100), tone?, wordCount? }.
   */
  input: Scalars['AWSJSON']['input'];
  kind: WorkflowKind;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Chunks of every variant of one of the caller's adverts. */
  onAdvertChunk?: Maybe<AdvertChunk>;
  /**
   * Every change of one of the caller's jobs. Omit jobId to follow all of the
   * caller's jobs: subscribe first, then startWorkflow, and no update is missed.
   */
  onJobUpdated?: Maybe<Job>;
  /** Chunks of every answer in one of the caller's conversations. */
  onMessageChunk?: Maybe<MessageChunk>;
};


export type SubscriptionOnAdvertChunkArgs = {
  advertId: Scalars['ID']['input'];
};


export type SubscriptionOnJobUpdatedArgs = {
  jobId?: InputMaybe<Scalars['ID']['input']>;
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

export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  attempts: Scalars['Int']['output'];
  lastAttemptAt?: Maybe<Scalars['AWSDateTime']['output']>;
  lastStatusCode?: Maybe<Scalars['Int']['output']>;
  status: WebhookDeliveryStatus;
  url: Scalars['AWSURL']['output'];
};

export type WebhookDeliveryInput = {
  attempts: Scalars['Int']['input'];
  lastAttemptAt?: InputMaybe<Scalars['AWSDateTime']['input']>;
  lastStatusCode?: InputMaybe<Scalars['Int']['input']>;
  status: WebhookDeliveryStatus;
  url: Scalars['AWSURL']['input'];
};

export type WebhookDeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

export type WorkflowKind =
  /** A short advert for each of up to 100 product specs, with bounded concurrency. */
  | 'BATCH_ADVERTS'
  /** Sentiment and keywords in parallel (structured, validated output), combined. */
  | 'CONTENT_INSIGHTS'
  /** Extract text from a document, analyze it (strong model), summarize the analysis (fast model). */
  | 'DOCUMENT_ANALYSIS';
