// Publishes chunks with Mutation.publishMessageChunk (IAM). Subscribers receive only the fields
// the mutation selects, so the document selects every MessageChunk field.
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import type { PublishChunk } from '../shared/streaming/chunk-batcher.js';
import { createGraphQLChunkPublisher, type ChunkPublisherOptions } from '../shared/streaming/chunk-publisher.js';

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

/** A PublishChunk for one answer. */
export function createChunkPublisher(client: GraphQLClient, address: ChunkAddress, options: ChunkPublisherOptions = {}): PublishChunk {
  return createGraphQLChunkPublisher(client, PUBLISH_MESSAGE_CHUNK, (chunk) => ({ ...address, ...chunk }), options);
}
