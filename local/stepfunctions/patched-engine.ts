// aws-local-stepfunctions 3.0.0 strips every backslash from the string result of
// any intrinsic function (BaseIntrinsicFunction.call: `result.replaceAll("\\", "")`).
// AWS unescapes only string literals in the arguments, so States.JsonToString of a
// value holding quotes or newlines comes out as invalid JSON locally, and the prompt
// cache could not read its entries back. Until that is fixed upstream, the sandbox
// loads a copy of the library with JsonToString's result left alone. The copy sits
// under node_modules/.cache so the library's own imports still resolve; it is
// rebuilt when the library changes, and loading fails loudly if the line moved.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUGGY = 'if (typeof result === "string") {\n      result = result.replaceAll("\\\\", "");';
const FIXED = 'if (typeof result === "string" && this.funcDefinition.name !== "States.JsonToString") {\n      result = result.replaceAll("\\\\", "");';

export class EnginePatchError extends Error {
  override name = 'EnginePatchError';
}

/** The file URL of the patched ESM build, written on first use. */
export function patchedEngineUrl(): string {
  const require = createRequire(import.meta.url);
  // The package exports no ./package.json; its CommonJS entry sits beside the ESM build.
  const buildDir = dirname(require.resolve('aws-local-stepfunctions'));
  const packageDir = dirname(buildDir);
  const source = readFileSync(join(buildDir, 'main.node.esm.js'), 'utf8');
  const occurrences = source.split(BUGGY).length - 1;
  if (occurrences !== 1) {
    throw new EnginePatchError(
      `aws-local-stepfunctions changed: expected the backslash-stripping line once, found it ${occurrences} times. ` +
        'Check whether States.JsonToString keeps escapes now and update local/stepfunctions/patched-engine.ts.',
    );
  }
  const patched = source.replace(BUGGY, FIXED);
  const digest = createHash('sha256').update(patched).digest('hex').slice(0, 16);
  const directory = join(packageDir, '..', '.cache', 'aws-local-stepfunctions-patched');
  const file = join(directory, `main.node.esm.${digest}.js`);
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, patched);
  }
  return pathToFileURL(file).href;
}
