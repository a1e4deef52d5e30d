// Hot reload: the time from saving a file to the running sandbox serving the change, polled
// through the API (every 10 ms) on a sandbox watching copies of schema/, resolvers/ and
// functions/. Edits: a resolver, the schema (a new field with its resolver), a function's own
// source, and a file every function imports (functions/shared/logger.ts: all the bundles are
// rebuilt before the changed one is served). Median of RUNS edits each; target 2 s. Also the
// slowest answer to those polls while the edit was being applied: the sandbox keeps serving
// during a reload (its synth runs in a worker thread), so it stays far below the reload time.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox, type Sandbox } from '../local/sandbox/start-sandbox.js';
import { percentile, printTable, round, writeResult } from './lib/report.js';

const RUNS = 5;
const TARGET_MS = 2000;
const root = resolve(`.sandbox/bench-hot-reload-${process.pid}`);
const dirs = { schemaDir: join(root, 'schema'), resolversDir: join(root, 'resolvers'), functionsDir: join(root, 'functions') };

const resolverAnswering = (answer: string) =>
  `import type { Context } from '@aws-appsync/utils';\nexport function request(_ctx: Context) {\n  return { payload: '${answer}' };\n}\nexport function response(ctx: Context) {\n  return ctx.result as string;\n}\n`;
/** Answers with the chat-purge function's result: `<handler version>/<shared version>`. */
const LAMBDA_PROBE_RESOLVER = `import type { Context, LambdaRequest } from '@aws-appsync/utils';\nexport function request(_ctx: Context): LambdaRequest {\n  return { operation: 'Invoke', payload: {} };\n}\nexport function response(ctx: Context) {\n  return ctx.result as string;\n}\n`;
const probeHandler = (version: string) =>
  `import { benchShared } from '../shared/logger.js';\nexport const handler = async (): Promise<string> => \`${version}/\${benchShared}\`;\n`;

async function query(sandbox: Sandbox, field: string): Promise<unknown> {
  const response = await fetch(sandbox.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sandbox.apiKey },
    body: JSON.stringify({ query: `{ ${field} }` }),
  });
  return ((await response.json()) as { data?: Record<string, unknown> | null }).data?.[field];
}

/** The slowest poll answer of every timed edit, by kind of edit. */
const slowestPolls: Record<string, number[]> = {};

/** Milliseconds from `edit()` until `served()` holds; the slowest poll goes to slowestPolls[kind]. */
async function timeEdit(edit: () => void, served: () => Promise<boolean>, kind?: string): Promise<number> {
  const started = performance.now();
  let slowest = 0;
  edit();
  for (;;) {
    const polled = performance.now();
    const done = await served();
    slowest = Math.max(slowest, performance.now() - polled);
    if (done) break;
    if (performance.now() - started > 30_000) throw new Error('the edit was not served within 30 s');
    await sleep(10);
  }
  if (kind) (slowestPolls[kind] ??= []).push(slowest);
  return performance.now() - started;
}

export async function runHotReloadBenchmark(): Promise<void> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const folder of ['schema', 'resolvers', 'functions']) cpSync(resolve(folder), join(root, folder), { recursive: true });
  const sandbox = await startSandbox({ stateDir: join(root, 'state'), port: 0, watch: true, sourceDirs: dirs, log: () => undefined });
  try {
    const kinds = ['resolver', 'schema', 'function', 'shared'] as const;
    const samples: Record<(typeof kinds)[number], number[]> = { resolver: [], schema: [], function: [], shared: [] };
    const probe = join(dirs.resolversDir, 'Query.benchProbe.none.ts');
    const handler = join(dirs.functionsDir, 'chat-purge/handler.ts');
    const shared = join(dirs.functionsDir, 'shared/logger.ts');
    const loggerSource = readFileSync(shared, 'utf8');
    const withShared = (version: number) => `${loggerSource}\nexport const benchShared = 's${version}';\n`;
    const lambdaAnswers = (expected: string) => async () => (await query(sandbox, 'benchLambda')) === expected;

    // Not timed: the probes' first version.
    await timeEdit(() => {
      writeFileSync(probe, resolverAnswering('v0'));
      writeFileSync(join(dirs.resolversDir, 'Query.benchLambda.chatPurgeFunction.ts'), LAMBDA_PROBE_RESOLVER);
      writeFileSync(join(dirs.schemaDir, 'bench-probe.graphql'), 'extend type Query {\n  benchProbe: String @aws_api_key\n  benchLambda: String @aws_api_key\n}\n');
      writeFileSync(shared, withShared(0));
      writeFileSync(handler, probeHandler('h0'));
    }, lambdaAnswers('h0/s0'));

    for (let run = 1; run <= RUNS; run += 1) {
      samples.resolver.push(await timeEdit(() => writeFileSync(probe, resolverAnswering(`v${run}`)), async () => (await query(sandbox, 'benchProbe')) === `v${run}`, 'resolver'));
      const field = `benchField${run}`;
      samples.schema.push(await timeEdit(() => {
        writeFileSync(join(dirs.resolversDir, `Query.${field}.none.ts`), resolverAnswering(field));
        writeFileSync(join(dirs.schemaDir, `bench-${field}.graphql`), `extend type Query {\n  ${field}: String @aws_api_key\n}\n`);
      }, async () => (await query(sandbox, field)) === field, 'schema'));
      samples.function.push(await timeEdit(() => writeFileSync(handler, probeHandler(`h${run}`)), lambdaAnswers(`h${run}/s${run - 1}`), 'function'));
      samples.shared.push(await timeEdit(() => writeFileSync(shared, withShared(run)), lambdaAnswers(`h${run}/s${run}`), 'shared'));
      // The shared edit rebuilt every bundle; the next edit starts from quiet.
      await sandbox.hotReload?.whenIdle();
    }

    const median = (values: number[]) => round(percentile(values, 50));
    const label: Record<(typeof kinds)[number], string> = {
      resolver: 'a resolver',
      schema: 'the schema (a new field and its resolver)',
      function: "a Lambda function's own source",
      shared: 'functions/shared/logger.ts (all 7 bundles rebuilt)',
    };
    const result = {
      config: { runs: RUNS, targetMs: TARGET_MS },
      medianMs: Object.fromEntries(kinds.map((kind) => [kind, median(samples[kind])])),
      worstMs: Object.fromEntries(kinds.map((kind) => [kind, round(Math.max(...samples[kind]))])),
      samplesMs: Object.fromEntries(kinds.map((kind) => [kind, samples[kind].map((value) => round(value))])),
      slowestPollMs: Object.fromEntries(kinds.map((kind) => [kind, round(Math.max(...(slowestPolls[kind] ?? [0])))])),
    };
    printTable('Hot reload: save to served (ms)', kinds.map((kind) => ({
      edit: label[kind],
      median: median(samples[kind]),
      worst: round(Math.max(...samples[kind])),
      target: `< ${TARGET_MS}`,
      'median met': median(samples[kind]) < TARGET_MS ? 'yes' : 'no',
      'slowest poll answer meanwhile': round(Math.max(...(slowestPolls[kind] ?? [0]))),
    })));
    console.log(`written to ${writeResult('hot-reload', result)}`);
  } finally {
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
}
