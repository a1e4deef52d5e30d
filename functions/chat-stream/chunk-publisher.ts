// Publishes chunks with Mutation.publishMessageChunk (IAM). Subscribers receive only the fields
// the mutation selects, so the document selects every MessageChunk field.
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from '../shared/errors.js';
import { isNetworkError, retry, type Sleep } from '../shared/retry.js';
import type { OutgoingChunk, PublishChunk } from './chunk-batcher.js';

export const PUBLISH_MESSAGE_CHUNK = /* GraphQL */ `
  mutation PublishMessageChunk($input: MessageChunkInput!) {
    publishMessageChunk(input: $input) {
      conversationId
      messageId
      owner
      seq
      text
      done
      stopReason
      usage {
        inputTokens
        outputTokens
      }
      error {
        errorType
        message
      }
    }
  }
`;

export interface ChunkAddress {
  conversationId: string;
  messageId: string;
  owner: string;
}

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

/** A PublishChunk for one answer. Retries are short: chunks queue behind a slow publish. */
export function createChunkPublisher(client: GraphQLClient, address: ChunkAddress, options: ChunkPublisherOptions = {}): PublishChunk {
  return async (chunk: OutgoingChunk) => {
    const input = { ...address, ...chunk };
    await retry(() => client.request(PUBLISH_MESSAGE_CHUNK, { input }), {
      retries: options.retries ?? 2,
      baseDelayMs: 50,
      maxDelayMs: 400,
      shouldRetry: isTransientPublishError,
      sleep: options.sleep,
      random: options.random,
    });
  };
}
