import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (beside the code, with fakes) and integration
// tests that run against one shared sandbox started by the global setup.
export default defineConfig({
  test: {
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI machine.
    // The tests mostly wait on servers (DynamoDB Local, the sandbox), so three overlap well.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{resolvers,functions,infra,local,client,bench}/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          environment: 'node',
          // One DynamoDB Local shared by the files that need one (a JVM per file cost seconds each).
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          // The playground's end-to-end tests (headless Chromium) share this project's sandbox:
          // a second sandbox would cost ~25 s of a 2-core machine.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-sandbox.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // One worker runs the files one after another anyway: reusing it (and its loaded
          // modules: the client, ws, graphql) saves each file's imports.
          isolate: false,
          // Runs after the unit project (a non-isolated single-worker project needs its own group).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
