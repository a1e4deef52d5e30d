// The directive rules alone (the servers' tests cover them end to end): every auth directive,
// Cognito groups, Cognito's DefaultAction and a Lambda authorizer's deniedFields.
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#using-additional-authorization-modes
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuthenticationType, AuthProvider, RequestAuth } from '../../types.js';
import { FieldAuthorizer } from './field-rules.js';

const BUILTINS = readFileSync(new URL('../../../../schema/aws/appsync-builtins.graphql', import.meta.url), 'utf8');
const schema = buildSchema(`${BUILTINS}
  type Query {
    plain: String
    byKey: String @aws_api_key
    byIam: String @aws_iam
    byOidc: String @aws_oidc
    byLambda: String @aws_lambda
    anyUser: String @aws_cognito_user_pools
    admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
    legacyAdmins: String @aws_auth(cognito_groups: ["admin", "ops"])
    doc: Doc
  }
  type Doc @aws_cognito_user_pools(cognito_groups: ["editors"]) @aws_lambda {
    title: String
    notes: String @aws_lambda
  }
`);

const user = (groups: string[] | null): RequestAuth => ({
  authenticationType: 'AMAZON_COGNITO_USER_POOLS',
  identity: { sub: 's', issuer: 'i', username: 'u', claims: {}, sourceIp: [], defaultAuthStrategy: 'ALLOW', groups },
});
const as = (authenticationType: AuthenticationType): RequestAuth => ({ authenticationType, identity: null });
const allowed = (authorizer: FieldAuthorizer, auth: RequestAuth, fields: string[]) =>
  fields.filter((field) => {
    const [type, name] = field.split('.') as [string, string];
    return authorizer.isAllowed(type, name, auth);
  });

const QUERY_FIELDS = ['plain', 'byKey', 'byIam', 'byOidc', 'byLambda', 'anyUser', 'admins', 'legacyAdmins'].map((f) => `Query.${f}`);

describe('auth directives with a default and additional modes', () => {
  const authorizer = new FieldAuthorizer(schema, { authenticationType: 'API_KEY' });

  it('maps each directive to its mode; a field without one is for the default mode only', () => {
    expect(allowed(authorizer, as('API_KEY'), QUERY_FIELDS)).toEqual(['Query.plain', 'Query.byKey']);
    expect(allowed(authorizer, as('AWS_IAM'), QUERY_FIELDS)).toEqual(['Query.byIam']);
    expect(allowed(authorizer, as('OPENID_CONNECT'), QUERY_FIELDS)).toEqual(['Query.byOidc']);
    expect(allowed(authorizer, { authenticationType: 'AWS_LAMBDA', identity: { resolverContext: {} } }, QUERY_FIELDS)).toEqual(['Query.byLambda']);
  });

  it('restricts cognito_groups (either directive) to members, and applies a type\u2019s directives to fields without their own', () => {
    expect(allowed(authorizer, user(null), QUERY_FIELDS)).toEqual(['Query.anyUser']);
    expect(allowed(authorizer, user(['ops']), QUERY_FIELDS)).toEqual(['Query.anyUser', 'Query.legacyAdmins']);
    expect(allowed(authorizer, user(['admin']), QUERY_FIELDS)).toEqual(['Query.anyUser', 'Query.admins', 'Query.legacyAdmins']);
    expect(allowed(authorizer, user(['editors']), ['Doc.title', 'Doc.notes'])).toEqual(['Doc.title']);
    expect(allowed(authorizer, user(['admin']), ['Doc.title'])).toEqual([]);
  });

  it('refuses a Lambda authorizer\u2019s deniedFields whatever the directives say', () => {
    const lambda: RequestAuth = { authenticationType: 'AWS_LAMBDA', identity: { resolverContext: {} }, deniedFields: ['Doc.notes', 'Query.byLambda'] };
    expect(allowed(authorizer, lambda, ['Query.byLambda', 'Doc.title', 'Doc.notes'])).toEqual(['Doc.title']);
    expect(authorizer.isAllowed('Doc', '__typename', lambda)).toBe(true);
  });
});

describe('Cognito user pools as the default mode, DefaultAction (AWSCloudFormation aws-properties-appsync-graphqlapi-userpoolconfig.html)', () => {
  const cognito = (defaultAction: AuthProvider['defaultAction']) =>
    new FieldAuthorizer(schema, { authenticationType: 'AMAZON_COGNITO_USER_POOLS', ...(defaultAction ? { defaultAction } : {}) });

  it('ALLOW (the default) opens fields without directives to every user', () => {
    expect(allowed(cognito(undefined), user(null), ['Query.plain', 'Query.admins'])).toEqual(['Query.plain']);
    expect(allowed(cognito('ALLOW'), user(null), ['Query.plain'])).toEqual(['Query.plain']);
  });

  it('DENY closes them: only fields whose directives let the caller in remain', () => {
    expect(allowed(cognito('DENY'), user(['admin']), QUERY_FIELDS)).toEqual(['Query.anyUser', 'Query.admins', 'Query.legacyAdmins']);
    expect(allowed(cognito('DENY'), user(null), ['Query.plain'])).toEqual([]);
  });
});
