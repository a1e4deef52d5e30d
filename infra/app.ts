// The CDK app: `createApp()` builds it (the sandbox and tests call it in-process);
// run directly (cdk.json "app": "npx tsx infra/app.ts") it synthesizes.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { readStackConfig } from './config.js';
import { GenAiApiStack, STACK_NAME } from './stack.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CreateAppOptions {
  /** Where to write the cloud assembly; the CLI's CDK_OUTDIR otherwise. */
  outdir?: string;
  /** CDK context: models, defaultModel, apiKeyExpiryDays. */
  context?: Record<string, unknown>;
  /** Other schema/, resolvers/ and functions/ folders (the sandbox's hot-reload tests use copies). */
  sourceDirs?: SourceDirs;
}

export interface SourceDirs {
  schemaDir?: string;
  resolversDir?: string;
  functionsDir?: string;
}

export function createApp(options: CreateAppOptions = {}): App {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  new GenAiApiStack(app, STACK_NAME, {
    config: readStackConfig((key) => app.node.tryGetContext(key)),
    repoRoot: REPO_ROOT,
    ...options.sourceDirs,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'GraphQL API for generative-AI apps: streamed chat on AppSync, Lambda, DynamoDB and Bedrock',
  });
  return app;
}

const isEntryPoint = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  createApp().synth();
}
