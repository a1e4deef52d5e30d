// https://docs.aws.amazon.com/appsync/latest/devguide/math-helpers-in-util-math.html
// (util.math has no JS page; the package's math-utils.d.ts declares the same five functions.)
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const math = (call: string): string => `import { util } from '@aws-appsync/utils';
export function request(ctx) { return ${call}; }`;

export const utilMathPage: ReferencePage = {
  title: 'Math helpers in util.math',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/math-helpers-in-util-math.html',
  cases: [
    {
      name: 'util.math.roundNum(Double) takes a double and rounds it to the nearest integer',
      code: math('[util.math.roundNum(2.4), util.math.roundNum(2.5), util.math.roundNum(-2.5), util.math.roundNum(-2.6)]'),
      expected: [2, 3, -2, -3],
    },
    {
      name: 'util.math.minVal / maxVal take two doubles and return the minimum / maximum',
      code: math('[util.math.minVal(3.5, -1.25), util.math.maxVal(3.5, -1.25)]'),
      expected: [-1.25, 3.5],
    },
    {
      name: 'util.math.randomDouble() returns a random double between 0 and 1',
      code: math('[util.math.randomDouble(), util.math.randomDouble(), util.math.randomDouble()]'),
      check: (run) => {
        const values = run.evaluationResult as number[];
        for (const value of values) expect(value >= 0 && value < 1).toBe(true);
        expect(new Set(values).size).toBeGreaterThan(1);
      },
    },
    {
      name: 'util.math.randomWithinRange(Integer, Integer) returns a random integer within the range (both ends)',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  const seen = [];
  for (const _round of ctx.args.rounds) seen.push(util.math.randomWithinRange(3, 5));
  return seen;
}`,
      context: { arguments: { rounds: Array.from({ length: 200 }, (_, i) => i) } },
      check: (run) => {
        const values = run.evaluationResult as number[];
        expect(new Set(values)).toEqual(new Set([3, 4, 5]));
      },
    },
  ],
};
