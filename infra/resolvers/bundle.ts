// Bundles one resolver file into the single ESM module APPSYNC_JS runs.
import { isAbsolute, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { ResolverWiringError } from '../errors.js';

/** Provided by the APPSYNC_JS runtime itself: never bundled. */
const RUNTIME_MODULES = ['@aws-appsync/utils', '@aws-appsync/utils/*'];

/** Pipeline resolver handlers used when a pipeline folder has no resolver.ts. */
export const PASS_THROUGH_PIPELINE_CODE = [
  'export function request() {',
  '  return {};',
  '}',
  '',
  'export function response(ctx) {',
  '  return ctx.prev.result;',
  '}',
  '',
].join('\n');

const isRuntimeModule = (path: string) => path === '@aws-appsync/utils' || path.startsWith('@aws-appsync/utils/');

const isInside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * esbuild with AWS's recommended APPSYNC_JS settings (ESM, esnext, node
 * platform, @aws-appsync/* external). A resolver may import only its own
 * folder's code (resolvers/lib, generated types): anything else would be
 * inlined into code the runtime cannot run, so it fails synth here.
 */
export function bundleResolverCode(file: string, options: { resolversDir: string; repoRoot: string }): string {
  let result;
  try {
    result = buildSync({
      entryPoints: [file],
      absWorkingDir: options.repoRoot,
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'esnext',
      external: RUNTIME_MODULES,
      // Inline source maps without sources: AppSync maps runtime errors to the TypeScript lines.
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
    });
  } catch (error) {
    throw new ResolverWiringError(`could not bundle ${relative(options.repoRoot, file)}: ${(error as Error).message}`, { cause: error });
  }
  const outsiders = Object.keys(result.metafile.inputs)
    .map((input) => resolve(options.repoRoot, input))
    .filter((input) => !isInside(options.resolversDir, input));
  if (outsiders.length > 0) {
    throw new ResolverWiringError(
      `${relative(options.repoRoot, file)} imports code from outside resolvers/ (${outsiders.map((o) => relative(options.repoRoot, o)).join(', ')}); APPSYNC_JS resolvers may import only @aws-appsync/utils and resolvers/ code`,
    );
  }
  const foreignImports = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imported) => !isRuntimeModule(imported.path))
    .map((imported) => imported.path);
  if (foreignImports.length > 0) {
    throw new ResolverWiringError(
      `${relative(options.repoRoot, file)} imports ${foreignImports.join(', ')}, which the APPSYNC_JS runtime does not provide`,
    );
  }
  const output = result.outputFiles[0];
  if (!output) throw new ResolverWiringError(`esbuild produced no output for ${relative(options.repoRoot, file)}`);
  return output.text;
}
