// Loads bundled APPSYNC_JS code (ESM that imports only @aws-appsync/utils and its modules):
// checks it for unsupported syntax, transforms
// it to CommonJS with esbuild and evaluates it once in its own node:vm context.
import type { SourceMapPayload } from 'node:module';
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { inlineSourceMap, SourcePositions, type SourceFrame } from './diagnostics/source-frames.js';
import { CodeLoadError } from './errors.js';
import { APPSYNC_JS_GLOBALS, APPSYNC_JS_MODULES } from './runtime/modules.js';
import { findUnsupportedSyntax } from './syntax-check.js';

export type Handler = (ctx: unknown) => unknown;

export interface LoadedCode {
  sourceName: string;
  request?: Handler;
  response?: Handler;
  /** The frames of `error`'s stack in this code, innermost first, in the original source (TypeScript). */
  locate(error: unknown): SourceFrame[];
}

const FILE_PREFIX = 'appsync-js:';

export class CodeLoader {
  private readonly cache = new Map<string, LoadedCode>();

  constructor(private readonly log: (line: string) => void) {}

  /** Takes over what `previous` compiled of `codes` (a hot reload recompiles only the code that changed). */
  reuse(previous: CodeLoader, codes: Iterable<string>): void {
    for (const code of codes) {
      const loaded = previous.cache.get(code);
      if (loaded) this.cache.set(code, loaded);
    }
  }

  /** Throws CodeLoadError naming `sourceName` and the line of the first problem. */
  load(code: string, sourceName: string): LoadedCode {
    const cached = this.cache.get(code);
    if (cached) return cached;
    const loaded = this.compile(code, sourceName);
    this.cache.set(code, loaded);
    return loaded;
  }

  private compile(code: string, sourceName: string): LoadedCode {
    const problems = findUnsupportedSyntax(code);
    if (problems.length > 0) {
      // Lines of the bundle mean nothing to its author: name the TypeScript file and line.
      const bundleMap = inlineSourceMap(code);
      const positions = bundleMap ? new SourcePositions(bundleMap, sourceName) : undefined;
      const located = problems.map((p) => ({
        at: positions?.at(p.line, p.column + 1) ?? { file: sourceName, line: p.line, column: p.column + 1 },
        message: p.message,
      }));
      const listing = located.map(({ at, message }) => `  ${at.file}:${at.line}:${at.column}: ${message}`).join('\n');
      throw new CodeLoadError(`The code contains one or more errors (APPSYNC_JS):\n${listing}`, sourceName, located[0]?.at.line);
    }
    let transformed;
    try {
      transformed = transformSync(code, {
        loader: 'js', format: 'cjs', target: 'es2022', sourcemap: 'external', sourcefile: sourceName,
      });
    } catch (error) {
      throw new CodeLoadError(`${sourceName}: esbuild could not transform the code: ${(error as Error).message}`, sourceName, undefined, { cause: error });
    }
    const filename = `${FILE_PREFIX}${sourceName}`;
    const generatedMap = transformed.map;
    // The transform's map chains the bundle's inline one; parsed on the first failure only.
    let positions: SourcePositions | undefined;
    const locate = (error: unknown): SourceFrame[] => {
      const stack = (error as { stack?: unknown } | null)?.stack;
      if (typeof stack !== 'string') return [];
      positions ??= new SourcePositions(JSON.parse(generatedMap) as SourceMapPayload, sourceName);
      return positions.frames(stack, filename);
    };
    const context = vm.createContext(this.sandboxGlobals(sourceName), { name: sourceName, codeGeneration: { strings: false, wasm: false } });
    const moduleObject: { exports: Record<string, unknown> } = { exports: {} };
    const require = (specifier: string): unknown => {
      const resolved = APPSYNC_JS_MODULES[specifier];
      if (resolved === undefined) {
        throw new CodeLoadError(`${sourceName}: cannot import '${specifier}': APPSYNC_JS code may import only ${Object.keys(APPSYNC_JS_MODULES).join(', ')}`, sourceName);
      }
      return resolved;
    };
    try {
      const evaluate = vm.compileFunction(transformed.code, ['exports', 'require', 'module'], {
        parsingContext: context, filename,
      });
      evaluate(moduleObject.exports, require, moduleObject);
    } catch (error) {
      if (error instanceof CodeLoadError) throw error;
      const at = locate(error)[0];
      const where = at ? `${at.file}:${at.line}:${at.column}` : sourceName;
      throw new CodeLoadError(`${where}: the code failed to load: ${String((error as Error).message ?? error)}`, sourceName, at?.line, { cause: error });
    }
    const pick = (name: string): Handler | undefined => {
      const value = moduleObject.exports[name];
      return typeof value === 'function' ? (value as Handler) : undefined;
    };
    return { sourceName, request: pick('request'), response: pick('response'), locate };
  }

  private sandboxGlobals(sourceName: string): Record<string, unknown> {
    // console.* in a resolver goes to the runtime log, as AppSync sends it to CloudWatch.
    const write = (level: string) => (...args: unknown[]) =>
      this.log(`[${sourceName}] console.${level}: ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`);
    return { ...APPSYNC_JS_GLOBALS, console: { log: write('log'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') } };
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
