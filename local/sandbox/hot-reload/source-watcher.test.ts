import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchSources } from './source-watcher.js';

describe('watchSources', () => {
  const root = mkdtempSync(join(tmpdir(), 'watch-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports a burst of edits once, with the kinds of folder that changed, nested files included', async () => {
    mkdirSync(join(root, 'schema'));
    mkdirSync(join(root, 'resolvers/Query.thing'), { recursive: true });
    const reports: Array<{ kinds: string[]; files: string[] }> = [];
    const watcher = watchSources({
      folders: [{ kind: 'schema', path: join(root, 'schema') }, { kind: 'resolvers', path: join(root, 'resolvers') }],
      onChange: (kinds, files) => reports.push({ kinds: [...kinds].sort(), files }),
      debounceMs: 50,
    });
    try {
      writeFileSync(join(root, 'schema/a.graphql'), 'type Query { a: String }');
      writeFileSync(join(root, 'resolvers/Query.thing/01.step.none.ts'), 'export {}');
      writeFileSync(join(root, 'resolvers/.#lock'), '');
      for (let waited = 0; reports.length === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      // Longer than the quiet period: a second report would have come by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(reports).toHaveLength(1);
      expect(reports[0]?.kinds).toEqual(['resolvers', 'schema']);
      expect(reports[0]?.files).toContain(join(root, 'resolvers/Query.thing/01.step.none.ts'));
      expect(reports[0]?.files.some((file) => file.endsWith('.#lock'))).toBe(false);
    } finally {
      watcher.close();
    }
  });
});
