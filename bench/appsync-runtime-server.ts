// The local AppSync runtime under test, in a process of its own (as the peer is), serving the
// benchmark's API with APPSYNC_JS resolvers. Forked by bench/appsync-runtime.ts with
// `<dynamodb endpoint>`; no sandbox, no template: a hand-made ApiDefinition.
import type { ApiDefinition } from '../local/appsync/types.js';
import { createResolverEngine } from '../local/appsync/js/index.js';
import { startAppSyncServer } from '../local/appsync/server/index.js';
import { API_KEY, CREDENTIALS, REGION, RESOLVERS, SCHEMA, TABLE_NAME, type ServerReady } from './peer/bench-api.js';

const [dynamodbEndpoint] = process.argv.slice(2);
if (!dynamodbEndpoint) throw new Error('usage: appsync-runtime-server.ts <dynamodb endpoint>');

const api: ApiDefinition = {
  name: 'bench-api',
  schema: SCHEMA,
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: {
    none: { name: 'none', type: 'NONE' },
    items: { name: 'items', type: 'AMAZON_DYNAMODB', tableName: TABLE_NAME },
  },
  functions: {},
  resolvers: RESOLVERS.map((r) => ({
    typeName: r.typeName,
    fieldName: r.fieldName,
    kind: 'UNIT',
    code: r.js,
    dataSourceName: r.dataSource,
    sourceName: `${r.typeName}.${r.fieldName}.js`,
  })),
};

const log = (line: string) => console.error(line);
const engine = createResolverEngine(
  api,
  {
    dynamodb: { endpoint: dynamodbEndpoint, region: REGION, credentials: CREDENTIALS },
    invokeLambda: () => Promise.reject(new Error('the benchmark API has no Lambda data source')),
  },
  { log },
);
const server = await startAppSyncServer({
  api,
  engine,
  auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 24 * 3600 }] },
  log,
});
const ready: ServerReady = { type: 'ready', graphqlUrl: server.graphqlUrl, realtimeUrl: server.realtimeUrl };
process.send?.(ready);
process.on('disconnect', () => {
  engine.close();
  void server.close().finally(() => process.exit(0));
});
