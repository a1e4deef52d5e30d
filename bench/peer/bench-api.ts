// The API both servers serve in the benchmark: one schema, its resolvers in APPSYNC_JS for
// the local runtime and in VTL for the peer (the simulator runs VTL only).
export const TABLE_NAME = 'bench-items';
/** The GetItem query reads these in turn, so that concurrent requests ask for different keys. */
export const ITEM_COUNT = 1000;
export const itemOf = (index: number) => ({ id: `item-${index}`, name: `Bench item ${index}`, count: index });
export const API_KEY = 'da2-benchmark';
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export const SCHEMA = /* GraphQL */ `
  type Query {
    echo(text: String!): String
    item(id: ID!): Item
  }
  type Item {
    id: ID!
    name: String
    count: Int
  }
  type Message {
    channel: String!
    body: String
  }
  type Mutation {
    publish(channel: String!, body: String): Message
  }
  type Subscription {
    onPublish(channel: String): Message @aws_subscribe(mutations: ["publish"])
  }
`;

export const QUERIES = {
  none: { query: 'query Echo($text: String!) { echo(text: $text) }', variables: { text: 'ping' } },
  getItem: (id: string) => ({ query: 'query Item($id: ID!) { item(id: $id) { id name count } }', variables: { id } }),
  publish: (channel: string, body: string) => ({
    query: 'mutation Publish($channel: String!, $body: String) { publish(channel: $channel, body: $body) { channel body } }',
    variables: { channel, body },
  }),
  onPublish: (channel: string) => ({
    query: 'subscription OnPublish($channel: String) { onPublish(channel: $channel) { channel body } }',
    variables: { channel },
  }),
};

interface ResolverPair {
  typeName: string;
  fieldName: string;
  dataSource: 'none' | 'items';
  js: string;
  vtl: { request: string; response: string };
}

const passResult = 'export function response(ctx) { return ctx.result; }';

export const RESOLVERS: ResolverPair[] = [
  {
    typeName: 'Query',
    fieldName: 'echo',
    dataSource: 'none',
    js: `export function request(ctx) { return { payload: ctx.args.text }; }\n${passResult}`,
    vtl: {
      request: '{ "version": "2018-05-29", "payload": $util.toJson($ctx.args.text) }',
      response: '$util.toJson($ctx.result)',
    },
  },
  {
    typeName: 'Query',
    fieldName: 'item',
    dataSource: 'items',
    js: `import { util } from '@aws-appsync/utils';
export function request(ctx) { return { operation: 'GetItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }) }; }
export function response(ctx) { if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } return ctx.result; }`,
    vtl: {
      request: '{ "version": "2018-05-29", "operation": "GetItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.id) } }',
      response: '#if($ctx.error) $util.error($ctx.error.message, $ctx.error.type) #end\n$util.toJson($ctx.result)',
    },
  },
  {
    typeName: 'Mutation',
    fieldName: 'publish',
    dataSource: 'none',
    js: `export function request(ctx) { return { payload: { channel: ctx.args.channel, body: ctx.args.body } }; }\n${passResult}`,
    vtl: {
      request: '{ "version": "2018-05-29", "payload": { "channel": $util.toJson($ctx.args.channel), "body": $util.toJson($ctx.args.body) } }',
      response: '$util.toJson($ctx.result)',
    },
  },
];

/** What a server process (forked with the DynamoDB endpoint as its argument) reports once it listens. */
export interface ServerReady {
  type: 'ready';
  graphqlUrl: string;
  realtimeUrl: string;
}
