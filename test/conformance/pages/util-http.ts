// https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

// evaluateCode (like AWS's EvaluateCode) returns no response headers: those cases run in process.
const HEADERS = 'evaluateCode does not report response headers';

export const utilHttpPage: ReferencePage = {
  title: 'HTTP helpers in util.http',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html',
  cases: [
    {
      name: 'util.http.copyHeaders(headers) copies the headers without transfer-encoding, connection, host, expect, keep-alive, upgrade, proxy-*, te, content-length',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.http.copyHeaders(ctx.request.headers); }`,
      context: {
        arguments: {},
        request: {
          headers: {
            'x-request-id': 'r-1', authorization: 'token', 'content-type': 'application/json', host: 'api.example.com',
            connection: 'keep-alive', 'Transfer-Encoding': 'chunked', expect: '100-continue', 'keep-alive': 'timeout=5',
            upgrade: 'h2c', 'proxy-authenticate': 'Basic', 'proxy-authorization': 'Basic x', te: 'trailers', 'content-length': '42',
          },
          domainName: null,
        },
      },
      expected: { 'x-request-id': 'r-1', authorization: 'token', 'content-type': 'application/json' },
    },
    {
      name: "util.http.addResponseHeader('itemsCount', 7) and ('render', ctx.args.render) add response headers",
      code: `export function request(ctx) {
  util.http.addResponseHeader('itemsCount', 7)
  util.http.addResponseHeader('render', ctx.args.render)
  return {}
}`,
      context: { arguments: { render: 'full' } },
      inProcess: HEADERS,
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(run.responseHeaders).toEqual({ itemsCount: '7', render: 'full' });
      },
    },
    {
      name: 'util.http.addResponseHeaders(headers) adds every entry of the map (the documented headersMap)',
      code: `export function request(ctx) {
  const headers = {
    headerInt: 12,
    headerString: 'stringValue',
    headerObject: {
      field1: 7,
      field2: 'string'
    }
  }
  util.http.addResponseHeaders(headers)
  return {}
}`,
      inProcess: HEADERS,
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(Object.keys(run.responseHeaders ?? {})).toEqual(['headerInt', 'headerString', 'headerObject']);
        expect(run.responseHeaders).toMatchObject({ headerInt: '12', headerString: 'stringValue' });
      },
    },
    {
      name: 'a restricted name (Content-Type, x-amz-*, x-amzn-*, copyHeaders\' list) or a null value is ignored and yields a ResponseHeaderError',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.http.addResponseHeader('Content-Type', 'text/plain');
  util.http.addResponseHeader('x-amzn-trace', '1');
  util.http.addResponseHeader('Host', 'example.com');
  util.http.addResponseHeader('empty', null);
  util.http.addResponseHeader('', 'no name');
  util.http.addResponseHeader('kept', 'yes');
  return {};
}`,
      inProcess: HEADERS,
      check: (run) => {
        expect(run.responseHeaders).toEqual({ kept: 'yes' });
        expect(run.outErrors.map((e) => e.errorType)).toEqual(Array(5).fill('ResponseHeaderError'));
      },
    },
    {
      name: 'the ResponseHeaderError of an ignored header is added to the operation\'s errors (seen through evaluateCode)',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { util.http.addResponseHeader('Vary', 'Origin'); return { ok: true }; }`,
      check: (run) => {
        expect(run.evaluationResult).toEqual({ ok: true });
        expect(run.outErrors).toEqual([expect.objectContaining({ errorType: 'ResponseHeaderError' })]);
      },
    },
  ],
};
