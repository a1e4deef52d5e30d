// A function edit reaches the Lambda runner: the builder rebuilds with the stack's bundling
// settings, reports only bundles that changed, and the runner runs the new code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLambdaRunner } from '../../lambda/index.js';
import { FunctionBuilder, FunctionBuildError } from './function-builder.js';

describe('FunctionBuilder with the Lambda runner', () => {
  const root = mkdtempSync(join(tmpdir(), 'hot-functions-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const writeGreeting = (greeting: string) =>
    writeFileSync(join(root, 'functions/greeter/greeting.ts'), `export const greeting = (name: string): string => \`${greeting}, \${name}\`;\n`);
  const writeHandler = (source = "import { greeting } from './greeting.js';\nexport const handler = async (event: { name: string }) => greeting(event.name);\n") =>
    writeFileSync(join(root, 'functions/greeter/handler.ts'), source);
  mkdirSync(join(root, 'functions/greeter'), { recursive: true });
  writeGreeting('Hello');
  writeHandler();
  const functions = [{ logicalId: 'GreeterFunction', entry: 'functions/greeter/handler.ts' }];

  it('rebuilds only what changed, and the runner switches to it', async () => {
    const builder = new FunctionBuilder({ repoRoot: root, outputDir: join(root, 'out') });
    const [first] = await builder.rebuild(functions);
    expect(first?.logicalId).toBe('GreeterFunction');
    const config = { name: 'GreeterFunction', codeDirectory: first?.codeDirectory ?? '', handler: 'index.handler', environment: {}, timeoutSeconds: 5, memorySizeMb: 128 };
    const runner = createLambdaRunner({ functions: [config], log: () => undefined });
    try {
      expect((await runner.invoke('GreeterFunction', { name: 'Ada' })).payload).toBe('Hello, Ada');
      expect(await builder.rebuild(functions)).toEqual([]);
      writeFileSync(join(root, 'functions/unrelated.ts'), 'export const x = 1;\n');
      writeGreeting('Hallo');
      // Only a file the function is made of triggers its rebuild.
      expect((await builder.rebuildChanged(functions, [join(root, 'functions/unrelated.ts')])).built).toEqual([]);

      writeGreeting('Bonjour');
      const { built: [second] } = await builder.rebuildChanged(functions, [join(root, 'functions/greeter/greeting.ts')]);
      expect(second?.codeDirectory).not.toBe(first?.codeDirectory);
      runner.replaceCode([{ name: 'GreeterFunction', codeDirectory: second?.codeDirectory ?? '' }]);
      expect((await runner.invoke('GreeterFunction', { name: 'Ada' })).payload).toBe('Bonjour, Ada');
    } finally {
      await runner.close();
      await builder.close();
    }
  });

  it('compares its first build with the running bundle', async () => {
    const first = new FunctionBuilder({ repoRoot: root, outputDir: join(root, 'out-first') });
    const [running] = await first.rebuild(functions);
    await first.close();
    const builder = new FunctionBuilder({ repoRoot: root, outputDir: join(root, 'out-second') });
    try {
      const withRunning = [{ ...functions[0]!, codeDirectory: running?.codeDirectory ?? '' }];
      expect((await builder.rebuildChanged(withRunning, [join(root, 'functions/greeter/handler.ts')])).built).toEqual([]);
      writeGreeting('Hej');
      expect((await builder.rebuildChanged(withRunning, [join(root, 'functions/greeter/greeting.ts')])).built).toHaveLength(1);
    } finally {
      await builder.close();
    }
  });

  it('reports a build that fails, and rebuilds it when the missing file appears', async () => {
    const builder = new FunctionBuilder({ repoRoot: root, outputDir: join(root, 'out-failing') });
    try {
      await builder.rebuild(functions);
      writeHandler("import { farewell } from './farewell.js';\nexport const handler = async () => farewell;\n");
      const broken = await builder.rebuildChanged(functions, [join(root, 'functions/greeter/handler.ts')]);
      expect(broken.built).toEqual([]);
      expect(String((broken.failed[0]?.error as Error | undefined)?.message)).toMatch(/farewell/);
      await expect(builder.rebuild(functions)).rejects.toBeInstanceOf(FunctionBuildError);

      writeFileSync(join(root, 'functions/greeter/farewell.ts'), "export const farewell = 'Bye';\n");
      const fixed = await builder.rebuildChanged(functions, [join(root, 'functions/greeter/farewell.ts')]);
      expect(fixed).toMatchObject({ built: [{ logicalId: 'GreeterFunction' }], failed: [] });
    } finally {
      writeHandler();
      await builder.close();
    }
  });
});
