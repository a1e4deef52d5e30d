// Lambda entry for job-events: invoked synchronously by the workflow state machines with their job
// events, and asynchronously by EventBridge with "Step Functions Execution Status Change". Clients
// are created once per cold start; the work is in handle-job-event.ts.
import type { Context } from 'aws-lambda';
import { AppSyncClient } from '../shared/appsync-publisher.js';
import { logger } from '../shared/logger.js';
import { createSecretReader } from '../shared/secret.js';
import { loadJobEventsConfig } from './config.js';
import { handleJobEvent, type JobEventSummary } from './handle-job-event.js';
import { createJobPublisher } from './job-publisher.js';
import { DynamoJobStore } from './job-store.js';

const config = loadJobEventsConfig();
const store = new DynamoJobStore(config.tableName);
const publish = createJobPublisher(new AppSyncClient({ url: config.graphqlUrl, region: config.region }));
const readSecret = createSecretReader(config.webhookSecretArn);

export async function handler(payload: unknown, context: Context): Promise<JobEventSummary> {
  logger.addContext(context);
  try {
    return await handleJobEvent(payload, {
      store,
      publish,
      readSecret,
      callbackPolicy: { allowInsecureLoopback: config.allowInsecureCallbacks },
      log: logger,
    });
  } catch (error) {
    // An invalid event or a failed write: the state machine's Retry/Catch (or EventBridge's async
    // retries) decide; nothing was applied.
    logger.error('Job event failed', { error: error instanceof Error ? error.name : typeof error });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
