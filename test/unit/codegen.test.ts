// The generated SDK and resolver types must match schema/ and the operation
// documents: a schema change without `npm run codegen` fails here (and in CI).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('codegen', () => {
  it('the checked-in generated files are up to date (run `npm run codegen`)', () => {
    const check = spawnSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--check'], { encoding: 'utf8' });
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
  });
});
