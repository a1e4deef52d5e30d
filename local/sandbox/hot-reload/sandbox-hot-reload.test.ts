// Hot reload on a sandbox of its own, watching COPIES of schema/, resolvers/ and functions/
// (the repository's files are never touched): a new schema field with its resolver, a resolver
// edit, a broken resolver (the previous version keeps serving; the log names file and line), and
// a Lambda function's edit (only that function is rebuilt).
// It needs no shared sandbox, so it lives in the unit project, whose files run side by side
// (the integration project's run one at a time).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../start-sandbox.js';

const root = resolve(`.sandbox/hot-reload-${process.pid}`);
const dirs = { schemaDir: join(root, 'schema'), resolversDir: join(root, 'resolvers'), functionsDir: join(root, 'functions') };
const probeResolver = join(dirs.resolversDir, 'Query.hotReloadProbe.none.ts');
const lambdaProbeResolver = join(dirs.resolversDir, 'Query.hotReloadLambda.chatPurgeFunction.ts');
const lambdaProbeSource = `import type { Context, LambdaRequest } from '@aws-appsync/utils';

export function request(_ctx: Context): LambdaRequest {
  return { operation: 'Invoke', payload: { probe: true } };
}

export function response(ctx: Context) {
  return ctx.result as string;
}
`;

const resolverAnswering = (answer: string) => `import type { Context } from '@aws-appsync/utils';

export function request(_ctx: Context) {
  return { payload: '${answer}' };
}

export function response(ctx: Context) {
  return ctx.result as string;
}
`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 150; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what} did not happen; last: ${JSON.stringify(last)}`);
}

describe('hot reload', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];

  beforeAll(async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    for (const folder of ['schema', 'resolvers', 'functions']) cpSync(resolve(folder), join(root, folder), { recursive: true });
    sandbox = await startSandbox({ stateDir: join(root, 'state'), port: 0, watch: true, sourceDirs: dirs, log: (line) => logLines.push(line) });
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const query = async (field: 'hotReloadProbe' | 'hotReloadLambda') => {
    const response = await fetch(sandbox.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sandbox.apiKey },
      body: JSON.stringify({ query: `{ ${field} }` }),
    });
    return (await response.json()) as { data?: Record<string, string | null> | null; errors?: Array<{ message: string }> };
  };
  const probe = () => query('hotReloadProbe');

  it('serves a field added to the schema with its resolver, then a resolver edit, without a restart', async () => {
    expect((await probe()).errors?.[0]?.message).toMatch(/hotReloadProbe/);
    writeFileSync(probeResolver, resolverAnswering('first'));
    writeFileSync(lambdaProbeResolver, lambdaProbeSource);
    writeFileSync(join(dirs.schemaDir, 'hot-reload-probe.graphql'), 'extend type Query {\n  hotReloadProbe: String @aws_api_key\n  hotReloadLambda: String @aws_api_key\n}\n');
    await until(probe, (body) => body.data?.hotReloadProbe === 'first', 'the new field');

    writeFileSync(probeResolver, resolverAnswering('second'));
    await until(probe, (body) => body.data?.hotReloadProbe === 'second', 'the resolver edit');
    expect(logLines.some((line) => /^hot reload: (schema and resolvers|resolvers and schema|resolvers) reloaded in \d+ ms$/.test(line))).toBe(true);
  }, 60_000);

  it('keeps serving the previous version when the new code would be rejected, and says where', async () => {
    const broken = resolverAnswering('third').replace("return { payload: 'third' };", "try {\n    return { payload: 'third' };\n  } catch (e) {\n    return null;\n  }");
    writeFileSync(probeResolver, broken);
    await until(async () => logLines.join('\n'), (log) => log.includes('not applied'), 'the refusal');
    const refusal = logLines.find((line) => line.includes('not applied')) ?? '';
    expect(refusal).toMatch(/Query\.hotReloadProbe\.none\.ts:\d+:\d+: .*try/);
    expect((await probe()).data?.hotReloadProbe).toBe('second');
  }, 60_000);

  it("runs a Lambda function's edited source on the next invocation, rebuilding that function alone", async () => {
    // The original chat-purge handler rejects the probe's payload.
    expect((await query('hotReloadLambda')).data?.hotReloadLambda).toBeNull();
    writeFileSync(join(dirs.functionsDir, 'chat-purge/handler.ts'), "export const handler = async (event: { probe?: boolean }) => (event.probe ? 'edited' : 'unexpected');\n");
    await until(() => query('hotReloadLambda'), (body) => body.data?.hotReloadLambda === 'edited', 'the function edit');
    expect(logLines.filter((line) => line.startsWith('hot reload: functions'))).toEqual([expect.stringMatching(/^hot reload: functions chat-purge reloaded in \d+ ms$/)]);
  }, 60_000);
});
