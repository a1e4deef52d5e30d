// Two fidelity bugs in aws-local-stepfunctions 3.0.0 that the prompt cache hits:
// 1. It strips every backslash from the string result of any intrinsic function
//    (BaseIntrinsicFunction.call: `result.replaceAll("\\", "")`); AWS unescapes only
//    string literals in the arguments. States.JsonToString of a value holding quotes
//    or newlines came out as invalid JSON, so cache entries could not be read back.
// 2. Its hand-written digests are wrong past the first 64-byte block: two long
//    strings that share a prefix got the same States.Hash, so different prompts
//    shared one cache key. States.Hash now uses node:crypto.
// Until fixed upstream, the sandbox loads a copy of the library with both fixed.
// The copy sits under node_modules/.cache so the library's own imports still
// resolve; it is rebuilt when the library changes, and loading fails loudly if a
// patched line moved.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PATCHES: Array<{ what: string; buggy: string; fixed: string }> = [
  {
    what: 'the backslash stripping of intrinsic results',
    buggy: 'if (typeof result === "string") {\n      result = result.replaceAll("\\\\", "");',
    fixed: 'if (typeof result === "string" && this.funcDefinition.name !== "States.JsonToString") {\n      result = result.replaceAll("\\\\", "");',
  },
  ...(
    [
      ['MD5', 'md5', 'md5'],
      ['SHA-1', 'sha1', 'sha1'],
      ['SHA-256', 'sha256', 'sha256'],
      ['SHA-384', 'sha384', 'sha384'],
      ['SHA-512', 'sha512', 'sha512'],
    ] as const
  ).map(([name, variable, nodeName]) => ({
    what: `States.Hash ${name}`,
    buggy: `case "${name}":\n        return ${variable}.getDigest(str);`,
    fixed: `case "${name}":\n        return __nodeCreateHash("${nodeName}").update(str).digest("hex");`,
  })),
];
const IMPORT_NODE_CRYPTO = 'import { createHash as __nodeCreateHash } from "node:crypto";\n';

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
  let patched = source;
  for (const patch of PATCHES) {
    const occurrences = patched.split(patch.buggy).length - 1;
    if (occurrences !== 1) {
      throw new EnginePatchError(
        `aws-local-stepfunctions changed: expected ${patch.what} once, found it ${occurrences} times. ` +
          'Check whether the library fixed it and update local/stepfunctions/patched-engine.ts.',
      );
    }
    patched = patched.replace(patch.buggy, patch.fixed);
  }
  patched = IMPORT_NODE_CRYPTO + patched;
  const digest = createHash('sha256').update(patched).digest('hex').slice(0, 16);
  const directory = join(packageDir, '..', '.cache', 'aws-local-stepfunctions-patched');
  const file = join(directory, `main.node.esm.${digest}.js`);
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, patched);
  }
  return pathToFileURL(file).href;
}
