// job-events configuration, read once per cold start.
import { getEnv, getEnvFlag, getEnvUrl } from '../shared/config.js';

export interface JobEventsConfig {
  tableName: string;
  graphqlUrl: URL;
  region: string;
  webhookSecretArn: string;
  /** Sandbox only: lets callbacks use http:// to a loopback host. Default false. */
  allowInsecureCallbacks: boolean;
}

export function loadJobEventsConfig(env: Record<string, string | undefined> = process.env): JobEventsConfig {
  return {
    tableName: getEnv('JOBS_TABLE_NAME', env),
    graphqlUrl: getEnvUrl('APPSYNC_GRAPHQL_URL', env),
    region: getEnv('AWS_REGION', env),
    webhookSecretArn: getEnv('WEBHOOK_SECRET_ARN', env),
    allowInsecureCallbacks: getEnvFlag('ALLOW_INSECURE_CALLBACKS', env),
  };
}
