// The peer under test, in a process of its own: @aws-amplify/amplify-appsync-simulator serving the
// benchmark's API with VTL resolvers, a NONE data source and DynamoDB Local.
// Forked by bench/appsync-runtime.ts with `<dynamodb endpoint> <peer install folder>`.
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_KEY, CREDENTIALS, REGION, RESOLVERS, SCHEMA, TABLE_NAME, type ServerReady } from './bench-api.js';
import { PEER_PACKAGE } from './install-peer.js';

/** The little of the simulator's API used here (its types live in the peer's folder, not the project's). */
interface Simulator {
  init(config: unknown): void;
  stop(): Promise<void>;
  /** Private: its start() listens on every interface and probes all of them; this one listens on loopback. */
  _server: { _httpServer: Server; _realTimeSubscriptionServer: { start(): void } };
}

const [dynamodbEndpoint, peerDirectory] = process.argv.slice(2);
if (!dynamodbEndpoint || !peerDirectory) throw new Error('usage: simulator-server.ts <dynamodb endpoint> <peer folder>');

// The simulator's DynamoDB client takes its credentials from the environment.
process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
process.env.AWS_REGION = REGION;

const requireFromPeer = createRequire(join(peerDirectory, 'package.json'));
const { AmplifyAppSyncSimulator } = requireFromPeer(PEER_PACKAGE) as { AmplifyAppSyncSimulator: new () => Simulator };

const templatePath = (typeName: string, fieldName: string, part: 'req' | 'res') => `${typeName}.${fieldName}.${part}.vtl`;

const simulator = new AmplifyAppSyncSimulator();
simulator.init({
  schema: { content: SCHEMA },
  appSync: { name: 'bench-peer', apiKey: API_KEY, defaultAuthenticationType: { authenticationType: 'API_KEY' }, additionalAuthenticationProviders: [] },
  dataSources: [
    { name: 'none', type: 'NONE' },
    {
      name: 'items',
      type: 'AMAZON_DYNAMODB',
      config: { endpoint: dynamodbEndpoint, region: REGION, tableName: TABLE_NAME },
      options: { credentials: CREDENTIALS },
    },
  ],
  // Templates by path, as `amplify mock` loads them: parsed once, not per request.
  mappingTemplates: RESOLVERS.flatMap((r) => [
    { path: templatePath(r.typeName, r.fieldName, 'req'), content: r.vtl.request },
    { path: templatePath(r.typeName, r.fieldName, 'res'), content: r.vtl.response },
  ]),
  resolvers: RESOLVERS.map((r) => ({
    kind: 'UNIT',
    typeName: r.typeName,
    fieldName: r.fieldName,
    dataSourceName: r.dataSource,
    requestMappingTemplateLocation: templatePath(r.typeName, r.fieldName, 'req'),
    responseMappingTemplateLocation: templatePath(r.typeName, r.fieldName, 'res'),
  })),
});

const { _httpServer: http, _realTimeSubscriptionServer: realtime } = simulator._server;
realtime.start();
await new Promise<void>((resolve, reject) => {
  http.once('error', reject);
  http.listen(0, '127.0.0.1', () => resolve());
});
const { port } = http.address() as AddressInfo;
const ready: ServerReady = {
  type: 'ready',
  graphqlUrl: `http://127.0.0.1:${port}/graphql`,
  realtimeUrl: `ws://127.0.0.1:${port}/graphql/realtime`,
};
process.send?.(ready);
process.on('disconnect', () => {
  void simulator.stop().finally(() => process.exit(0));
});
