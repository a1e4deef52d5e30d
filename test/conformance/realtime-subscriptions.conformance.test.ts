// The real-time pages of AWS's AppSync developer guide, end to end: each page's schema,
// resolvers, requests and documented messages, served by the local runtime (real APPSYNC_JS
// engine, server and WebSocket clients). The handlers' own outputs are reference-page cases
// (pages/realtime-*.ts) counted by the coverage report like every other page.
// Where a page contradicts itself, the case says so and what it asserts instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolverEngine, type LocalResolverEngine } from '../../local/appsync/js/index.js';
import { offlineServices } from '../../local/appsync/js/test-support/api-fixture.js';
import type { AppSyncServer } from '../../local/appsync/server/index.js';
import {
  API_KEY, openAcknowledged, post, signedHeaders, startApiServer, startMessage, TestSocket, type Loose,
} from '../../local/appsync/server/testing/fixture.js';
import type { ApiDefinition, ResolverDefinition } from '../../local/appsync/types.js';
import { runPage } from './support/conformance.js';
import {
  CLIENT_FILTER_RESOLVER, CREATE_TICKET_RESOLVER, GROUP_TICKET_RESOLVER, NESTED_TICKET_RESOLVER, realtimeEnhancedFilteringPage,
} from './pages/realtime-enhanced-filtering.js';
import { GROUP_MESSAGE_SUBSCRIPTION_RESOLVER, realtimeInvalidationPage, REMOVE_USER_RESOLVER } from './pages/realtime-invalidation.js';

runPage(realtimeEnhancedFilteringPage);
runPage(realtimeInvalidationPage);

const CLIENT_PAGE = 'https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html';
const DATA_PAGE = 'https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html';

// The pages' schemas side by side in one API. Adaptations: TicketInput's closing brace (missing
// on the page); onSpecialTicketCreated's `filter` argument (the page's client-defined example);
// onUpdateTodo's `owner` argument (the page subscribes with owner: null but omits it from the
// schema); User readable under @aws_iam (the page's removeUserFromGroup is @aws_iam, the API
// default here is API_KEY).
const SCHEMA = /* GraphQL */ `
  schema { query: Query mutation: Mutation subscription: Subscription }
  type Query { none: String }

  type Message { message: String }

  type Post { id: ID! author: String title: String content: String url: String version: Int }

  type Todo { id: ID! name: String! when: String! where: String! description: String! owner: String }
  input UpdateTodoInput { id: ID! name: String when: String where: String description: String owner: String }

  type Ticket {
    id: ID
    createdAt: AWSDateTime
    content: String
    severity: Int
    priority: Priority
    category: String
    group: String
    status: String
    location: ProblemLocation
  }
  type ProblemLocation { address: Address }
  type Address { country: String }
  enum Priority { none lowest low medium high highest }
  input TicketInput { content: String severity: Int priority: Priority category: String group: String location: AWSJSON }

  type User @aws_iam { userId: ID! groupId: ID! }
  type GroupMessage { userId: ID! groupId: ID! message: String! }

  type Mutation {
    createMessage(message: String): Message
    addPost(id: ID! author: String! title: String content: String url: String): Post!
    updateTodo(input: UpdateTodoInput!): Todo
    createTicket(input: TicketInput): Ticket
    createGroupMessage(userId: ID!, groupId: ID!, message: String!): GroupMessage
    removeUserFromGroup(userId: ID!, groupId: ID!): User @aws_iam
  }

  type Subscription {
    onCreateMessage: Message @aws_subscribe(mutations: ["createMessage"])
    addedPost: Post @aws_subscribe(mutations: ["addPost"])
    onUpdateTodo(id: ID, name: String, when: String, where: String, description: String, owner: String): Todo
      @aws_subscribe(mutations: ["updateTodo"])
    onSpecialTicketCreated(filter: String): Ticket @aws_subscribe(mutations: ["createTicket"])
    onGroupTicketCreated(group: String!): Ticket @aws_subscribe(mutations: ["createTicket"])
    onNestedTicketCreated: Ticket @aws_subscribe(mutations: ["createTicket"])
    onGroupMessageCreated(userId: ID!, groupId: ID!): GroupMessage @aws_subscribe(mutations: ["createGroupMessage"])
  }
`;

const payloadOf = (expression: string) => `export function request(ctx) { return { payload: ${expression} }; }
export function response(ctx) { return ctx.result; }`;
const resolver = (typeName: string, fieldName: string, code: string): ResolverDefinition => ({
  typeName, fieldName, kind: 'UNIT', code, dataSourceName: 'none', sourceName: `${typeName}.${fieldName}.js`,
});

const API: ApiDefinition = {
  name: 'realtime-pages',
  schema: SCHEMA,
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [{ authenticationType: 'AWS_IAM' }],
  environmentVariables: {},
  dataSources: { none: { name: 'none', type: 'NONE' } },
  functions: {},
  resolvers: [
    resolver('Mutation', 'createMessage', payloadOf('{ message: ctx.args.message }')),
    resolver('Mutation', 'addPost', payloadOf('{ ...ctx.args, version: 1 }')),
    resolver('Mutation', 'updateTodo', payloadOf("{ name: 'n', when: 'w', where: 'h', description: 'd', ...ctx.args.input }")),
    resolver('Mutation', 'createTicket', CREATE_TICKET_RESOLVER),
    resolver('Mutation', 'createGroupMessage', payloadOf('ctx.args')),
    resolver('Mutation', 'removeUserFromGroup', REMOVE_USER_RESOLVER),
    // The page's handler for onSpecialTicketCreated, in its client-defined form.
    resolver('Subscription', 'onSpecialTicketCreated', CLIENT_FILTER_RESOLVER),
    resolver('Subscription', 'onGroupTicketCreated', GROUP_TICKET_RESOLVER),
    resolver('Subscription', 'onNestedTicketCreated', NESTED_TICKET_RESOLVER),
    resolver('Subscription', 'onGroupMessageCreated', GROUP_MESSAGE_SUBSCRIPTION_RESOLVER),
  ],
};

let engine: LocalResolverEngine;
let server: AppSyncServer;
let host: string;
beforeAll(async () => {
  engine = createResolverEngine(API, offlineServices, { log: () => {} });
  ({ server, host } = await startApiServer(API, engine));
});
afterAll(async () => {
  await server.close();
  engine.close();
});

async function mutate(query: string, variables: Record<string, unknown> = {}): Promise<Loose> {
  const { body } = await post(server.graphqlUrl, { query, variables });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function started(socket: TestSocket, id: string, query: string, variables: Record<string, unknown> = {}): Promise<void> {
  socket.send(startMessage(id, query, variables, { 'x-api-key': API_KEY, host }));
  const answer = await socket.waitFor((m) => m.id === id);
  if (answer.type !== 'start_ack') throw new Error(JSON.stringify(answer));
}

const dataFor = (socket: TestSocket, id: string): Loose[] => socket.messages.filter((m) => m.type === 'data' && m.id === id).map((m) => m.payload);

describe(`Building a real-time WebSocket client in AWS AppSync (${CLIENT_PAGE})`, () => {
  it('the API key handshake through the query string (header=<base64 JSON>&payload=e30=) gets the documented connection_ack, then "ka"', async () => {
    const header = Buffer.from(JSON.stringify({ host, 'x-api-key': API_KEY })).toString('base64');
    const socket = await TestSocket.open(`${server.realtimeUrl}?header=${encodeURIComponent(header)}&payload=e30=`, ['graphql-ws']);
    socket.send({ type: 'connection_init' });
    expect(await socket.waitFor((m) => m.type === 'connection_ack')).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    expect(await socket.waitFor((m) => m.type === 'ka')).toEqual({ type: 'ka' });
    socket.close();
  });

  it('start (the custom-domain example: x-api-key and host) -> start_ack; a mutation -> the documented data message; stop -> complete', async () => {
    const socket = await openAcknowledged(server);
    const id = 'key-cf23-4cb8-9fcb-152ae4fd1e69';
    socket.send({
      id,
      payload: {
        data: '{"query":"subscription onCreateMessage {\\n onCreateMessage {\\n __typename\\n message\\n }\\n }","variables":{}}',
        extensions: { authorization: { 'x-api-key': API_KEY, host } },
      },
      type: 'start',
    });
    expect(await socket.waitFor((m) => m.id === id)).toEqual({ type: 'start_ack', id });
    await mutate('mutation { createMessage(message: "test") { __typename message } }');
    expect(await socket.waitFor((m) => m.type === 'data')).toEqual({
      type: 'data', id, payload: { data: { onCreateMessage: { __typename: 'Message', message: 'test' } } },
    });
    socket.send({ type: 'stop', id });
    expect(await socket.waitFor((m) => m.type === 'complete')).toEqual({ type: 'complete', id });
    await mutate('mutation { createMessage(message: "after stop") { __typename message } }');
    await started(socket, 'marker', 'subscription { onCreateMessage { message } }');
    await mutate('mutation { createMessage(message: "marker") { message } }');
    await socket.waitFor((m) => m.type === 'data' && m.id === 'marker');
    expect(dataFor(socket, id)).toHaveLength(1);
    socket.close();
  });

  it('a failed registration is a "type": "error" message with the subscription id and payload.errors', async () => {
    const socket = await openAcknowledged(server);
    socket.send(startMessage('bad', 'subscription { onCreateMessage { nope } }', {}, { 'x-api-key': API_KEY, host }));
    const error = await socket.waitFor((m) => m.id === 'bad');
    expect(error).toMatchObject({ type: 'error', id: 'bad', payload: { errors: [{ message: expect.stringContaining('nope') }] } });
    socket.close();
  });
});

describe(`Using subscriptions for real-time data applications in AWS AppSync (${DATA_PAGE})`, () => {
  it('"addedPost{author title} linked to the mutation addPost(...){id author title url version} receives only the author and title"', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'post', 'subscription { addedPost { author title } }');
    await mutate('mutation { addPost(id: "1", author: "ABC", title: "T", url: "u") { id author title url version } }');
    // "if the mutation lacked the author in its selection set, the subscriber would get a null value for the author field"
    await mutate('mutation { addPost(id: "2", author: "ABC", title: "T2") { id title } }');
    await socket.waitFor((m) => m.type === 'data' && m.payload.data.addedPost.title === 'T2');
    expect(dataFor(socket, 'post')).toEqual([{ data: { addedPost: { author: 'ABC', title: 'T' } } }, { data: { addedPost: { author: null, title: 'T2' } } }]);
    socket.close();
  });

  it('onUpdateTodo(id: "a-todo-id") only hears that todo; without arguments every todo; owner: null only todos "that have not provided an owner"', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'all', 'subscription OnUpdateTodo { onUpdateTodo { description id name when } }');
    await started(socket, 'one', 'subscription OnUpdateTodo { onUpdateTodo(id: "a-todo-id") { description id name when } }');
    await started(socket, 'unowned', 'subscription MySubscription { onUpdateTodo(owner: null) { description id name when where } }');
    await started(socket, 'home', 'subscription todosAtHome { onUpdateTodo(when: "tomorrow", where: "at home") { id } }');
    const update = (input: Record<string, unknown>) =>
      mutate('mutation ($input: UpdateTodoInput!) { updateTodo(input: $input) { id name when where description owner } }', { input });
    await update({ id: 'a-todo-id', owner: 'alice' });
    await update({ id: 'other', when: 'tomorrow', where: 'at home' });
    await update({ id: 'last' });
    await socket.waitFor((m) => m.type === 'data' && m.id === 'all' && m.payload.data.onUpdateTodo.id === 'last');
    const ids = (id: string) => dataFor(socket, id).map((p) => p.data.onUpdateTodo.id);
    expect({ all: ids('all'), one: ids('one'), unowned: ids('unowned'), home: ids('home') }).toEqual({
      all: ['a-todo-id', 'other', 'last'], one: ['a-todo-id'], unowned: ['other', 'last'], home: ['other'],
    });
    socket.close();
  });
});

describe(`${realtimeEnhancedFilteringPage.title}, end to end (${realtimeEnhancedFilteringPage.url})`, () => {
  it('onGroupTicketCreated(group: "aws") receives the documented createTicket(input: {priority: medium, severity: 2, group: "aws"}), its unselected fields null', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'group', 'subscription OnGroup { onGroupTicketCreated(group: "aws") { category status severity priority id group createdAt content } }');
    await mutate('mutation { createTicket(input: {priority: medium, severity: 2, group: "other"}) { id group } }');
    const created = await mutate('mutation CreateTicket { createTicket(input: {priority: medium, severity: 2, group: "aws"}) { id priority severity status group createdAt } }');
    const data = await socket.waitFor((m) => m.type === 'data');
    expect(data.payload).toEqual({
      data: {
        onGroupTicketCreated: {
          category: null, status: 'pending', severity: 2, priority: 'medium', id: created.createTicket.id, group: 'aws', createdAt: created.createTicket.createdAt, content: null,
        },
      },
    });
    socket.close();
  });

  it('onSpecialTicketCreated: "priority high or medium AND severity >= 7, OR category security AND group admin or operators"', async () => {
    const socket = await openAcknowledged(server);
    const filter = {
      or: [
        { severity: { ge: 7 }, priority: { in: ['high', 'medium'] } },
        { category: { eq: 'security' }, group: { in: ['admin', 'operators'] } },
      ],
    };
    await started(socket, 'special', 'subscription ($filter: String) { onSpecialTicketCreated(filter: $filter) { id content } }', { filter: JSON.stringify(filter) });
    // The page's own client-defined variable.
    await started(socket, 'low', 'subscription onSpecialTicketCreated($filter: String) { onSpecialTicketCreated(filter: $filter) { id content } }', { filter: '{"severity":{"le":2}}' });
    const tickets = [
      { content: 'urgent', severity: 8, priority: 'high' },
      { content: 'minor', severity: 2, priority: 'high' },
      { content: 'breach', category: 'security', group: 'operators', severity: 1 },
      { content: 'security elsewhere', category: 'security', group: 'users', severity: 9, priority: 'low' },
    ];
    for (const input of tickets) await mutate('mutation ($input: TicketInput) { createTicket(input: $input) { id content severity priority category group } }', { input });
    await mutate('mutation { createTicket(input: {content: "marker", severity: 7, priority: medium}) { id content severity priority category group } }');
    await socket.waitFor((m) => m.type === 'data' && m.id === 'special' && m.payload.data.onSpecialTicketCreated.content === 'marker');
    const contents = (id: string) => dataFor(socket, id).map((p) => p.data.onSpecialTicketCreated.content);
    expect(contents('special')).toEqual(['urgent', 'breach', 'marker']);
    expect(contents('low')).toEqual(['minor', 'breach']);
    socket.close();
  });

  it('the nested filter fires for a ticket whose location.address.country is USA (the page\'s CreateTicketInUSA)', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'nested', 'subscription { onNestedTicketCreated { id location { address { country } } } }');
    const selection = '{ category content createdAt group id location { address { country } } priority severity status }';
    await mutate(`mutation { createTicket(input: {location: "{\\"address\\":{\\"country\\":\\"Canada\\"}}"}) ${selection} }`);
    await mutate(`mutation CreateTicketInUSA { createTicket(input: {location: "{\\"address\\":{\\"country\\":\\"USA\\"}}"}) ${selection} }`);
    const data = await socket.waitFor((m) => m.type === 'data');
    expect(data.payload.data.onNestedTicketCreated.location).toEqual({ address: { country: 'USA' } });
    expect(dataFor(socket, 'nested')).toHaveLength(1);
    socket.close();
  });
});

describe(`${realtimeInvalidationPage.title}, end to end (${realtimeInvalidationPage.url})`, () => {
  it('client A (user-1, group-1) gets group-1 messages, then "Subscription complete." and a closed connection when user-1 leaves group-1; client B is unaffected', async () => {
    const clientA = await openAcknowledged(server);
    const clientB = await openAcknowledged(server);
    const subscription = 'subscription ($userId: ID!, $groupId: ID!) { onGroupMessageCreated(userId: $userId, groupId: $groupId) { userId groupId message } }';
    await started(clientA, 'a', subscription, { userId: 'user-1', groupId: 'group-1' });
    await started(clientB, 'b', subscription, { userId: 'user-2', groupId: 'group-2' });

    // The page creates the message with `id: "message-1"`, an argument its schema does not have; userId stands in.
    await mutate('mutation { createGroupMessage(userId: "user-3", groupId: "group-1", message: "test message") { userId groupId message } }');
    expect(await clientA.waitFor((m) => m.type === 'data')).toEqual({
      type: 'data', id: 'a', payload: { data: { onGroupMessageCreated: { userId: 'user-3', groupId: 'group-1', message: 'test message' } } },
    });

    const body = JSON.stringify({ query: 'mutation { removeUserFromGroup(userId: "user-1", groupId : "group-1") { userId groupId } }' });
    const removed = await post(server.graphqlUrl, body, await signedHeaders(server.graphqlUrl, body));
    expect(removed.body).toEqual({ data: { removeUserFromGroup: { userId: 'user-1', groupId: 'group-1' } } });
    expect(await clientA.waitFor((m) => m.type === 'complete')).toEqual({ type: 'complete', id: 'a', payload: { message: 'Subscription complete.' } });
    await expect(clientA.waitFor(() => false)).rejects.toThrow(/socket closed/);

    await mutate('mutation { createGroupMessage(userId: "user-3", groupId: "group-2", message: "still here") { userId groupId message } }');
    expect((await clientB.waitFor((m) => m.type === 'data')).payload.data.onGroupMessageCreated.message).toBe('still here');
    expect(clientB.closed).toBeUndefined();
    clientB.close();
  });
});
