// Hot reload: the time from saving a file to the running sandbox serving the change, for a
// resolver edit, a schema edit (a new field with its resolver) and a function edit, on a sandbox
// watching copies of schema/, resolvers/ and functions/. Median of RUNS edits each; target 2 s.
// For a function edit "served" means the runner has switched to the new bundle (the reload's log
// line): the next invocation runs the new code.
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

async function query(sandbox: Sandbox, field: string): Promise<unknown> {
  const response = await fetch(sandbox.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sandbox.apiKey },
    body: JSON.stringify({ query: `{ ${field} }` }),
  });
  return ((await response.json()) as { data?: Record<string, unknown> | null }).data?.[field];
}

/** Milliseconds from `edit()` until `served()` holds (polled every 10 ms). */
async function timeEdit(edit: () => void, served: () => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  edit();
  while (!(await served())) {
    if (performance.now() - started > 30_000) throw new Error('the edit was not served within 30 s');
    await sleep(10);
  }
  return performance.now() - started;
}

export async function runHotReloadBenchmark(): Promise<void> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const folder of ['schema', 'resolvers', 'functions']) cpSync(resolve(folder), join(root, folder), { recursive: true });
  const logLines: string[] = [];
  const sandbox = await startSandbox({ stateDir: join(root, 'state'), port: 0, watch: true, sourceDirs: dirs, log: (line) => logLines.push(line) });
  try {
    const samples: Record<'resolver' | 'schema' | 'function', number[]> = { resolver: [], schema: [], function: [] };
    const probe = join(dirs.resolversDir, 'Query.benchProbe.none.ts');
    writeFileSync(probe, resolverAnswering('v0'));
    writeFileSync(join(dirs.schemaDir, 'bench-probe.graphql'), 'extend type Query {\n  benchProbe: String @aws_api_key\n}\n');
    await timeEdit(() => undefined, async () => (await query(sandbox, 'benchProbe')) === 'v0');
    // Not timed: the first edit may wait for the build the watcher starts with.
    const functionSource = join(dirs.functionsDir, 'chat-purge/handler.ts');
    const original = readFileSync(functionSource, 'utf8');
    const reloadsOfFunctions = () => logLines.filter((line) => /^hot reload: .*ChatPurgeFunction.* reloaded/.test(line)).length;
    appendFileSync(functionSource, '\nexport const benchWarmUp = 0;\n');
    await timeEdit(() => undefined, () => reloadsOfFunctions() >= 1);

    for (let run = 1; run <= RUNS; run += 1) {
      samples.resolver.push(await timeEdit(() => writeFileSync(probe, resolverAnswering(`v${run}`)), async () => (await query(sandbox, 'benchProbe')) === `v${run}`));
      const field = `benchField${run}`;
      samples.schema.push(await timeEdit(() => {
        writeFileSync(join(dirs.resolversDir, `Query.${field}.none.ts`), resolverAnswering(field));
        writeFileSync(join(dirs.schemaDir, `bench-${field}.graphql`), `extend type Query {\n  ${field}: String @aws_api_key\n}\n`);
      }, async () => (await query(sandbox, field)) === field));
      const before = reloadsOfFunctions();
      samples.function.push(await timeEdit(() => writeFileSync(functionSource, `${original}\nexport const benchRun = ${run};\n`), () => reloadsOfFunctions() > before));
      await sandbox.hotReload?.whenIdle();
    }

    const median = (values: number[]) => round(percentile(values, 50));
    const result = {
      name: 'hot-reload',
      measuredAt: new Date().toISOString(),
      node: process.version,
      config: { runs: RUNS, targetMs: TARGET_MS },
      medianMs: { resolver: median(samples.resolver), schema: median(samples.schema), function: median(samples.function) },
      worstMs: { resolver: round(Math.max(...samples.resolver)), schema: round(Math.max(...samples.schema)), function: round(Math.max(...samples.function)) },
      samplesMs: Object.fromEntries(Object.entries(samples).map(([kind, values]) => [kind, values.map((value) => round(value))])),
    };
    printTable('Hot reload: save to served (ms)', (['resolver', 'schema', 'function'] as const).map((kind) => ({
      edit: kind,
      median: result.medianMs[kind],
      worst: result.worstMs[kind],
      target: `< ${TARGET_MS}`,
      met: result.worstMs[kind] < TARGET_MS ? 'yes' : 'no',
    })));
    console.log(`written to ${writeResult('hot-reload', result)}`);
  } finally {
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
}
