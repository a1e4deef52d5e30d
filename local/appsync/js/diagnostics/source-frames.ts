// Maps positions in the code the engine runs back to the TypeScript a developer wrote. Resolver
// code arrives bundled by esbuild with an inline source map whose sources are relative to the
// repository (infra/resolvers/bundle.ts); the loader's own esbuild transform chains that map, so
// one lookup gives the original file, line and column, helpers in resolvers/lib included.
import { SourceMap, type SourceMapPayload } from 'node:module';
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the template's paths (appsync:source, the bundle's map sources) are relative to. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface SourceFrame {
  /** As the template names files (e.g. resolvers/lib/errors.ts), or the code's sourceName. */
  file: string;
  /** Absolute path, to read the lines around it. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The function as the bundle names it (esbuild may suffix a digit on a clash). */
  functionName?: string;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The inline source map esbuild appends to a bundle (`sourcemap: 'inline'`), if any. */
export function inlineSourceMap(code: string): SourceMapPayload | undefined {
  const tail = code.slice(code.lastIndexOf('//# sourceMappingURL='));
  const match = INLINE_MAP.exec(tail);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as SourceMapPayload;
  } catch {
    return undefined;
  }
}

// V8 frames: "    at name (file:line:column)" or "    at file:line:column".
const FRAME = /^\s*at (?:(.+?) \()?(.+):(\d+):(\d+)\)?\s*$/;
const MAX_FRAMES = 6;

/** Original positions of one piece of loaded code. Built lazily: only failures need it. */
export class SourcePositions {
  private readonly map: SourceMap;
  private readonly root: string;
  private readonly entryPath: string;

  constructor(payload: SourceMapPayload, private readonly sourceName: string, root = REPO_ROOT) {
    this.map = new SourceMap(payload);
    this.root = rootOf(sourceName, payload.sources, root);
    this.entryPath = resolve(this.root, sourceName);
  }

  /** The original position of a 1-based line and column of the generated code. */
  at(line: number, column: number, functionName?: string): SourceFrame | undefined {
    const entry = this.map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const path = resolve(this.root, entry.originalSource);
    const file = path === this.entryPath ? this.sourceName : isAbsolute(this.sourceName) ? path : entry.originalSource;
    return { file, path, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, ...(functionName ? { functionName } : {}) };
  }

  /** The frames of a stack trace that are in `filename` (the generated code), innermost first. */
  frames(stack: string, filename: string): SourceFrame[] {
    const frames: SourceFrame[] = [];
    for (const text of stack.split('\n')) {
      if (!text.includes(filename)) continue;
      const match = FRAME.exec(text);
      if (!match || match[2] !== filename) continue;
      const functionName = match[1]?.replace(/^Object\./, '');
      const frame = this.at(Number(match[3]), Number(match[4]), functionName);
      if (frame) frames.push(frame);
      if (frames.length === MAX_FRAMES) break;
    }
    return frames;
  }
}

/**
 * Template paths are relative to the repository. A test may name its code by absolute path
 * instead (bundled from a temporary folder): then the root is that path less the map's entry.
 */
function rootOf(sourceName: string, sources: readonly string[], fallback: string): string {
  if (!isAbsolute(sourceName)) return fallback;
  for (const source of sources) {
    if (isAbsolute(source)) continue;
    const tail = sep + source.split('/').join(sep);
    if (sourceName.endsWith(tail)) return sourceName.slice(0, -tail.length) || sep;
  }
  return fallback;
}
