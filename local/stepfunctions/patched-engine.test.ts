// The fidelity fix the sandbox applies to aws-local-stepfunctions: a JSON
// string made by States.JsonToString survives quotes, newlines and backslashes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StateMachine } from './asl-engine.js';

describe('patched aws-local-stepfunctions', () => {
  it('States.JsonToString keeps escapes, so States.StringToJson reads the value back', async () => {
    const value = { text: 'You said "hi"\nand a \\ backslash' };
    const machine = new StateMachine({
      StartAt: 'Encode',
      States: {
        Encode: { Type: 'Pass', Parameters: { 'json.$': 'States.JsonToString($.value)' }, Next: 'Decode' },
        Decode: { Type: 'Pass', Parameters: { 'json.$': '$.json', 'back.$': 'States.StringToJson($.json)' }, End: true },
      },
    });
    const output = (await machine.run({ value }).result) as { json: string; back: unknown };
    expect(output.json).toBe(JSON.stringify(value));
    expect(output.back).toEqual(value);
  });

  it('States.Hash digests the whole string (the library\'s own digest stops after 64 bytes)', async () => {
    const machine = new StateMachine({
      StartAt: 'Hash',
      States: { Hash: { Type: 'Pass', Parameters: { 'sha256.$': "States.Hash($.s, 'SHA-256')", 'md5.$': "States.Hash($.s, 'MD5')" }, End: true } },
    });
    for (const s of [`${'x'.repeat(120)}A`, `${'x'.repeat(120)}B`, 'short']) {
      const output = (await machine.run({ s }).result) as { sha256: string; md5: string };
      expect(output.sha256).toBe(createHash('sha256').update(s).digest('hex'));
      expect(output.md5).toBe(createHash('md5').update(s).digest('hex'));
    }
  });
});
