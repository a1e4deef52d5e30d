import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, CLIENT_ID, EXPIRED_API_KEY, post, REGION, signedHeaders, startHarness, USER_POOL_ID, type Harness } from './testing/fixture.js';
import { subForUsername } from '../../auth/index.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

describe('GraphQL over HTTP', () => {
  it('runs a query through the engine and builds ctx.info in AppSync format', async () => {
    const res = await post(h.server.graphqlUrl, {
      query: 'query Q($id: ID!) { item(id: $id) { id label: name ... on Item { owner } } }',
      variables: { id: '7' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { item: { id: '7', label: 'thing', owner: null } } });
    const invocation = h.engine.invocations.find((i) => i.fieldName === 'item');
    expect(invocation?.info.selectionSetList).toEqual(['id', 'label', 'owner']);
    expect(invocation?.outputType).toBe('Item');
    expect(invocation?.info.variables).toEqual({ id: '7' });
    expect(invocation?.info.selectionSetGraphQL).toContain('label: name');
    expect(invocation?.auth).toEqual({ authenticationType: 'API_KEY', identity: null });
    expect(invocation?.request.headers['x-api-key']).toBe(API_KEY);
  });

  it('sends the headers resolvers set with util.http.addResponseHeader (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http.html)', async () => {
    const res = await fetch(h.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: '{ item(id: "1") { id } }' }),
    });
    expect(res.headers.get('x-item-source')).toBe('fixture');
    const other = await fetch(h.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(other.headers.get('x-item-source')).toBeNull();
  });

  it('takes a GET with the query in the URL, and paths that only normalize to /graphql', async () => {
    const url = new URL(h.server.graphqlUrl);
    url.searchParams.set('query', 'query Q($id: ID!) { item(id: $id) { id } }');
    url.searchParams.set('variables', JSON.stringify({ id: '9' }));
    const get = await fetch(url, { headers: { 'x-api-key': API_KEY } });
    expect(await get.json()).toEqual({ data: { item: { id: '9' } } });
    const origin = url.origin;
    const roundabout = await post(`${origin}/other/../graphql?`, { query: '{ item(id: "2") { id } }' });
    expect(roundabout.body).toEqual({ data: { item: { id: '2' } } });
    expect((await post(`${origin}/graphqlx`, { query: '{ hello }' })).status).toBe(404);
  });

  it('answers CORS preflights', async () => {
    const res = await fetch(h.server.graphqlUrl, { method: 'OPTIONS', headers: { 'access-control-request-headers': 'x-api-key' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-api-key');
  });

  it('rejects malformed requests as AppSync does', async () => {
    expect(await post(h.server.graphqlUrl, '')).toEqual({
      status: 400,
      body: { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Request body is empty.' }] },
    });
    expect((await post(h.server.graphqlUrl, '{}')).body.errors[0].message).toBe('Unable to parse GraphQL query.');
    const invalid = await post(h.server.graphqlUrl, { query: '{ badfield }' });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          data: null,
          errorType: null,
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: "Validation error of type FieldUndefined: Field 'badfield' in type 'Query' is undefined @ 'badfield'",
        },
      ],
    });
  });

  it('reports resolver errors in AppSync shape, including appended ones', async () => {
    const res = await post(h.server.graphqlUrl, { query: '{ failing partial }' });
    expect(res.body.data).toEqual({ failing: null, partial: 'some' });
    expect(res.body.errors).toContainEqual({
      path: ['failing'],
      data: null,
      errorType: 'CustomError',
      errorInfo: { why: 'test' },
      locations: [{ line: 1, column: 3, sourceName: null }],
      message: 'it broke',
    });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: ['partial'], errorType: 'Appended', message: 'also this' }));
  });

  it('applies AppSync scalar rules (AWSJSON is a string on the wire, AWSDateTime is validated)', async () => {
    const res = await post(h.server.graphqlUrl, { query: 'mutation($v: AWSJSON!) { echoJson(value: $v) }', variables: { v: '{"a":[1,2]}' } });
    expect(res.body).toEqual({ data: { echoJson: '{"a":[1,2]}' } });
    expect(h.engine.invocations.at(-1)?.arguments).toEqual({ value: { a: [1, 2] } });
    const ok = await post(h.server.graphqlUrl, { query: 'mutation { stamp(at: "2026-01-02T03:04:05.123Z") }' });
    expect(ok.body).toEqual({ data: { stamp: '2026-01-02T03:04:05.123Z' } });
    const bad = await post(h.server.graphqlUrl, { query: 'mutation($at: AWSDateTime!) { stamp(at: $at) }', variables: { at: '2026-01-02 03:04' } });
    expect(bad.body.data).toBeNull();
    expect(bad.body.errors[0].message).toContain('AWSDateTime');
  });
});

describe('auth modes', () => {
  const query = { query: '{ hello }' };

  it('accepts a valid API key and rejects a wrong or expired one with 401', async () => {
    expect((await post(h.server.graphqlUrl, query)).body).toEqual({ data: { hello: 'hello API_KEY' } });
    for (const key of ['da2-wrong', EXPIRED_API_KEY]) {
      const res = await post(h.server.graphqlUrl, query, { 'x-api-key': key });
      expect(res).toEqual({ status: 401, body: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
    }
    expect((await post(h.server.graphqlUrl, query, {})).status).toBe(401);
  });

  it('verifies Cognito ID tokens and builds the identity', async () => {
    const token = await h.issuer.issueIdToken({ username: 'alice', groups: ['users'] });
    const res = await post(h.server.graphqlUrl, query, { authorization: token });
    expect(res.body).toEqual({ data: { hello: 'hello AMAZON_COGNITO_USER_POOLS' } });
    const identity = h.engine.invocations.at(-1)?.auth.identity as Record<string, unknown>;
    expect(identity['sub']).toBe(subForUsername(USER_POOL_ID, 'alice'));
    expect(identity['username']).toBe('alice');
    expect(identity['groups']).toEqual(['users']);
    expect(identity['issuer']).toBe(`https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`);
    expect((identity['claims'] as Record<string, unknown>)['aud']).toBe(CLIENT_ID);
  });

  it('rejects a JWT with a bad signature or past its expiry', async () => {
    const forged = await h.otherIssuer.issueIdToken({ username: 'alice' });
    expect((await post(h.server.graphqlUrl, query, { authorization: forged })).status).toBe(401);
    const expired = await h.issuer.issueIdToken({ username: 'alice', ttlSeconds: -60 });
    expect(await post(h.server.graphqlUrl, query, { authorization: expired })).toEqual({
      status: 401,
      body: { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] },
    });
  });

  it('restricts @aws_cognito_user_pools(cognito_groups) fields to members', async () => {
    const admin = await h.issuer.issueIdToken({ username: 'root', groups: ['admin'] });
    expect((await post(h.server.graphqlUrl, { query: '{ secret }' }, { authorization: admin })).body).toEqual({ data: { secret: 'classified' } });
    const user = await h.issuer.issueIdToken({ username: 'bob' });
    const denied = await post(h.server.graphqlUrl, { query: '{ secret hello }' }, { authorization: user });
    expect(denied.body.data).toEqual({ secret: null, hello: 'hello AMAZON_COGNITO_USER_POOLS' });
    expect(denied.body.errors).toEqual([
      {
        path: ['secret'],
        data: null,
        errorType: 'Unauthorized',
        errorInfo: null,
        locations: [{ line: 1, column: 3, sourceName: null }],
        message: 'Not Authorized to access secret on type Query',
      },
    ]);
  });

  it('verifies SigV4 (IAM) and denies fields without @aws_iam', async () => {
    const body = JSON.stringify({ query: 'mutation { publish(id: "1", name: "n") { id name } }' });
    const res = await post(h.server.graphqlUrl, body, await signedHeaders(h.server.graphqlUrl, body));
    expect(res.body).toEqual({ data: { publish: { id: '1', name: 'n' } } });
    const identity = h.engine.invocations.at(-1)?.auth.identity as Record<string, unknown>;
    expect(identity['userArn']).toBe('arn:aws:iam::123456789012:user/publisher');

    const itemBody = JSON.stringify({ query: '{ item(id: "1") { id } hello }' });
    const denied = await post(h.server.graphqlUrl, itemBody, await signedHeaders(h.server.graphqlUrl, itemBody));
    expect(denied.body.data).toEqual({ item: null, hello: 'hello AWS_IAM' });
    expect(denied.body.errors[0].message).toBe('Not Authorized to access item on type Query');
  });

  it('rejects a bad SigV4 signature, a tampered body and a skewed date', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    const wrongSecret = await post(h.server.graphqlUrl, body, await signedHeaders(h.server.graphqlUrl, body, { secretAccessKey: 'nope' }));
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.body.errors[0].errorType).toBe('InvalidSignatureException');
    const headers = await signedHeaders(h.server.graphqlUrl, body);
    expect((await post(h.server.graphqlUrl, body.replace('hello', 'hello '), headers)).status).toBe(403);
    const old = await post(h.server.graphqlUrl, body, await signedHeaders(h.server.graphqlUrl, body, { signingDate: new Date(Date.now() - 20 * 60_000) }));
    expect(old.status).toBe(403);
    expect(old.body.errors[0].message).toContain('Signature expired');
  });

  it('answers default-mode-only fields for the default mode alone', async () => {
    const token = await h.issuer.issueIdToken({ username: 'carol' });
    const res = await post(h.server.graphqlUrl, { query: '{ plain { id } }' }, { authorization: token });
    expect(res.body.errors[0].message).toBe('Not Authorized to access plain on type Query');
    expect((await post(h.server.graphqlUrl, { query: '{ plain { id } }' })).body).toEqual({ data: { plain: null } });
  });
});
