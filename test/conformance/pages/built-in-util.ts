// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html
import { expect } from 'vitest';
import type { ReferencePage } from '../support/conformance.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const cognito = { sub: 'user-1', issuer: 'https://cognito-idp', username: 'alice', claims: {}, sourceIp: ['1.2.3.4'], defaultAuthStrategy: 'ALLOW', groups: null };

export const builtInUtilPage: ReferencePage = {
  title: 'Built-in utilities',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html',
  cases: [
    {
      name: 'util.urlEncode returns an application/x-www-form-urlencoded string (space as +, reserved characters escaped)',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.urlEncode(ctx.args.text); }`,
      context: { arguments: { text: "hello world & <friends>! it's 100% ~fine*" } },
      expected: 'hello+world+%26+%3Cfriends%3E%21+it%27s+100%25+%7Efine*',
    },
    {
      name: 'util.urlDecode turns the encoded form back into the original string',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.urlDecode(ctx.args.text); }`,
      context: { arguments: { text: 'hello+world+%26+caf%C3%A9' } },
      expected: 'hello world & café',
    },
    {
      name: 'util.base64Encode / util.base64Decode round-trip a UTF-8 string',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  const encoded = util.base64Encode(ctx.args.text);
  return { encoded, decoded: util.base64Decode(encoded) };
}`,
      context: { arguments: { text: 'Hello, AppSync ✓' } },
      expected: { encoded: 'SGVsbG8sIEFwcFN5bmMg4pyT', decoded: 'Hello, AppSync ✓' },
    },
    {
      name: 'util.autoId returns a 128-bit randomly generated UUID',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return [util.autoId(), util.autoId()]; }`,
      check: (run) => {
        const [a, b] = run.evaluationResult as [string, string];
        expect(a).toMatch(UUID);
        expect(b).toMatch(UUID);
        expect(a).not.toBe(b);
      },
    },
    {
      name: 'util.autoUlid returns a ULID (26 Crockford base32 characters, sortable by time)',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.autoUlid(); }`,
      expected: expect.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/),
    },
    {
      name: 'util.autoKsuid returns a KSUID base62 encoded as a String with a length of 27',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.autoKsuid(); }`,
      expected: expect.stringMatching(/^[0-9A-Za-z]{27}$/),
    },
    {
      name: 'util.error(String, String?, Object?, Object?) throws a custom error with errorType, data and errorInfo',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.error('Invalid title', 'ValidationError', { field: 'title' }, { hint: 'use letters' });
  return {};
}`,
      check: (run) => {
        expect(run.evaluationResult).toBeUndefined();
        expect(run.error).toEqual({ message: 'Invalid title', errorType: 'ValidationError', data: { field: 'title' }, errorInfo: { hint: 'use letters' } });
      },
    },
    {
      name: 'util.appendError appends a custom error without interrupting evaluation, so data is still returned',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.appendError('Partial result', 'PartialResult', { missing: 2 }, { retry: true });
  return { items: [1] };
}`,
      check: (run) => {
        expect(run.error).toBeUndefined();
        expect(run.evaluationResult).toEqual({ items: [1] });
        expect(run.outErrors).toEqual([{ message: 'Partial result', errorType: 'PartialResult', data: { missing: 2 }, errorInfo: { retry: true } }]);
      },
    },
    {
      name: 'util.matches("a*b", "aaaaab") is true: the pattern must match the whole value (java.util.regex.Pattern)',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return [util.matches('a*b', 'aaaaab'), util.matches('a*b', 'aaaaabc'), util.matches('^[a-zA-Z0-9]+$', 'Story1')]; }`,
      expected: [true, false, true],
    },
    {
      name: 'util.authType returns "API Key Authorization" for an API key request',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.authType(); }`,
      authType: 'API_KEY',
      expected: 'API Key Authorization',
    },
    {
      name: 'util.authType returns "User Pool Authorization" for a Cognito user pools request',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.authType(); }`,
      context: { arguments: {}, identity: cognito },
      expected: 'User Pool Authorization',
    },
    {
      name: 'util.authType returns "IAM Authorization" for an IAM request',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.authType(); }`,
      authType: 'AWS_IAM',
      expected: 'IAM Authorization',
    },
    {
      name: 'util.authType returns "Open ID Connect Authorization" for an OIDC request',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.authType(); }`,
      authType: 'OPENID_CONNECT',
      expected: 'Open ID Connect Authorization',
    },
    {
      name: 'util.escapeJavaScript returns the input string as a JavaScript escaped string',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return util.escapeJavaScript(ctx.args.text); }`,
      context: { arguments: { text: 'He said "it\'s </done>"\n\tnaïve' } },
      expected: 'He said \\"it\\\'s <\\/done>\\"\\n\\tna\\u00EFve',
    },
    {
      name: 'util.unauthorized throws Unauthorized for the field being resolved',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  if (ctx.identity.sub !== ctx.args.owner) util.unauthorized();
  return {};
}`,
      context: { arguments: { owner: 'someone-else' }, identity: cognito, info: { parentTypeName: 'Query', fieldName: 'getPost' } },
      check: (run) => expect(run.error).toEqual({ message: 'Not Authorized to access getPost on type Query', errorType: 'Unauthorized' }),
    },
    {
      name: 'util, extensions and runtime are globals: code may use util without importing it (lib/index.d.ts "declare global"; built-in-modules-js.html does)',
      code: `export function request(ctx) { return util.str.normalize('e\\u0301', 'nfc'); }`,
      expected: 'é',
    },
  ],
};
