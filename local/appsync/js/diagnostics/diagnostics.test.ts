// A runtime error in a resolver is logged with its TypeScript file and line (through the bundle's
// inline source map, as infra bundles resolvers), a code frame and the evaluated ctx, whose
// strings are hidden unless values are switched on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleResolverCode } from '../../../../infra/resolvers/bundle.js';
import { createResolverEngine } from '../index.js';
import { apiWith, invocationOf, offlineServices } from '../test-support/api-fixture.js';

const SOURCE = `import type { Context } from '@aws-appsync/utils';

type Args = { prompt: string };

export function request(ctx: Context<Args>) {
  ctx.stash.step = 'validated';
  const missing = (ctx.args as unknown as { options: { depth: number } }).options.depth;
  return { payload: missing };
}

export function response(ctx: Context) {
  return ctx.result;
}
`;

describe('resolver error diagnostics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-diagnostics-'));
  const file = join(dir, 'Query.ask.ts');
  writeFileSync(file, SOURCE);
  const code = bundleResolverCode(file, { resolversDir: dir, repoRoot: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (logValues: boolean) => {
    const lines: string[] = [];
    const api = apiWith({ resolvers: [{ typeName: 'Query', fieldName: 'ask', kind: 'UNIT', code, dataSourceName: 'none', sourceName: file }] });
    const engine = createResolverEngine(api, offlineServices, { log: (line) => lines.push(line), logValues });
    const result = await engine.resolveField(invocationOf('Query', 'ask', { prompt: 'my secret prompt', count: 3 }));
    engine.close();
    return { result, log: lines.join('\n') };
  };

  it('names the source file and line, shows the line, and the ctx with strings hidden by default', async () => {
    const { result, log } = await run(false);
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'Code', message: expect.stringContaining(`${file}:7:`) })]);
    expect(log).toContain(`at ${file}:7:`);
    expect(log).toContain("> 7 |   const missing = (ctx.args as unknown as { options: { depth: number } }).options.depth;");
    expect(log).toContain('arguments: {"prompt":"<string, 16 chars>","count":3}');
    expect(log).toContain('stash: {"step":"<string, 9 chars>"}');
    expect(log).toContain('identity: {"sub":"user-1","username":"alice"');
    expect(log).not.toContain('my secret prompt');
  });

  it('shows the strings when values are switched on', async () => {
    const { log } = await run(true);
    expect(log).toContain('arguments: {"prompt":"my secret prompt","count":3}');
  });
});
