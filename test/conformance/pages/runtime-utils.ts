// https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

export const runtimeUtilsPage: ReferencePage = {
  title: 'Runtime utilities',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html',
  cases: [
    {
      name: 'runtime.earlyReturn({ hello: "world" }) halts the request handler and returns the object (the page\'s example)',
      code: `import { runtime } from '@aws-appsync/utils'

export function request(ctx) {
  runtime.earlyReturn({ hello: 'world' })
  // code below is not executed
  return ctx.args
}

// never called because request returned early
export function response(ctx) {
  return ctx.result
}`,
      context: { arguments: { ignored: true } },
      check: (run) => {
        expect(run.evaluationResult).toEqual({ hello: 'world' });
        expect(run.earlyReturn).toEqual({});
      },
    },
    {
      name: 'runtime.earlyReturn(obj, { skipTo: "END" }) reports skipTo END (pipeline skips to the resolver\'s response handler)',
      code: `import { runtime } from '@aws-appsync/utils';
export function request(ctx) { runtime.earlyReturn({ cached: true }, { skipTo: 'END' }); }`,
      check: (run) => expect(run).toMatchObject({ evaluationResult: { cached: true }, earlyReturn: { skipTo: 'END' } }),
    },
    {
      name: 'runtime.earlyReturn(obj, { skipTo: "NEXT" }) reports skipTo NEXT (the next pipeline handler runs)',
      code: `import { runtime } from '@aws-appsync/utils';
export function request(ctx) { runtime.earlyReturn(null, { skipTo: 'NEXT' }); }`,
      check: (run) => expect(run).toMatchObject({ evaluationResult: null, earlyReturn: { skipTo: 'NEXT' } }),
    },
  ],
};
