// https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html
// Every Input/Output pair of the page, run as resolver code.
import type { ConformanceCase, ReferencePage } from '../support/conformance.js';

const example = (input: string, output: unknown, note?: string): ConformanceCase => ({
  name: `Input: ${input}`,
  code: `import { util } from '@aws-appsync/utils';\nexport function request(ctx) { return ${input}; }`,
  expected: output,
  ...(note ? { note } : {}),
});

const mapOutput = { foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } };
const listOutput = { L: [{ S: 'foo' }, { N: 123 }, { M: { bar: { S: 'baz' } } }] };

export const utilDynamodbPage: ReferencePage = {
  title: 'DynamoDB helpers in util.dynamodb',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html',
  cases: [
    example('util.dynamodb.toDynamoDB("foo")', { S: 'foo' }),
    example('util.dynamodb.toDynamoDB(12345)', { N: 12345 }),
    example('util.dynamodb.toDynamoDB(true)', { BOOL: true }),
    example('util.dynamodb.toDynamoDB([ "foo", 123, { "bar" : "baz" } ])', listOutput),
    example('util.dynamodb.toDynamoDB({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', { M: mapOutput }),
    example('util.dynamodb.toString("foo")', { S: 'foo' }),
    example('util.dynamodb.toStringSet([ "foo", "bar", "baz" ])', { SS: ['foo', 'bar', 'baz'] }),
    example('util.dynamodb.toNumber(12345)', { N: 12345 }),
    example('util.dynamodb.toNumberSet([ 1, 23, 4.56 ])', { NS: [1, 23, 4.56] }),
    example('util.dynamodb.toBinary("foo")', { B: 'foo' }),
    example('util.dynamodb.toBinarySet([ "foo", "bar", "baz" ])', { BS: ['foo', 'bar', 'baz'] }),
    example('util.dynamodb.toBoolean(true)', { BOOL: true }),
    example('util.dynamodb.toNull()', { NULL: null }),
    example('util.dynamodb.toList([ "foo", 123, { "bar" : "baz" } ])', listOutput),
    example('util.dynamodb.toMap({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', { M: mapOutput }),
    example('util.dynamodb.toMapValues({ "foo": "bar", "baz" : 1234, "beep": [ "boop"] })', mapOutput),
    {
      name: 'util.dynamodb.toMapValues(<map>) is exactly util.dynamodb.toMap(<map>)["M"]',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return [util.dynamodb.toMapValues(ctx.args), util.dynamodb.toMap(ctx.args)['M']]; }`,
      context: { arguments: { id: 'a', n: 2, tags: ['x'], nested: { ok: true } } },
      check: (run) => {
        const [values, fromMap] = run.evaluationResult as [unknown, unknown];
        if (JSON.stringify(values) !== JSON.stringify(fromMap)) throw new Error(`toMapValues ${JSON.stringify(values)} != toMap().M ${JSON.stringify(fromMap)}`);
      },
    },
    example('util.dynamodb.toS3Object("foo", "bar", "baz")', { S: '{ "s3" : { "key" : "foo", "bucket" : "bar", "region" : "baz" } }' }),
    example('util.dynamodb.toS3Object("foo", "bar", "baz", "beep")', { S: '{ "s3" : { "key" : "foo", "bucket" : "bar", "region" : "baz", "version" : "beep" } }' },
      'the page prints \\"version\\" = \\"beep\\", which is not JSON; the case expects " : " as for the other keys'),
    {
      name: 'util.dynamodb.fromS3ObjectJson({ "S" : "{ \\"s3\\" : { ... } }" }) returns { key, bucket, region, version }',
      note: 'the page\'s input has the same "version" = typo; the case uses ":"',
      code: `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return util.dynamodb.fromS3ObjectJson({ "S" : "{ \\"s3\\" : { \\"key\\" : \\"foo\\", \\"bucket\\" : \\"bar\\", \\"region\\" : \\"baz\\", \\"version\\" : \\"beep\\" } }" });
}`,
      expected: { key: 'foo', bucket: 'bar', region: 'baz', version: 'beep' },
    },
  ],
};
