// Publishes a stream's chunks through an IAM-only AppSync mutation, with short retries of
// transient failures (later chunks queue behind a slow publish, so retries stay brief).
import type { GraphQLClient } from '../appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from '../errors.js';
import { isNetworkError, retry, type Sleep } from '../retry.js';
import type { OutgoingChunk, PublishChunk } from './chunk-batcher.js';

export interface ChunkPublisherOptions {
  /** Retries of a transient failure (network, HTTP 429/5xx). Default 2. */
  retries?: number;
  sleep?: Sleep;
  random?: () => number;
}

export function isTransientPublishError(error: unknown): boolean {
  if (error instanceof AppSyncHttpError) return error.retryable;
  if (error instanceof GraphQLResponseError) return error.status === 429 || error.status >= 500;
  return isNetworkError(error);
}

/**
 * A PublishChunk that sends `document` with `{ input: toInput(chunk) }`. The document must select
 * every field of the chunk type: subscribers receive only what the mutation selects.
 */
export function createGraphQLChunkPublisher(
  client: GraphQLClient,
  document: string,
  toInput: (chunk: OutgoingChunk) => Record<string, unknown>,
  options: ChunkPublisherOptions = {},
): PublishChunk {
  return async (chunk: OutgoingChunk) => {
    const input = toInput(chunk);
    await retry(() => client.request(document, { input }), {
      retries: options.retries ?? 2,
      baseDelayMs: 50,
      maxDelayMs: 400,
      shouldRetry: isTransientPublishError,
      sleep: options.sleep,
      random: options.random,
    });
  };
}
