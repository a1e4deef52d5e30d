// The typed client for browsers and Node 20+: createClient and everything a caller needs.
import { createCoreClient, type ClientOptions, type CoreClient } from './core.js';
import { createAdvertStreams, type AdvertStreams } from './streams/advert-stream.js';
import { createChatStreams, type ChatStreams } from './streams/chat-stream.js';
import { createJobStreams, type JobStreams } from './streams/job-stream.js';

export * from './generated/graphql.js';
export { ApiError, ClientClosedError, NetworkError, isApiError } from './errors.js';
export type { AnyErrorType, ApiErrorType, GraphQLErrorEntry } from './errors.js';
export type { AwsCredentialIdentity, AwsCredentials, ClientAuth } from './auth.js';
export type { ClientOptions, CoreClient } from './core.js';
export type { WebSocketConstructor, WebSocketLike } from './realtime.js';
export type { ReconnectOptions } from './reconnect.js';
export type { SubscribeOptions, Subscription } from './subscription.js';
export type { AdvertStream, AdvertStreams, VariantStream } from './streams/advert-stream.js';
export type { ChatSendOptions, ChatStream, ChatStreams } from './streams/chat-stream.js';
export type { JobStream, JobStreams } from './streams/job-stream.js';
export { StreamClosedError, StreamConsistencyError, StreamGoneError, StreamSupersededError } from './streams/index.js';
export type { AdvertStreamOptions, JobStreamOptions, StreamTiming } from './streams/index.js';

/** The client: queries, mutations and subscriptions, plus the streaming helpers. */
export interface Client extends CoreClient {
  /** A chat turn as a stream of text (subscribe, send, recover what was missed). */
  readonly chat: ChatStreams;
  /** An advert's variants as streams of text. */
  readonly adverts: AdvertStreams;
  /** A workflow job's updates until it ends. */
  readonly jobs: JobStreams;
}

export function createClient(options: ClientOptions): Client {
  const core = createCoreClient(options);
  return { ...core, chat: createChatStreams(core), adverts: createAdvertStreams(core), jobs: createJobStreams(core) };
}
