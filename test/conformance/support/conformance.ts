// The conformance suite's model: a reference page of AWS's AppSync developer guide and its
// documented examples, each run the way AWS's EvaluateCode would run it (evaluateCode).
import { expect, it, describe, vi } from 'vitest';
import type { AuthenticationType } from '../../../local/appsync/types.js';
import { evaluateCode, type EvaluateCodeContext, type EvaluateCodeResult } from '../../../local/appsync/js/index.js';
import { runInProcess, type InProcessResult } from './in-process-runner.js';

export interface CaseRun extends InProcessResult {
  runner: 'evaluateCode' | 'in-process';
}

export interface ConformanceCase {
  /** The example as the page shows it, e.g. 'toDynamoDB("foo") returns { "S": "foo" }'. */
  name: string;
  /** The documented resolver code (APPSYNC_JS, as AppSync would receive it). */
  code: string;
  handler?: 'request' | 'response';
  context?: Partial<EvaluateCodeContext>;
  authType?: AuthenticationType;
  /** Pins the clock (epoch ms) so the time helpers print the page's documented values. */
  now?: number;
  /** The documented output, compared with the handler's result (asymmetric matchers allowed). */
  expected?: unknown;
  /** Checks the whole run when the documented behaviour is more than a return value. */
  check?: (run: CaseRun) => void;
  /** Why this case runs in process instead of through evaluateCode. */
  inProcess?: string;
  /** Documented behaviour the local runtime does not match yet, and why: the case must fail until fixed. */
  gap?: string;
  /** Where the page contradicts itself (a typo in an output), and what the case asserts instead. */
  note?: string;
}

export interface ReferencePage {
  title: string;
  url: string;
  cases: ConformanceCase[];
}

/** The engine's loader refuses modules it does not map; those cases fall back to running in process. */
const UNMAPPED_MODULE = /cannot import '@aws-appsync\/utils\/[a-z]+'/;

export function runCase(testCase: ConformanceCase): CaseRun {
  if (testCase.now !== undefined) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(testCase.now);
  }
  try {
    const input = {
      code: testCase.code,
      function: testCase.handler ?? 'request',
      context: { arguments: {}, ...testCase.context },
      ...(testCase.authType ? { authType: testCase.authType } : {}),
    } as const;
    if (testCase.inProcess) return { ...runInProcess(input), runner: 'in-process' };
    const result: EvaluateCodeResult = evaluateCode(input);
    if (result.error && UNMAPPED_MODULE.test(result.error.message)) return { ...runInProcess(input), runner: 'in-process' };
    return { ...result, runner: 'evaluateCode' };
  } finally {
    if (testCase.now !== undefined) vi.useRealTimers();
  }
}

function verify(testCase: ConformanceCase, run: CaseRun): void {
  if (testCase.check) {
    testCase.check(run);
    return;
  }
  expect(run.error).toBeUndefined();
  expect(run.evaluationResult).toEqual(testCase.expected);
}

/** Registers one describe block per page, named by its title and URL; one test per documented example. */
export function runPage(page: ReferencePage): void {
  describe(`${page.title} (${page.url})`, () => {
    for (const testCase of page.cases) {
      if (testCase.gap) {
        it.fails(`${testCase.name} [known gap: ${testCase.gap}]`, () => verify(testCase, runCase(testCase)));
      } else {
        it(testCase.name, () => verify(testCase, runCase(testCase)));
      }
    }
  });
}
