// "The header can use a Bearer scheme" for Cognito and OIDC tokens on the real-time endpoint
// (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html), while
// "The Lambda authorization token should not contain a Bearer scheme prefix": a Lambda
// authorizer gets the Authorization header as sent, never an unwrapped token.
import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../types.js';
import { Authenticator, type AuthRequest } from './authenticate.js';
import type { LambdaAuthorizerEvent } from './lambda-authorizer.js';
import { normalizeAuthHeaders } from '../realtime/handshake.js';

const api = (authenticationType: 'AWS_LAMBDA'): ApiDefinition => ({
  name: 'bearer-api',
  schema: 'type Query { a: String }',
  defaultAuth: { authenticationType, authorizerFunction: 'Authorizer', authorizerResultTtlInSeconds: 0 },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: {},
  functions: {},
  resolvers: [],
});

const request = (authorization: string, bearerScheme: boolean): AuthRequest => ({
  headers: { authorization }, method: 'POST', signedPaths: ['/graphql'], body: '{}', sourceIp: '127.0.0.1', bearerScheme,
});

describe('Bearer scheme', () => {
  it('a Lambda authorizer gets the real-time Authorization header as sent, Bearer included', async () => {
    const tokens: string[] = [];
    const authenticator = new Authenticator(api('AWS_LAMBDA'), {
      apiKeys: [],
      lambda: {
        invoke: (_name, event: LambdaAuthorizerEvent) => {
          tokens.push(event.authorizationToken);
          return Promise.resolve({ payload: { isAuthorized: true } });
        },
      },
    });
    const jwtShaped = 'Bearer aaa.bbb.ccc';
    // The real-time handshake and start headers keep it: only the JWT modes unwrap it.
    expect(normalizeAuthHeaders({ Authorization: jwtShaped })).toEqual({ authorization: jwtShaped });
    await authenticator.authenticate(request(jwtShaped, true));
    await authenticator.authenticate(request(jwtShaped, false));
    expect(tokens).toEqual([jwtShaped, jwtShaped]);
  });
});
