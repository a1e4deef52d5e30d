// What a subscriber receives, end to end: real APPSYNC_JS resolvers (extensions.setSubscriptionFilter,
// util.transform.toSubscriptionFilter), the server, and WebSocket clients.
// - enhanced filters and their interaction with arguments, lists:
//   https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
// - "the subscriber would get a null value ... (or an error ... not-null)":
//   https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
// - the 240 KB subscription payload quota: https://docs.aws.amazon.com/general/latest/gr/appsync.html
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolverEngine, type LocalResolverEngine } from '../../js/index.js';
import { apiWith, offlineServices, unit } from '../../js/test-support/api-fixture.js';
import type { AppSyncServer } from '../index.js';
import { openAcknowledged, post, startApiServer, startMessage, type Loose, type TestSocket } from '../testing/fixture.js';

const SCHEMA = /* GraphQL */ `
  schema { query: Query mutation: Mutation subscription: Subscription }
  type Query { none: String }
  type Author { id: ID! name: String! bio: String }
  type Post {
    id: ID!
    title: String
    status: String
    group: String
    score: Int
    rating: Float
    published: Boolean
    tags: [String]
    seats: [Int]
    author: Author
    views: Int!
    body: String
  }
  input AuthorInput { id: ID!, name: String!, bio: String }
  input PostInput {
    id: ID!, title: String, status: String, group: String, score: Int, rating: Float, published: Boolean,
    tags: [String], seats: [Int], author: AuthorInput, views: Int, body: String
  }
  type Mutation {
    createPost(input: PostInput!): Post
    createPosts(inputs: [PostInput!]!): [Post]
  }
  type Subscription {
    onPost(group: String, status: String): Post @aws_subscribe(mutations: ["createPost"])
    onPostWhere(filter: String): Post @aws_subscribe(mutations: ["createPost"])
    onGroupPost(group: String!): Post @aws_subscribe(mutations: ["createPost"])
    onPosts: [Post] @aws_subscribe(mutations: ["createPosts"])
    onPostsWhere(filter: String): [Post] @aws_subscribe(mutations: ["createPosts"])
  }
`;

const passThrough = (argument: string) => `export function request(ctx) { return { payload: ctx.args.${argument} }; }
export function response(ctx) { return ctx.result; }`;
const clientFilter = `import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) { return { payload: null }; }
export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(ctx.args.filter));
  return null;
}`;
// The page's onGroupTicketCreated, minus the group rule: its required argument then filters nothing.
const statusOnly = `import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) { return { payload: null }; }
export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ status: { eq: 'pending' } }));
  return null;
}`;

const api = { ...apiWith({
  resolvers: [
    unit('Mutation', 'createPost', passThrough('input')),
    unit('Mutation', 'createPosts', passThrough('inputs')),
    unit('Subscription', 'onPostWhere', clientFilter),
    unit('Subscription', 'onGroupPost', statusOnly),
    unit('Subscription', 'onPostsWhere', clientFilter),
  ],
}), schema: SCHEMA };

let engine: LocalResolverEngine;
let server: AppSyncServer;
let logs: string[];
beforeAll(async () => {
  engine = createResolverEngine(api, offlineServices, { log: () => {} });
  ({ server, logs } = await startApiServer(api, engine));
});
afterAll(async () => {
  await server.close();
  engine.close();
});

const SELECTION = '{ id title status group score rating published tags seats author { id name } views body }';
async function createPost(input: Record<string, unknown>, selection = SELECTION): Promise<Loose> {
  const { body } = await post(server.graphqlUrl, { query: `mutation ($input: PostInput!) { createPost(input: $input) ${selection} }`, variables: { input } });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body;
}

async function started(socket: TestSocket, id: string, query: string, variables: Record<string, unknown> = {}): Promise<void> {
  socket.send(startMessage(id, query, variables));
  const answer = await socket.waitFor((m) => m.id === id && m.type !== 'ka');
  if (answer.type !== 'start_ack') throw new Error(JSON.stringify(answer));
}

/** Ids each subscription received; `until` is a post every subscription sees last (then dropped). */
async function receivedIds(socket: TestSocket, ids: string[], marker: string): Promise<Record<string, string[]>> {
  await createPost({ id: marker, views: 0 });
  await socket.waitFor((m) => m.type === 'data' && m.id === 'sentinel' && m.payload.data.onPost.id === marker);
  return Object.fromEntries(
    ids.map((id) => [
      id,
      socket.messages
        .filter((m) => m.type === 'data' && m.id === id)
        .map((m) => (Object.values(m.payload.data)[0] as { id: string }).id)
        .filter((postId) => postId !== marker),
    ]),
  );
}

describe('enhanced filters end to end: each operator through a client-defined filter (toSubscriptionFilter of a String argument)', () => {
  const FILTERS: Record<string, Record<string, unknown>> = {
    eqString: { status: { eq: 'pending' } },
    eqNumber: { score: { eq: 7 } },
    eqBoolean: { published: { eq: true } },
    ne: { status: { ne: 'pending' } },
    le: { score: { le: 3 } },
    lt: { rating: { lt: 2.5 } },
    ge: { score: { ge: 7 } },
    gtString: { title: { gt: 'M' } },
    containsString: { title: { contains: 'GraphQL' } },
    containsArray: { tags: { contains: 'aws' } },
    notContains: { tags: { notContains: 'aws' } },
    beginsWith: { title: { beginsWith: 'Intro' } },
    in: { group: { in: ['admin', 'operators'] } },
    notIn: { group: { notIn: ['admin', 'operators'] } },
    between: { score: { between: [1, 7] } },
    containsAny: { seats: { containsAny: [10, 15] } },
    nested: { 'author.name': { eq: 'Ada' } },
    and: { and: [{ status: { eq: 'pending' } }, { score: { gt: 5 } }] },
    or: { or: [{ severity: { ge: 7 } }, { group: { eq: 'admin' } }, { published: { eq: false } }] },
    twoOperatorsOneField: { score: { lt: 2, gt: 8 } },
  };
  const POSTS = [
    { id: 'p1', title: 'Intro to GraphQL', status: 'pending', group: 'admin', score: 7, rating: 4.5, published: true, tags: ['aws', 'graphql'], seats: [10, 11], author: { id: 'a1', name: 'Ada' }, views: 1 },
    { id: 'p2', title: 'About subscriptions', status: 'done', group: 'users', score: 3, rating: 2.1, published: false, tags: ['web'], seats: [15, 20, 30], author: { id: 'a2', name: 'Bob' }, views: 2 },
    { id: 'p3', title: 'Notes', status: 'pending', group: 'operators', score: 9, rating: 2.5, published: true, tags: [], seats: [1], views: 3 },
    { id: 'p4', title: 'Misc', status: 'archived', group: 'guests', score: 1, rating: 0.5, tags: ['aws'], views: 4 },
  ];
  const EXPECTED: Record<string, string[]> = {
    eqString: ['p1', 'p3'],
    eqNumber: ['p1'],
    eqBoolean: ['p1', 'p3'],
    ne: ['p2', 'p4'],
    le: ['p2', 'p4'],
    lt: ['p2', 'p4'],
    ge: ['p1', 'p3'],
    gtString: ['p3', 'p4'],
    containsString: ['p1'],
    containsArray: ['p1', 'p4'],
    notContains: ['p2', 'p3'],
    beginsWith: ['p1'],
    in: ['p1', 'p3'],
    notIn: ['p2', 'p4'],
    between: ['p2'],
    containsAny: ['p1', 'p2'],
    nested: ['p1'],
    and: ['p1', 'p3'],
    or: ['p1', 'p2'],
    twoOperatorsOneField: ['p3', 'p4'],
  };

  it('delivers each post to the filters it satisfies, and only those', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'sentinel', `subscription { onPost ${SELECTION} }`);
    for (const [name, filter] of Object.entries(FILTERS)) {
      await started(socket, name, `subscription ($f: String) { onPostWhere(filter: $f) { id } }`, { f: JSON.stringify(filter) });
    }
    for (const input of POSTS) await createPost(input);
    expect(await receivedIds(socket, Object.keys(FILTERS), 'end-operators')).toEqual(EXPECTED);
    socket.close();
  });

  it('refuses a filter over the documented limits when the subscription starts', async () => {
    const socket = await openAcknowledged(server);
    const tooMany = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((field) => [field, { eq: 1 }]));
    socket.send(startMessage('limit', 'subscription ($f: String) { onPostWhere(filter: $f) { id } }', { f: JSON.stringify(tooMany) }));
    const error = await socket.waitFor((m) => m.id === 'limit');
    expect(error.type).toBe('error');
    expect(error.payload.errors[0].message).toContain('Filters exceed maximum attributes limit 5');
    socket.send(startMessage('in', 'subscription ($f: String) { onPostWhere(filter: $f) { id } }', { f: JSON.stringify({ group: { in: ['a', 'b', 'c', 'd', 'e', 'f'] } }) }));
    expect((await socket.waitFor((m) => m.id === 'in')).payload.errors[0].message).toContain('at most 5 values');
    socket.close();
  });
});

describe('enhanced filters and arguments', () => {
  it('uses only the resolver\'s filter once it sets one ("You can\'t use basic filtering and enhanced filtering concurrently")', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'sentinel', `subscription { onPost { id } }`);
    await started(socket, 'enhanced', 'subscription { onGroupPost(group: "a") { id group status } }');
    await started(socket, 'basic', 'subscription { onPost(group: "a") { id group status } }');
    await createPost({ id: 'g1', group: 'b', status: 'pending', views: 1 });
    await createPost({ id: 'g2', group: 'a', status: 'done', views: 1 });
    await createPost({ id: 'g3', group: 'a', status: 'pending', views: 1 });
    expect(await receivedIds(socket, ['enhanced', 'basic'], 'end-args')).toEqual({ enhanced: ['g1', 'g3'], basic: ['g2', 'g3'] });
    socket.close();
  });

  it('ignores a list result for enhanced subscriptions ("Enhanced filters don\'t support filtering for top-level object lists")', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'plain', 'subscription { onPosts { id } }');
    await started(socket, 'filtered', 'subscription ($f: String) { onPostsWhere(filter: $f) { id } }', { f: JSON.stringify({ status: { ne: 'y' } }) });
    const create = (ids: string[]) =>
      post(server.graphqlUrl, { query: 'mutation ($i: [PostInput!]!) { createPosts(inputs: $i) { id status } }', variables: { i: ids.map((id) => ({ id, status: 'x', views: 0 })) } });
    await create(['l1', 'l2']);
    await create(['l3']);
    await socket.waitFor((m) => m.type === 'data' && m.id === 'plain' && m.payload.data.onPosts[0].id === 'l3');
    expect(socket.messages.filter((m) => m.type === 'data').map((m) => [m.id, m.payload.data])).toEqual([
      ['plain', { onPosts: [{ id: 'l1' }, { id: 'l2' }] }],
      ['plain', { onPosts: [{ id: 'l3' }] }],
    ]);
    socket.close();
  });
});

describe('a subscriber receives only the fields the mutation selected', () => {
  it('nulls what the mutation did not select, at every depth, and answers __typename and aliases itself', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 's', 'subscription { onPost(group: "sel") { __typename id heading: title body tags author { __typename id name bio } } }');
    await createPost({ id: 's1', group: 'sel', title: 'T', body: 'not selected', tags: ['x'], author: { id: 'a', name: 'Ada', bio: 'b' }, views: 1 }, '{ id group title author { id name } }');
    expect((await socket.waitFor((m) => m.type === 'data')).payload).toEqual({
      data: { onPost: { __typename: 'Post', id: 's1', heading: 'T', body: null, tags: null, author: { __typename: 'Author', id: 'a', name: 'Ada', bio: null } } },
    });
    socket.close();
  });

  it('nulls the nearest nullable parent of a non-null field the mutation did not select, with AppSync\'s error', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'views', 'subscription { onPost(group: "nn") { id views } }');
    await started(socket, 'name', 'subscription { onPost(group: "nn") { id author { id name } } }');
    await createPost({ id: 'n1', group: 'nn', author: { id: 'a', name: 'Ada' }, views: 5 }, '{ id group author { id } }');
    expect((await socket.waitFor((m) => m.type === 'data' && m.id === 'views')).payload).toEqual({
      data: { onPost: null },
      errors: [{ message: "Cannot return null for non-nullable type: 'Int' within parent 'Post' (/onPost/views)", path: ['onPost', 'views'] }],
    });
    expect((await socket.waitFor((m) => m.type === 'data' && m.id === 'name')).payload).toEqual({
      data: { onPost: { id: 'n1', author: null } },
      errors: [{ message: "Cannot return null for non-nullable type: 'String' within parent 'Author' (/onPost/author/name)", path: ['onPost', 'author', 'name'] }],
    });
    socket.close();
  });
});

describe('the 240 KB subscription payload quota', () => {
  it('delivers a mutation payload over 240 KB to no subscriber and counts it, while smaller ones flow', async () => {
    const socket = await openAcknowledged(server);
    await started(socket, 'big', 'subscription { onPost(group: "big") { id } }');
    const before = server.stats().oversizePayloads;
    // The subscriber selects only the id: the mutation's payload is what counts.
    await createPost({ id: 'huge', group: 'big', body: 'x'.repeat(240 * 1024), views: 0 }, '{ id group body }');
    await createPost({ id: 'fits', group: 'big', body: 'x'.repeat(200 * 1024), views: 0 }, '{ id group body }');
    await socket.waitFor((m) => m.type === 'data');
    expect(socket.messages.filter((m) => m.type === 'data').map((m) => m.payload.data.onPost.id)).toEqual(['fits']);
    expect(server.stats().oversizePayloads).toBe(before + 1);
    expect(logs.some((line) => line.includes('240 KB'))).toBe(true);
    socket.close();
  });
});
