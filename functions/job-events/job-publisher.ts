// Publishes a job's state with Mutation.publishJobUpdate (IAM). Subscribers receive only the fields
// the mutation selects, so the document selects every Job field.
import type { GraphQLClient } from '../shared/appsync-publisher.js';
import { retry, type Sleep } from '../shared/retry.js';
import { isTransientAppSyncError } from '../shared/transient.js';
import type { Job } from './job.js';

export const PUBLISH_JOB_UPDATE = /* GraphQL */ `
  mutation PublishJobUpdate($input: JobUpdateInput!) {
    publishJobUpdate(input: $input) {
      id
      jobId
      owner
      kind
      status
      steps {
        name
        status
        startedAt
        endedAt
        cached
        usage {
          inputTokens
          outputTokens
        }
      }
      progress {
        completed
        failed
        total
      }
      result
      resultTruncated
      error {
        errorType
        message
        step
      }
      webhook {
        url
        status
        attempts
        lastStatusCode
        lastAttemptAt
      }
      version
      createdAt
      updatedAt
    }
  }
`;

export type PublishJob = (job: Job) => Promise<void>;

export interface JobPublisherOptions {
  /** Retries of a transient failure (network, HTTP 429/5xx). Default 3. */
  retries?: number;
  sleep?: Sleep;
  random?: () => number;
}

export function createJobPublisher(client: GraphQLClient, options: JobPublisherOptions = {}): PublishJob {
  return async (job) => {
    await retry(() => client.request(PUBLISH_JOB_UPDATE, { input: job }), {
      retries: options.retries ?? 3,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      shouldRetry: isTransientAppSyncError,
      sleep: options.sleep,
      random: options.random,
    });
  };
}
