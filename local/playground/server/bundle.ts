// Bundles the page (page/main.ts) with the SDK it imports into one ES module, in memory, once per
// sandbox start (~0.3 s). platform 'browser' makes a node: import in the SDK a build error.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Message } from 'esbuild';

export interface PlaygroundBundle {
  /** The page's module; ends with a sourceMappingURL comment pointing at app.js.map. */
  js: Uint8Array;
  map: Uint8Array;
}

export class PlaygroundBuildError extends Error {
  override name = 'PlaygroundBuildError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const PAGE_ENTRY = fileURLToPath(new URL('../page/main.ts', import.meta.url));
// Nothing is written there (write: false): it only names the outputs.
const OUT_DIR = join(dirname(PAGE_ENTRY), '..', '.bundle');

function describe(messages: Message[]): string {
  return messages
    .slice(0, 5)
    .map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
    .join('\n');
}

export async function buildPlaygroundBundle(): Promise<PlaygroundBundle> {
  let outputFiles;
  try {
    ({ outputFiles } = await build({
      entryPoints: { app: PAGE_ENTRY },
      outdir: OUT_DIR,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'none',
      // graphql-js checks NODE_ENV for its development-only instanceof warnings.
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    }));
  } catch (cause) {
    const errors = (cause as { errors?: Message[] }).errors;
    throw new PlaygroundBuildError(`the playground page did not build${errors ? `:\n${describe(errors)}` : ''}`, { cause });
  }
  const js = outputFiles.find((file) => file.path.endsWith('app.js'));
  const map = outputFiles.find((file) => file.path.endsWith('app.js.map'));
  if (!js || !map) throw new PlaygroundBuildError(`esbuild produced ${outputFiles.map((f) => f.path).join(', ')}, not app.js and its map`);
  return { js: js.contents, map: map.contents };
}
