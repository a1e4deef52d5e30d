import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startHotReload, type HotReloadOptions } from './index.js';

describe('startHotReload', () => {
  const root = mkdtempSync(join(tmpdir(), 'hot-reload-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reloads the API on a schema edit, and only reports an edit in a folder read at start', async () => {
    for (const folder of ['schema', 'resolvers', 'functions', 'infra']) mkdirSync(join(root, folder));
    const reloads: string[] = [];
    const logs: string[] = [];
    const options: HotReloadOptions = {
      folders: { schema: join(root, 'schema'), resolvers: join(root, 'resolvers'), functions: join(root, 'functions') },
      restartOnly: { 'infra/': join(root, 'infra') },
      api: { reload: (reason: string) => (reloads.push(reason), Promise.resolve({ ok: true, ms: 1 })), close: () => undefined },
      functions: {
        list: [],
        builder: { close: () => Promise.resolve() } as unknown as HotReloadOptions['functions']['builder'],
        apply: () => undefined,
      },
      log: (line) => logs.push(line),
    };
    const hotReload = startHotReload(options);
    const waitFor = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 5000; waited += 50) await sleep(50);
    };
    try {
      writeFileSync(join(root, 'infra/stack.ts'), 'export {}');
      await waitFor(() => logs.length > 0);
      await hotReload.whenIdle();
      expect(reloads).toEqual([]);
      expect(logs).toEqual(['hot reload: infra/ changed (stack.ts); the sandbox builds its tables, functions and API from it only when it starts: restart `npm start` to apply it']);

      writeFileSync(join(root, 'schema/extra.graphql'), 'type Query { a: String }');
      await waitFor(() => reloads.length > 0);
      await hotReload.whenIdle();
      expect(reloads).toEqual(['schema']);
    } finally {
      hotReload.close();
    }
  });
});
