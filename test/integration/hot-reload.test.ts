// Hot reload on the shared sandbox, which serves and watches COPIES of schema/, resolvers/ and
// functions/ (the repository's files are never touched): a new schema field with its resolver, a
// resolver edit, a broken resolver (the previous version keeps serving; the log names file and
// line), and a Lambda function's edit (only that function is rebuilt). Every edit is undone at
// the end, so the files after this one meet the API as it was.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox as testSandbox } from '../support/sandbox-context.js';

const sandbox = testSandbox();
const dirs = sandbox.sourceDirs;
const probeSchema = join(dirs.schemaDir, 'hot-reload-probe.graphql');
const purgeHandler = join(dirs.functionsDir, 'chat-purge/handler.ts');
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
  let logOffset = 0;
  let originalPurgeHandler = '';
  /** What the sandbox logged since this file started (one entry per log call). */
  const logLines = () =>
    existsSync(sandbox.logFile)
      ? readFileSync(sandbox.logFile, 'utf8').slice(logOffset).split('\n').filter(Boolean).map((line) => JSON.parse(line) as string)
      : [];

  beforeAll(() => {
    logOffset = existsSync(sandbox.logFile) ? readFileSync(sandbox.logFile, 'utf8').length : 0;
    originalPurgeHandler = readFileSync(purgeHandler, 'utf8');
  });
  afterAll(async () => {
    writeFileSync(purgeHandler, originalPurgeHandler);
    rmSync(probeResolver, { force: true });
    rmSync(lambdaProbeResolver, { force: true });
    rmSync(probeSchema, { force: true });
    // Back to the API and the function the other files expect.
    await until(probe, (body) => body.errors?.[0]?.message.includes('hotReloadProbe') === true, 'the probe field to go');
    await until(async () => logLines().filter((line) => line.startsWith('hot reload: functions')).length, (count) => count >= 2, 'chat-purge to be restored');
  }, 60_000);

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
    writeFileSync(probeSchema, 'extend type Query {\n  hotReloadProbe: String @aws_api_key\n  hotReloadLambda: String @aws_api_key\n}\n');
    await until(probe, (body) => body.data?.hotReloadProbe === 'first', 'the new field');

    writeFileSync(probeResolver, resolverAnswering('second'));
    await until(probe, (body) => body.data?.hotReloadProbe === 'second', 'the resolver edit');
    expect(logLines().some((line) => /^hot reload: (schema and resolvers|resolvers and schema|resolvers) reloaded in \d+ ms$/.test(line))).toBe(true);
  }, 60_000);

  it('keeps serving the previous version when the new code would be rejected, and says where', async () => {
    const broken = resolverAnswering('third').replace("return { payload: 'third' };", "try {\n    return { payload: 'third' };\n  } catch (e) {\n    return null;\n  }");
    writeFileSync(probeResolver, broken);
    await until(async () => logLines().join('\n'), (log) => log.includes('not applied'), 'the refusal');
    const refusal = logLines().find((line) => line.includes('not applied')) ?? '';
    expect(refusal).toMatch(/Query\.hotReloadProbe\.none\.ts:\d+:\d+: .*try/);
    expect((await probe()).data?.hotReloadProbe).toBe('second');

    // A schema syntax error (the synth runs in a worker thread): refused with the file, line and column.
    const schema = readFileSync(probeSchema, 'utf8');
    writeFileSync(probeSchema, schema.replace('hotReloadProbe: String', 'hotReloadProbe(: String'));
    await until(async () => logLines().filter((line) => line.includes('not applied')).length, (count) => count >= 2, 'the schema refusal');
    expect(logLines().filter((line) => line.includes('not applied'))[1]).toMatch(/schema\/hot-reload-probe\.graphql:2:18: Syntax Error/);
    expect((await probe()).data?.hotReloadProbe).toBe('second');
    writeFileSync(probeSchema, schema);
  }, 60_000);

  it("runs a Lambda function's edited source on the next invocation, rebuilding that function alone", async () => {
    // The original chat-purge handler rejects the probe's payload.
    expect((await query('hotReloadLambda')).data?.hotReloadLambda).toBeNull();
    writeFileSync(purgeHandler, "export const handler = async (event: { probe?: boolean }) => (event.probe ? 'edited' : 'unexpected');\n");
    await until(() => query('hotReloadLambda'), (body) => body.data?.hotReloadLambda === 'edited', 'the function edit');
    expect(logLines().filter((line) => line.startsWith('hot reload: functions'))).toEqual([expect.stringMatching(/^hot reload: functions chat-purge reloaded in \d+ ms$/)]);
  }, 60_000);
});
