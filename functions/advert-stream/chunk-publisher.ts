// Publishes variant chunks with Mutation.publishAdvertChunk (IAM). Subscribers receive only the
// fields the mutation selects, so the document selects every AdvertChunk field.
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import type { PublishChunk } from '../shared/streaming/chunk-batcher.js';
import { createGraphQLChunkPublisher, type ChunkPublisherOptions } from '../shared/streaming/chunk-publisher.js';

export const PUBLISH_ADVERT_CHUNK = /* GraphQL */ `
  mutation PublishAdvertChunk($input: AdvertChunkInput!) {
    publishAdvertChunk(input: $input) {
      advertId
      variantId
      owner
      persona
      generation
      seq
      text
      done
      stopReason
      usage {
        inputTokens
        outputTokens
      }
      cached
      error {
        errorType
        message
      }
    }
  }
`;

export interface AdvertChunkAddress {
  advertId: string;
  variantId: string;
  owner: string;
  persona: string;
  generation: number;
}

/** `cached` is known once the answer is: it rides on the final chunk only. */
export function createAdvertChunkPublisher(
  client: GraphQLClient,
  address: AdvertChunkAddress,
  cached: () => boolean,
  options: ChunkPublisherOptions = {},
): PublishChunk {
  return createGraphQLChunkPublisher(client, PUBLISH_ADVERT_CHUNK, (chunk) => ({ ...address, ...chunk, cached: chunk.done ? cached() : null }), options);
}
