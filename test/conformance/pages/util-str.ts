// https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str-js.html
// toUpper/toLower/toReplace are listed on the $util.str page
// (https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str.html), not declared for JS.
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const str = (call: string): string => `import { util } from '@aws-appsync/utils';
export function request(ctx) { return ${call}; }`;

export const utilStrPage: ReferencePage = {
  title: 'String helpers in util.str',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str-js.html',
  cases: [
    {
      name: 'util.str.normalize(String, "nfc") composes: "e" + U+0301 becomes "é"',
      code: str('util.str.normalize(ctx.args.text, "nfc")'),
      context: { arguments: { text: 'Cafe\u0301' } },
      expected: 'Café',
    },
    {
      name: 'util.str.normalize with "nfd", "nfkc" and "nfkd"',
      code: str('[util.str.normalize("Café", "nfd").length, util.str.normalize("ﬁ①", "nfkc"), util.str.normalize("ﬁé", "nfkd").length]'),
      expected: [5, 'fi1', 4],
    },
    {
      name: 'util.str.normalize with a form other than nfc, nfd, nfkc or nfkd fails',
      code: str('util.str.normalize("x", "nfx")'),
      check: (run) => expect(run.error?.errorType).toBe('Code'),
    },
    {
      name: 'INPUT: util.str.toReplace("hello world", "hello", "mellow") OUTPUT: "mellow world" (example on str-helpers-in-util-str.html)',
      code: str('util.str.toReplace("hello world", "hello", "mellow")'),
      expected: 'mellow world',
    },
  ],
};
