// Starts one sandbox for the integration tests (free port, its own state dir)
// and hands its endpoints and some users' tokens to the test files.
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSandbox } from '../../local/sandbox/start-sandbox.js';
import type { TestSandbox } from './sandbox-context.js';

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // Per run: two test runs at once (an editor's and a terminal's) must not share compiled bundles.
  const stateDir = resolve(`.sandbox/test-${process.pid}`);
  rmSync(stateDir, { recursive: true, force: true });
  // The sandbox serves COPIES of the source folders, with hot reload on: the hot-reload tests
  // edit the copies (never the repository's files) instead of starting a sandbox of their own.
  const sourceDirs = { schemaDir: join(stateDir, 'src/schema'), resolversDir: join(stateDir, 'src/resolvers'), functionsDir: join(stateDir, 'src/functions') };
  cpSync(resolve('schema'), sourceDirs.schemaDir, { recursive: true });
  cpSync(resolve('resolvers'), sourceDirs.resolversDir, { recursive: true });
  cpSync(resolve('functions'), sourceDirs.functionsDir, { recursive: true });
  const logFile = join(stateDir, 'sandbox.log');
  const sandbox = await startSandbox({
    stateDir,
    port: 0,
    tokensPerSecond: 1000,
    watch: true,
    sourceDirs,
    log: (line) => {
      appendFileSync(logFile, `${JSON.stringify(line)}\n`);
      // Resolver error reports ([appsync-js] ...) are expected by the validation tests: file only.
      if (process.env.SANDBOX_VERBOSE === '1' || (/error|fail/i.test(line) && !line.startsWith('[appsync-js]'))) console.log(`[sandbox] ${line}`);
    },
    verbose: process.env.SANDBOX_VERBOSE === '1',
  });
  const users = ['alice', 'bob', 'carol'] as const;
  const tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await sandbox.issueToken(u)] as const)));
  const provided: TestSandbox = {
    graphqlUrl: sandbox.graphqlUrl,
    realtimeUrl: sandbox.realtimeUrl,
    region: sandbox.region,
    apiKey: sandbox.apiKey,
    adminUrl: sandbox.adminUrl,
    certificateFile: sandbox.certificateFile,
    iam: sandbox.iam,
    webhookSecret: sandbox.webhookSecret,
    s3Url: sandbox.s3Url,
    buckets: sandbox.buckets,
    tokens: tokens as TestSandbox['tokens'],
    sourceDirs,
    logFile,
  };
  project.provide('sandbox', provided);
  return async () => {
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
}
