// The streaming helpers' public surface: the factories createClient attaches (client.chat,
// client.adverts, client.jobs), their types, and the errors a stream can end with.
export { createAdvertStreams } from './advert-stream.js';
export { createChatStreams } from './chat-stream.js';
export { createJobStreams } from './job-stream.js';
export { StreamClosedError, StreamConsistencyError, StreamGoneError, StreamSupersededError } from './errors.js';
export type { AdvertStream, AdvertStreamOptions, AdvertStreams, VariantStream } from './advert-stream.js';
export type { StreamTiming } from './answer-tracker.js';
export type { ChatSendOptions, ChatStream, ChatStreams } from './chat-stream.js';
export type { JobStream, JobStreamOptions, JobStreams } from './job-stream.js';
export type { StreamTransport } from './transport.js';
