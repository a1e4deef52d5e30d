// Builds small ApiDefinitions and invocations for the engine's tests.
import type {
  ApiDefinition, DataSourceDefinition, DataSourceServices, FieldInvocation, FunctionDefinition, ResolverDefinition,
} from '../../types.js';

export function apiWith(parts: {
  dataSources?: DataSourceDefinition[];
  functions?: FunctionDefinition[];
  resolvers: ResolverDefinition[];
  env?: Record<string, string>;
}): ApiDefinition {
  return {
    name: 'test-api',
    schema: 'type Query { ok: String }',
    defaultAuth: { authenticationType: 'API_KEY' },
    additionalAuth: [],
    environmentVariables: parts.env ?? {},
    dataSources: Object.fromEntries(
      [{ name: 'none', type: 'NONE' } as DataSourceDefinition, ...(parts.dataSources ?? [])].map((d) => [d.name, d]),
    ),
    functions: Object.fromEntries((parts.functions ?? []).map((f) => [f.name, f])),
    resolvers: parts.resolvers,
  };
}

export function unit(typeName: string, fieldName: string, code: string, dataSourceName = 'none'): ResolverDefinition {
  return { typeName, fieldName, kind: 'UNIT', code, dataSourceName, sourceName: `${typeName}.${fieldName}.js` };
}

export function invocationOf(typeName: string, fieldName: string, args: Record<string, unknown> = {}): FieldInvocation {
  return {
    typeName,
    fieldName,
    arguments: args,
    source: null,
    info: { fieldName, parentTypeName: typeName, variables: {}, selectionSetList: ['id'], selectionSetGraphQL: '{ id }' },
    auth: {
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      identity: {
        sub: 'user-1', issuer: 'https://issuer', username: 'alice', claims: { sub: 'user-1' },
        sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null,
      },
    },
    request: { headers: { 'x-test': 'yes' }, domainName: null },
  };
}

export const offlineServices: DataSourceServices = {
  dynamodb: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } },
  invokeLambda: () => Promise.reject(new Error('no Lambda in this test')),
};
