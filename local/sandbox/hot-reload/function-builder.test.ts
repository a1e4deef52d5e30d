// A function edit reaches the Lambda runner: the builder rebuilds with the stack's bundling
// settings, reports only bundles that changed, and the runner runs the new code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaRunner } from '../../lambda/index.js';
import { FunctionBuilder } from './function-builder.js';

describe('FunctionBuilder with the Lambda runner', () => {
  const root = mkdtempSync(join(tmpdir(), 'hot-functions-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const writeHandler = (greeting: string) => {
    mkdirSync(join(root, 'functions/greeter'), { recursive: true });
    writeFileSync(join(root, 'functions/greeter/greeting.ts'), `export const greeting = (name: string): string => \`${greeting}, \${name}\`;\n`);
    writeFileSync(join(root, 'functions/greeter/handler.ts'), "import { greeting } from './greeting.js';\nexport const handler = async (event: { name: string }) => greeting(event.name);\n");
  };

  it('rebuilds only what changed, and the runner switches to it', async () => {
    writeHandler('Hello');
    const builder = new FunctionBuilder({ repoRoot: root, outputDir: join(root, 'out') });
    const functions = [{ logicalId: 'GreeterFunction', entry: 'functions/greeter/handler.ts' }];
    const [first] = await builder.rebuild(functions);
    expect(first?.logicalId).toBe('GreeterFunction');
    const config = { name: 'GreeterFunction', codeDirectory: first?.codeDirectory ?? '', handler: 'index.handler', environment: {}, timeoutSeconds: 5, memorySizeMb: 128 };
    const runner = createLambdaRunner({ functions: [config], log: () => undefined });
    try {
      expect((await runner.invoke('GreeterFunction', { name: 'Ada' })).payload).toBe('Hello, Ada');
      expect(await builder.rebuild(functions)).toEqual([]);
      writeFileSync(join(root, 'functions/unrelated.ts'), 'export const x = 1;\n');
      writeHandler('Hallo');
      // Only a file the function is made of triggers its rebuild.
      expect(await builder.rebuild(functions, [join(root, 'functions/unrelated.ts')])).toEqual([]);

      writeHandler('Bonjour');
      const [second] = await builder.rebuild(functions, [join(root, 'functions/greeter/greeting.ts')]);
      expect(second?.codeDirectory).not.toBe(first?.codeDirectory);
      runner.reload([{ ...config, codeDirectory: second?.codeDirectory ?? '' }]);
      expect((await runner.invoke('GreeterFunction', { name: 'Ada' })).payload).toBe('Bonjour, Ada');
    } finally {
      await runner.close();
      await builder.close();
    }
  });
});
