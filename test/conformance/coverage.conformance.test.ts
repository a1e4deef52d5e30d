// The suite's coverage of the declared surface: every function @aws-appsync/utils declares
// must be implemented by the local runtime, and the report says how many of them the
// documented examples exercise ("N of M functions covered"), page by page.
import { describe, expect, it } from 'vitest';
import { evaluateCode } from '../../local/appsync/js/index.js';
import { APPSYNC_JS_MODULES } from '../../local/appsync/js/runtime/modules.js';
import { REFERENCE_PAGES } from './pages/index.js';
import { apiCallsIn } from './support/api-calls.js';
import { declaredSurface } from './support/declared-surface.js';

const utils = APPSYNC_JS_MODULES['@aws-appsync/utils'] as Record<string, unknown>;
const NAMESPACE_ROOTS: Record<string, unknown> = {
  util: utils.util, extensions: utils.extensions, runtime: utils.runtime,
  dynamodb: APPSYNC_JS_MODULES['@aws-appsync/utils/dynamodb'],
  rds: APPSYNC_JS_MODULES['@aws-appsync/utils/rds'],
  ai: APPSYNC_JS_MODULES['@aws-appsync/utils/ai'],
};

/** The runtime's function for a dotted name such as 'util.time.nowFormatted', if any. */
function implementationOf(name: string): unknown {
  const [root = '', ...path] = name.split('.');
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), NAMESPACE_ROOTS[root]);
}

const exercisedBy = (cases: typeof REFERENCE_PAGES[number]['cases']): Set<string> =>
  new Set(cases.filter((c) => !c.gap).flatMap((c) => apiCallsIn(c.code)));

/** Which modules the engine's own loader (and so evaluateCode) lets resolver code import. */
function modulesEvaluateCodeLoads(): string[] {
  return Object.keys(APPSYNC_JS_MODULES).filter((specifier) => {
    const run = evaluateCode({ code: `import * as m from '${specifier}';\nexport function request() { return Object.keys(m).length; }`, function: 'request', context: { arguments: {} } });
    return run.error === undefined;
  });
}

describe('APPSYNC_JS surface coverage (declared in node_modules/@aws-appsync/utils/**/*.d.ts)', () => {
  const declared = declaredSurface();

  it('reads a plausible surface from the declarations', () => {
    expect(declared.length).toBeGreaterThan(90);
    expect(declared).toEqual(expect.arrayContaining(['util.time.nowFormatted', 'dynamodb.operations.increment', 'rds.typeHint.JSON', 'ai.converse', 'runtime.earlyReturn']));
  });

  it('implements every declared function', () => {
    const missing = declared.filter((name) => typeof implementationOf(name) !== 'function');
    expect(missing).toEqual([]);
  });

  it('only calls implemented functions in its examples', () => {
    const calls = new Set(REFERENCE_PAGES.flatMap((page) => page.cases.flatMap((c) => apiCallsIn(c.code))));
    expect([...calls].filter((name) => typeof implementationOf(name) !== 'function')).toEqual([]);
  });

  it('reports how many declared functions the documented examples cover', () => {
    const exercised = exercisedBy(REFERENCE_PAGES.flatMap((page) => page.cases));
    const covered = declared.filter((name) => exercised.has(name));
    const uncovered = declared.filter((name) => !exercised.has(name));
    const cases = REFERENCE_PAGES.flatMap((page) => page.cases);
    const lines = [
      `APPSYNC_JS conformance: ${covered.length} of ${declared.length} functions covered`,
      `  ${REFERENCE_PAGES.length} reference pages, ${cases.length} documented examples, ${cases.filter((c) => c.gap).length} known gaps`,
      `  evaluateCode can import: ${modulesEvaluateCodeLoads().join(', ')} (cases importing other modules run in process)`,
      ...REFERENCE_PAGES.map((page) => {
        const onPage = declared.filter((name) => exercisedBy(page.cases).has(name));
        return `  ${page.title}: ${page.cases.length} examples, ${onPage.length} declared functions (${page.url})`;
      }),
      `  not covered: ${uncovered.length === 0 ? 'none' : uncovered.join(', ')}`,
      ...cases.filter((c) => c.gap).map((c) => `  known gap: ${c.gap}`),
    ];
    console.log(lines.join('\n'));
    expect(covered.length + uncovered.length).toBe(declared.length);
    expect(covered.length).toBeGreaterThan(0);
  });
});
