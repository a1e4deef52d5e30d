// A resolver that fails is logged with its TypeScript file and line (through the inline source
// map infra/resolvers/bundle.ts puts in the bundle), the calls inside the resolver's code, a code
// frame, what the client gets, and the evaluated ctx, whose strings are hidden unless values are
// switched on. Code AppSync would refuse is refused with the TypeScript line, not the bundle's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleResolverCode } from '../../../../infra/resolvers/bundle.js';
import type { FieldInvocation } from '../../types.js';
import { CodeLoadError } from '../errors.js';
import { createResolverEngine } from '../index.js';
import { apiWith, invocationOf, offlineServices } from '../test-support/api-fixture.js';
import { inlineSourceMap, SourcePositions } from './source-frames.js';

const HELPER = `import { util } from '@aws-appsync/utils';

export function requireTitle(title: string | undefined): string {
  if (!title) {
    util.error('A title is required', 'ValidationError');
  }
  return title as string;
}
`;

// Line 8 reads a missing object (TypeError); line 9 calls the helper (util.error on line 5 there).
const INTAKE = `import type { Context } from '@aws-appsync/utils';
import { requireTitle } from '../lib/checks';

type Args = { input: { title?: string; prompt: string; options?: { depth: number } } };

export function request(ctx: Context<Args>) {
  ctx.stash.step = 'intake';
  const depth = ctx.args.input.options!.depth;
  return { payload: { depth, title: requireTitle(ctx.args.input.title) } };
}

export function response(ctx: Context<Args>) {
  return ctx.result;
}
`;

// Line 5 is what APPSYNC_JS refuses.
const REFUSED = `import type { Context } from '@aws-appsync/utils';

export function request(ctx: Context) {
  const value = ctx.args.value as string;
  try {
    return { payload: JSON.parse(value) };
  } catch (e) {
    return { payload: null };
  }
}

export function response(ctx: Context) {
  return ctx.result;
}
`;

const SECRET_PROMPT = 'my secret prompt about the spring campaign';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

describe('resolver error diagnostics', () => {
  const root = mkdtempSync(join(tmpdir(), 'appsync-diagnostics-'));
  const resolversDir = join(root, 'resolvers');
  mkdirSync(join(resolversDir, 'lib'), { recursive: true });
  mkdirSync(join(resolversDir, 'Mutation.createAdvert'));
  const helperFile = join(resolversDir, 'lib', 'checks.ts');
  const intakeFile = join(resolversDir, 'Mutation.createAdvert', '01.intake.ts');
  const refusedFile = join(resolversDir, 'Query.refused.ts');
  writeFileSync(helperFile, HELPER);
  writeFileSync(intakeFile, INTAKE);
  writeFileSync(refusedFile, REFUSED);
  const bundle = (file: string) => bundleResolverCode(file, { resolversDir, repoRoot: root });
  const intakeCode = bundle(intakeFile);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const api = apiWith({
    functions: [{ name: 'intake', dataSourceName: 'none', code: intakeCode, sourceName: intakeFile }],
    resolvers: [{
      typeName: 'Mutation', fieldName: 'createAdvert', kind: 'PIPELINE', functions: ['intake'],
      code: 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.prev.result; }',
    }],
  });

  const invocation = (input: Record<string, unknown>): FieldInvocation => {
    const base = invocationOf('Mutation', 'createAdvert', { input });
    return {
      ...base,
      auth: {
        authenticationType: 'AMAZON_COGNITO_USER_POOLS',
        identity: {
          sub: 'user-1', issuer: 'https://issuer', username: 'alice', claims: { sub: 'user-1', token_use: 'id', jwt: JWT },
          sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: ['editors'],
        },
      },
      request: { headers: { authorization: JWT, 'content-type': 'application/json' }, domainName: null },
    };
  };

  const run = async (input: Record<string, unknown>, logValues: boolean) => {
    const lines: string[] = [];
    const engine = createResolverEngine(api, offlineServices, { log: (line) => lines.push(line), logValues });
    try {
      const result = await engine.resolveField(invocation(input));
      return { result, log: lines.join('\n') };
    } finally {
      engine.close();
    }
  };

  it('maps a TypeError to its TypeScript line and shows the line, the client error and the ctx', async () => {
    const { result, log } = await run({ prompt: SECRET_PROMPT, title: 'Spring' }, false);
    expect(result.errors).toEqual([{ errorType: 'Code', message: expect.stringMatching(new RegExp(`^${intakeFile}:8:\\d+: TypeError: `)) as unknown }]);
    expect(log).toMatch(new RegExp(`^\\[appsync-js\\] Mutation\\.createAdvert function intake request at ${intakeFile}:8:\\d+ threw TypeError: `));
    expect(log).toContain('    >  8 |   const depth = ctx.args.input.options!.depth;');
    expect(log).toContain(`  returned to the client: errorType "Code", message "${intakeFile}:8:`);
    expect(log).toContain('    info: {"parentTypeName":"Mutation","fieldName":"createAdvert"}');
    expect(log).toContain('    arguments: {"input":{"prompt":"<string, 42 chars>","title":"<string, 6 chars>"}}');
    expect(log).toContain('    stash: {"step":"<string, 6 chars>"}');
    expect(log).toContain('    identity: {"authType":"AMAZON_COGNITO_USER_POOLS","sub":"user-1","username":"alice","groups":["editors"]}');
    expect(log).toContain('    request.headers: ["authorization","content-type"]');
  });

  it('follows util.error into a resolvers/lib helper and back to the handler that called it', async () => {
    const { result, log } = await run({ prompt: SECRET_PROMPT, options: { depth: 2 } }, false);
    expect(result.errors).toEqual([{ errorType: 'ValidationError', message: 'A title is required' }]);
    expect(log).toMatch(new RegExp(`^\\[appsync-js\\] Mutation\\.createAdvert function intake request at ${helperFile}:5:\\d+ raised an error \\(util\\.error\\)\\n`));
    expect(log).toMatch(new RegExp(`\\n  at requireTitle \\(${helperFile}:5:\\d+\\)\\n  at request \\(${intakeFile}:9:\\d+\\)\\n`));
    expect(log).toContain("    > 5 |     util.error('A title is required', 'ValidationError');");
    expect(log).toContain('  returned to the client: errorType "ValidationError", message "A title is required"');
    expect(log).toContain('"options":{"depth":2}');
  });

  it('never prints a string of ctx by default, nor tokens in either mode; values on demand', async () => {
    const hidden = await run({ prompt: SECRET_PROMPT, title: 'Spring' }, false);
    expect(hidden.log).toContain('ctx (strings hidden; SANDBOX_LOG_VALUES=1 shows them):');
    expect(hidden.log).not.toContain(SECRET_PROMPT);
    expect(hidden.log).not.toContain('Spring');
    const shown = await run({ prompt: SECRET_PROMPT, title: 'Spring' }, true);
    expect(shown.log).toContain(`    arguments: {"input":{"prompt":"${SECRET_PROMPT}","title":"Spring"}}`);
    for (const { log } of [hidden, shown]) expect(log).not.toContain(JWT.slice(0, 20));
  });

  it('refuses unsupported syntax naming the TypeScript line, not the bundle line', () => {
    const code = bundle(refusedFile);
    expect(code.split('\n').findIndex((line) => line.includes('try {')) + 1).not.toBe(5);
    const load = () => createResolverEngine(
      apiWith({ resolvers: [{ typeName: 'Query', fieldName: 'refused', kind: 'UNIT', dataSourceName: 'none', code, sourceName: refusedFile }] }),
      offlineServices,
      { log: () => undefined },
    );
    expect(load).toThrow(CodeLoadError);
    expect(load).toThrow(`${refusedFile}:5:3: 'try' statements are not supported`);
  });

  it('names files as the template does (relative to the repository) when the code is named that way', () => {
    const positions = new SourcePositions(inlineSourceMap(intakeCode) ?? { version: 3, sources: [], mappings: '' } as never, 'resolvers/Mutation.createAdvert/01.intake.ts', root);
    const lines = intakeCode.split('\n');
    const depthLine = lines.findIndex((line) => line.includes('const depth')) + 1;
    const titleLine = lines.findIndex((line) => line.includes('"A title is required"')) + 1;
    const column = (line: number, text: string) => (lines[line - 1] ?? '').indexOf(text) + 1;
    expect(positions.at(depthLine, column(depthLine, 'const'))).toMatchObject({ file: 'resolvers/Mutation.createAdvert/01.intake.ts', path: intakeFile, line: 8 });
    expect(positions.at(titleLine, column(titleLine, 'util'))).toMatchObject({ file: 'resolvers/lib/checks.ts', path: helperFile, line: 5 });
  });
});
