// https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html
// The JS page lists the functions; their examples are printed on the $util.time page
// (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time.html),
// which documents the same java.time implementation. The clock is pinned to the instant
// the examples were taken at, so the documented outputs come out exactly.
import { expect } from 'vitest';
import type { ConformanceCase, ReferencePage } from '../support/conformance.js';

const EXAMPLES = '(example on time-helpers-in-util-time.html)';
const call = (expression: string, now?: number, expected?: unknown, label = ''): ConformanceCase => ({
  name: `${expression}${label} ${EXAMPLES}`,
  code: `import { util } from '@aws-appsync/utils';\nexport function request(ctx) { return ${expression}; }`,
  ...(now === undefined ? {} : { now }),
  expected,
});

/** "Standalone function examples" were taken at 2018-02-06T19:01:35.749Z. */
const STANDALONE_NOW = 1517943695749;
/** "Usage with AWS AppSync defined scalars": 2018-07-11T15:14:15 at -07:00:30 is 22:14:45Z. */
const SCALARS_NOW = Date.UTC(2018, 6, 11, 22, 14, 45);

export const utilTimePage: ReferencePage = {
  title: 'Time helpers in util.time',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html',
  cases: [
    call('util.time.nowISO8601()', STANDALONE_NOW, '2018-02-06T19:01:35.749Z'),
    call('util.time.nowEpochSeconds()', STANDALONE_NOW + 1, 1517943695),
    call('util.time.nowEpochMilliSeconds()', STANDALONE_NOW + 1, 1517943695750),
    call('util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ")', STANDALONE_NOW, '2018-02-06 19:01:35+0000'),
    call('util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "+08:00")', STANDALONE_NOW, '2018-02-07 03:01:35+0800'),
    call('util.time.nowFormatted("yyyy-MM-dd HH:mm:ssZ", "Australia/Perth")', STANDALONE_NOW, '2018-02-07 03:01:35+0800'),
    call('util.time.epochMilliSecondsToSeconds(1517943695758)', undefined, 1517943695),
    call('util.time.epochMilliSecondsToISO8601(1517943695758)', undefined, '2018-02-06T19:01:35.758Z'),
    call('util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ")', undefined, '2018-02-06 19:01:35+0000'),
    call('util.time.epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ", "+08:00")', undefined, '2018-02-07 03:01:35+0800'),
    call('util.time.parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.180+08:00")', undefined, 1517476865180),
    call('util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22+0800", "yyyy-MM-dd HH:mm:ssZ")', undefined, 1517505562000),
    call('util.time.parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00")', undefined, 1517505562000),
    call('util.time.nowFormatted("yyyy-MM-dd[XXX]", "-07:00:30")', SCALARS_NOW, '2018-07-11-07:00', ' for AWSDate'),
    call(`util.time.nowFormatted("yyyy-MM-dd'T'HH:mm:ss[XXXXX]", "-07:00:30")`, SCALARS_NOW, '2018-07-11T15:14:15-07:00:30', ' for AWSDateTime'),
    {
      name: 'the format syntax is DateTimeFormatter\'s: text fields, 12-hour clock, zone names and ids in a region zone',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return util.time.epochMilliSecondsToFormatted(1517943695758, "EEEE, MMMM d, uuuu h:mm:ss.SSS a zzzz (z, VV, xxx)", "America/Los_Angeles");
}`,
      expected: 'Tuesday, February 6, 2018 11:01:35.758 AM Pacific Standard Time (PST, America/Los_Angeles, -08:00)',
    },
    {
      name: 'a time zone name in the text decides the instant (pattern VV) and a bad text is an error',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return util.time.parseFormattedToEpochMilliSeconds("06/02/2018 11:01 AM America/Los_Angeles", "dd/MM/yyyy hh:mm a VV");
}`,
      expected: Date.UTC(2018, 1, 6, 19, 1),
    },
    {
      name: 'parsing text that does not follow the format fails the handler',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.time.parseFormattedToEpochMilliSeconds("2018/02/02", "yyyy-MM-dd"); }`,
      check: (run) => expect(run.error).toMatchObject({ errorType: 'Code', message: expect.stringContaining("could not be parsed") }),
    },
  ],
};
