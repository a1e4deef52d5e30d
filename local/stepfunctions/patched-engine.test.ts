// The fidelity fix the sandbox applies to aws-local-stepfunctions: a JSON
// string made by States.JsonToString survives quotes, newlines and backslashes.
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
});
