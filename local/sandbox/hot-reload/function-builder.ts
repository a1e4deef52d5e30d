// Rebuilds the Lambda bundles from their sources with the stack's own bundling settings, so a
// change in functions/ runs without a full synth (~6 s). Only functions made of a changed file
// are rebuilt (incrementally, one esbuild context each), and only those whose bundle changed get
// a new directory. The output is byte for byte what the CDK's NodejsFunction writes, so the first
// build compares with the bundle the sandbox started with.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { context, type BuildContext, type BuildOptions } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../../infra/constructs/node-function.js';

/** NodejsFunction's file name for an ESM bundle (handler `index.handler`). */
const BUNDLE_FILE = 'index.mjs';

export interface BuildableFunction {
  logicalId: string;
  /** Source of the handler, relative to the repository root. */
  entry: string;
  /** The bundle running now: the first build counts as a change only if it differs from it. */
  codeDirectory?: string;
}

export interface BuiltFunction {
  logicalId: string;
  entry: string;
  codeDirectory: string;
}

export interface FailedFunction {
  logicalId: string;
  entry: string;
  error: unknown;
}

export interface RebuildOutcome {
  /** Functions whose bundle changed, in a new directory each. */
  built: BuiltFunction[];
  /** Functions that did not build (they keep running their previous bundle). */
  failed: FailedFunction[];
}

export class FunctionBuildError extends Error {
  override name = 'FunctionBuildError';
}

export class FunctionBuilder {
  private readonly lastHash = new Map<string, string>();
  /** Absolute paths of the files each function's last successful bundle was made of. */
  private readonly inputs = new Map<string, Set<string>>();
  private readonly contexts = new Map<string, BuildContext<BuildOptions & { write: false; metafile: true }>>();

  constructor(private readonly options: { repoRoot: string; outputDir: string }) {}

  /**
   * Builds every function (the sandbox's start); returns those whose bundle differs from their
   * last build (or from their running bundle). Throws FunctionBuildError if any fails.
   */
  async rebuild(functions: BuildableFunction[]): Promise<BuiltFunction[]> {
    const { built, failed } = await this.rebuildChanged(functions);
    if (failed.length > 0) {
      throw new FunctionBuildError(`could not bundle ${failed.map((fn) => fn.entry).join(', ')}`, { cause: failed.map((fn) => fn.error) });
    }
    return built;
  }

  /**
   * Rebuilds the functions made of any of `changedFiles` (absolute paths; all of them when
   * omitted), plus any not built successfully yet (a failed build may be fixed by a file it
   * could not find). One failure does not hold back the others.
   */
  async rebuildChanged(functions: BuildableFunction[], changedFiles?: string[]): Promise<RebuildOutcome> {
    const affected = functions.filter((fn) => {
      const inputs = this.inputs.get(fn.logicalId);
      return !changedFiles || !inputs || changedFiles.some((file) => inputs.has(file));
    });
    const settled = await Promise.allSettled(affected.map((fn) => this.buildOne(fn)));
    const outcome: RebuildOutcome = { built: [], failed: [] };
    settled.forEach((result, index) => {
      const fn = affected[index] as BuildableFunction;
      if (result.status === 'rejected') outcome.failed.push({ logicalId: fn.logicalId, entry: fn.entry, error: result.reason });
      else if (result.value) outcome.built.push(result.value);
    });
    return outcome;
  }

  async close(): Promise<void> {
    const contexts = [...this.contexts.values()];
    this.contexts.clear();
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }

  private async contextFor(fn: BuildableFunction) {
    const existing = this.contexts.get(fn.logicalId);
    if (existing) return existing;
    const created = await context({
      entryPoints: [resolve(this.options.repoRoot, fn.entry)],
      absWorkingDir: this.options.repoRoot,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_BUNDLING.target,
      mainFields: LAMBDA_BUNDLING.mainFields,
      minify: LAMBDA_BUNDLING.minify,
      // Linked, as NodejsFunction's `sourceMap: true`: the bundle ends with its sourceMappingURL.
      sourcemap: LAMBDA_BUNDLING.sourceMap,
      sourcesContent: LAMBDA_BUNDLING.sourcesContent,
      external: LAMBDA_BUNDLING.externalModules,
      banner: { js: LAMBDA_BUNDLING.banner },
      outfile: BUNDLE_FILE,
      metafile: true,
      logLevel: 'silent',
    });
    this.contexts.set(fn.logicalId, created);
    return created;
  }

  private async buildOne(fn: BuildableFunction): Promise<BuiltFunction | undefined> {
    if (!this.lastHash.has(fn.logicalId) && fn.codeDirectory) {
      const running = join(fn.codeDirectory, BUNDLE_FILE);
      if (existsSync(running)) this.lastHash.set(fn.logicalId, hashOf(readFileSync(running)));
    }
    let result;
    try {
      result = await (await this.contextFor(fn)).rebuild();
    } catch (error) {
      this.inputs.delete(fn.logicalId);
      throw error;
    }
    this.inputs.set(fn.logicalId, new Set(Object.keys(result.metafile.inputs).map((input) => resolve(this.options.repoRoot, input))));
    const code = result.outputFiles.find((file) => file.path.endsWith(BUNDLE_FILE));
    const map = result.outputFiles.find((file) => file.path.endsWith(`${BUNDLE_FILE}.map`));
    if (!code) throw new Error(`esbuild produced no ${BUNDLE_FILE} for ${fn.entry}`);
    const hash = hashOf(code.contents);
    if (this.lastHash.get(fn.logicalId) === hash) return undefined;
    this.lastHash.set(fn.logicalId, hash);
    const codeDirectory = join(this.options.outputDir, `${fn.logicalId}-${hash.slice(0, 16)}`);
    mkdirSync(codeDirectory, { recursive: true });
    writeFileSync(join(codeDirectory, BUNDLE_FILE), code.contents);
    if (map) writeFileSync(join(codeDirectory, `${BUNDLE_FILE}.map`), map.contents);
    return { logicalId: fn.logicalId, entry: fn.entry, codeDirectory };
  }
}

const hashOf = (contents: Uint8Array): string => createHash('sha256').update(contents).digest('hex');
