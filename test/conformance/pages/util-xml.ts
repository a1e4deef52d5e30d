// https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html
import type { ReferencePage } from '../support/conformance.js';

const ONE_POST = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
    <id>1</id>
    <title>Getting started with GraphQL</title>
</post>
</posts>`;
const TWO_POSTS = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
<post>
  <id>2</id>
  <title>Getting started with AppSync</title>
</post>
</posts>`;

const xmlCall = (call: string): string => `import { util } from '@aws-appsync/utils';
export function request(ctx) { return ${call}; }`;

export const utilXmlPage: ReferencePage = {
  title: 'XML helpers in util.xml',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html',
  cases: [
    {
      name: 'util.xml.toMap, Example 1: one <post> becomes an object, <id>1</id> the number 1',
      code: xmlCall('util.xml.toMap(ctx.args.xml)'),
      context: { arguments: { xml: ONE_POST } },
      expected: { posts: { post: { id: 1, title: 'Getting started with GraphQL' } } },
    },
    {
      name: 'util.xml.toMap, Example 2: repeated <post> elements become a list',
      code: xmlCall('util.xml.toMap(ctx.args.xml)'),
      context: { arguments: { xml: TWO_POSTS } },
      expected: { posts: { post: [{ id: 1, title: 'Getting started with GraphQL' }, { id: 2, title: 'Getting started with AppSync' }] } },
    },
    {
      name: 'util.xml.toJsonString(String) is toMap as a JSON string',
      code: xmlCall('util.xml.toJsonString(ctx.args.xml)'),
      context: { arguments: { xml: ONE_POST } },
      expected: '{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}',
    },
    {
      name: 'util.xml.toJsonString(String, true) string-encodes the JSON',
      code: xmlCall('util.xml.toJsonString(ctx.args.xml, true)'),
      context: { arguments: { xml: ONE_POST } },
      expected: JSON.stringify('{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}'),
    },
  ],
};
