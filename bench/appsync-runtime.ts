// The local AppSync runtime against its nearest peer, @aws-amplify/amplify-appsync-simulator,
// in the same run on the same DynamoDB Local: requests per second and p50/p99 latency of a
// NONE-resolver query and a DynamoDB GetItem query from 50 clients on keep-alive connections
// (closed loop, then GetItem again at a fixed rate), and the fan-out of one mutation to 1,000
// subscribers (one WebSocket connection each). The GetItem query reads 1,000 items in turn, so
// that concurrent requests ask for different keys. Each server runs in a process of its own;
// the load comes from this one. DynamoDB Local's own figures for single GetItems, from the
// runtime's DynamoDB client at the same concurrency, show what one GetItem per request costs
// it. BENCH_SKIP_PEER=1 skips the peer.
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { fileURLToPath } from 'node:url';
import { DynamoDBWireClient } from '../local/appsync/js/datasources/dynamodb/wire-client.js';
import { startDynamoDBLocal } from '../local/dynamodb/index.js';
import { jsonPoster, loadUntilSteady, runLoad, type LoadResult } from './lib/load.js';
import { measureFanOut, type FanOutResult } from './lib/realtime-fan-out.js';
import { printTable, round, writeResult, type Row } from './lib/report.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { API_KEY, CREDENTIALS, ITEM_COUNT, itemOf, QUERIES, REGION, TABLE_NAME } from './peer/bench-api.js';
import { ensurePeerInstalled, PEER_DEPENDENCIES, PEER_PACKAGE } from './peer/install-peer.js';

const CONNECTIONS = 50;
const WARM_UP_MS = 1000;
/**
 * Before the GetItem measure of each server, 2 s windows of its load until two in a row agree
 * within 10% (at least 4, at most 15): DynamoDB Local's JIT compiles what that server sends
 * (single GetItems from the peer, BatchGetItems from ours under load), which takes 10-30 s.
 */
const GET_ITEM_WARM_UP = { windowMs: 2000, minWindows: 4, maxWindows: 15, tolerance: 0.1 };
const DURATION_MS = 5000;
const SUBSCRIBERS = 1000;
const FAN_OUT_ROUNDS = 5;
/** Below what either server sustains for GetItem here, so that the latency is not a queue's. */
const FIXED_RATE_PER_SECOND = 250;
const TARGETS = { noneRequestsPerSecond: 3000, noneRatioToPeer: 3.5, getItemP99Ms: 20, fanOutLastMs: 250 };

const OUR_SERVER = fileURLToPath(new URL('./appsync-runtime-server.ts', import.meta.url));
const PEER_SERVER = fileURLToPath(new URL('./peer/simulator-server.ts', import.meta.url));
const PEER_NAME = `${PEER_PACKAGE}@${PEER_DEPENDENCIES[PEER_PACKAGE]}`;

interface SideResult {
  none: LoadResult;
  getItem: LoadResult & { warmUpRequestsPerSecond: number[] };
  getItemFixedRate: LoadResult;
  fanOut: FanOutResult | { error: string };
}

class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

interface DynamoDBAlone {
  /** GetItem/s of each 2 s warm-up window. */
  warmUpRequestsPerSecond: number[];
  measure(): Promise<LoadResult>;
  close(): void;
}

const itemIndexes = Array.from({ length: ITEM_COUNT }, (_, index) => index);

/**
 * Creates the table and its items and warms the JVM up (so that the server measured first does
 * not meet a cold DynamoDB Local); measure() loads it with single GetItems from the runtime's client.
 */
async function prepareDynamoDB(endpoint: string): Promise<DynamoDBAlone> {
  const setup = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  await setup.send(new CreateTableCommand({
    TableName: TABLE_NAME,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));
  for (let start = 0; start < ITEM_COUNT; start += 25) {
    const items = itemIndexes.slice(start, start + 25).map((index) => ({ PutRequest: { Item: marshall(itemOf(index)) } }));
    await setup.send(new BatchWriteItemCommand({ RequestItems: { [TABLE_NAME]: items } }));
  }
  setup.destroy();
  const client = new DynamoDBWireClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  let next = 0;
  const send = async () => {
    const index = next;
    next = (next + 1) % ITEM_COUNT;
    const output = await client.call<{ Item?: { id?: { S?: string } } }>('GetItem', { TableName: TABLE_NAME, Key: { id: { S: itemOf(index).id } } });
    return output.Item?.id?.S === itemOf(index).id ? undefined : `item-${index} answered ${JSON.stringify(output)}`;
  };
  // The JVM takes ~20 s of single GetItems to settle (from ~800 to ~5,000 a second here).
  const warmUpRequestsPerSecond = await loadUntilSteady({ send, connections: CONNECTIONS, windowMs: 2000, minWindows: 8, maxWindows: 15, tolerance: 0.1 });
  return {
    warmUpRequestsPerSecond,
    measure: () => runLoad({ send, connections: CONNECTIONS, warmUpMs: 0, durationMs: DURATION_MS }),
    close: () => client.close(),
  };
}

async function graphql(url: string, request: unknown): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify(request) });
  const body = await response.text();
  if (response.status !== 200 || body.includes('"errors"')) throw new BenchSetupError(`${response.status} ${body.slice(0, 500)}`);
  return body;
}

/** Both queries must return the right data before anything is timed. */
async function checkServes(server: ServerProcess): Promise<void> {
  const none = JSON.parse(await graphql(server.graphqlUrl, QUERIES.none)) as { data?: { echo?: unknown } };
  if (none.data?.echo !== QUERIES.none.variables.text) throw new BenchSetupError(`echo answered ${JSON.stringify(none)}`);
  for (const index of [0, ITEM_COUNT - 1]) {
    const item = JSON.parse(await graphql(server.graphqlUrl, QUERIES.getItem(itemOf(index).id))) as { data?: { item?: unknown } };
    if (JSON.stringify(item.data?.item) !== JSON.stringify(itemOf(index))) throw new BenchSetupError(`item answered ${JSON.stringify(item)}`);
  }
}

interface QueryLoad {
  /** Open loop at this rate; absent: closed loop. */
  ratePerSecond?: number;
  /** Load until steady before measuring (GET_ITEM_WARM_UP) instead of WARM_UP_MS. */
  untilSteady?: boolean;
}

async function loadQuery(
  server: ServerProcess,
  requests: unknown[],
  isSuccess: (answer: string, requestIndex: number) => boolean,
  { ratePerSecond, untilSteady = false }: QueryLoad = {},
): Promise<LoadResult & { warmUpRequestsPerSecond?: number[] }> {
  const poster = jsonPoster(server.graphqlUrl, { 'x-api-key': API_KEY }, requests.map((request) => JSON.stringify(request)), isSuccess, CONNECTIONS);
  try {
    const warmUpRequestsPerSecond = untilSteady ? await loadUntilSteady({ send: poster.send, connections: CONNECTIONS, ...GET_ITEM_WARM_UP }) : undefined;
    const result = await runLoad({ send: poster.send, connections: CONNECTIONS, warmUpMs: untilSteady ? 0 : WARM_UP_MS, durationMs: DURATION_MS, ...(ratePerSecond ? { ratePerSecond } : {}) });
    return warmUpRequestsPerSecond ? { ...result, warmUpRequestsPerSecond } : result;
  } finally {
    poster.close();
  }
}

const isEcho = (body: string) => body.includes('"echo":"ping"') && !body.includes('"errors"');
const getItemRequests = itemIndexes.map((index) => QUERIES.getItem(itemOf(index).id));
const isItem = (body: string, index: number) => body.includes(`"name":"${itemOf(index).name}"`) && !body.includes('"errors"');

async function fanOutOn(server: ServerProcess): Promise<SideResult['fanOut']> {
  const channel = 'bench';
  const roundBody = (round: number) => `round-${round}`;
  try {
    return await measureFanOut({
      realtimeUrl: server.realtimeUrl,
      apiKey: API_KEY,
      subscribers: SUBSCRIBERS,
      subscription: QUERIES.onPublish(channel),
      publish: async (round) => void (await graphql(server.graphqlUrl, QUERIES.publish(channel, roundBody(round)))),
      isRoundEvent: (payload, round) => (payload as { onPublish?: { body?: string } } | undefined)?.onPublish?.body === roundBody(round),
      measuredRounds: FAN_OUT_ROUNDS,
    });
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * Each measure runs on every server back to back (ours first), so that the two figures of a
 * pair are taken seconds apart, under the same conditions on a machine that may be busy.
 */
async function measureServers(servers: ServerProcess[]): Promise<SideResult[]> {
  const eachServer = async <T>(measure: (server: ServerProcess) => Promise<T>) => {
    const results: T[] = [];
    for (const server of servers) results.push(await measure(server));
    return results;
  };
  const none = await eachServer((s) => loadQuery(s, [QUERIES.none], isEcho));
  const getItem = await eachServer(async (s) => {
    const { warmUpRequestsPerSecond = [], ...result } = await loadQuery(s, getItemRequests, isItem, { untilSteady: true });
    return { ...result, warmUpRequestsPerSecond };
  });
  const getItemFixedRate = await eachServer((s) => loadQuery(s, getItemRequests, isItem, { ratePerSecond: FIXED_RATE_PER_SECOND }));
  const fanOut = await eachServer(fanOutOn);
  return servers.map((_, i) => ({ none: none[i]!, getItem: getItem[i]!, getItemFixedRate: getItemFixedRate[i]!, fanOut: fanOut[i]! }));
}

async function startOurs(dynamodbEndpoint: string): Promise<ServerProcess> {
  const server = await startServerProcess(OUR_SERVER, [dynamodbEndpoint]);
  try {
    await checkServes(server);
    return server;
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The peer, or why there is none: the benchmark runs our side whatever happens here. */
async function startPeer(dynamodbEndpoint: string): Promise<ServerProcess | { unavailable: string }> {
  if (process.env.BENCH_SKIP_PEER === '1') return { unavailable: 'skipped (BENCH_SKIP_PEER=1)' };
  let server: ServerProcess | undefined;
  try {
    const directory = await ensurePeerInstalled();
    server = await startServerProcess(PEER_SERVER, [dynamodbEndpoint, directory]);
    await checkServes(server);
    return server;
  } catch (error) {
    await server?.close();
    return { unavailable: describeError(error) };
  }
}

const ratio = (a: number, b: number) => round(a / b, 2);
const latency = (r: LoadResult) => `${r.latencyMs.p50} / ${r.latencyMs.p99}`;
const fanOutText = (f: SideResult['fanOut']) => ('error' in f ? `failed: ${f.error.slice(0, 80)}` : `${f.lastMs.median} / ${f.lastMs.worst}`);
const yesNo = (met: boolean | null) => (met === null ? 'n/a' : met ? 'yes' : 'NO');

export async function runAppSyncRuntimeBenchmark(): Promise<void> {
  const dynamodb = await startDynamoDBLocal();
  try {
    const direct = await prepareDynamoDB(dynamodb.endpoint);
    // Before and after both servers: how much DynamoDB Local itself drifted during the run.
    const dynamodbAlone = { warmUpRequestsPerSecond: direct.warmUpRequestsPerSecond, before: await direct.measure(), after: undefined as LoadResult | undefined };
    const ourServer = await startOurs(dynamodb.endpoint);
    const peerOrReason = await startPeer(dynamodb.endpoint);
    const [peerServer, peerUnavailable] = 'unavailable' in peerOrReason ? [undefined, peerOrReason.unavailable] : [peerOrReason, undefined];
    let ours: SideResult;
    let peer: SideResult | undefined;
    try {
      [ours, peer] = (await measureServers(peerServer ? [ourServer, peerServer] : [ourServer])) as [SideResult, SideResult?];
    } finally {
      await ourServer.close();
      await peerServer?.close();
    }
    dynamodbAlone.after = await direct.measure();
    direct.close();

    const peerFanOut = peer && !('error' in peer.fanOut) ? peer.fanOut : undefined;
    const ourFanOut = 'error' in ours.fanOut ? undefined : ours.fanOut;
    const ratios = peer
      ? {
          noneRequestsPerSecond: ratio(ours.none.requestsPerSecond, peer.none.requestsPerSecond),
          noneP99LowerBy: ratio(peer.none.latencyMs.p99, ours.none.latencyMs.p99),
          getItemRequestsPerSecond: ratio(ours.getItem.requestsPerSecond, peer.getItem.requestsPerSecond),
          getItemP99LowerBy: ratio(peer.getItem.latencyMs.p99, ours.getItem.latencyMs.p99),
          getItemFixedRateP99LowerBy: ratio(peer.getItemFixedRate.latencyMs.p99, ours.getItemFixedRate.latencyMs.p99),
          fanOutLastFasterBy: peerFanOut && ourFanOut ? ratio(peerFanOut.lastMs.median, ourFanOut.lastMs.median) : null,
        }
      : undefined;
    const verdicts = {
      noneRequestsPerSecond: ours.none.requestsPerSecond >= TARGETS.noneRequestsPerSecond,
      noneRatioToPeer: ratios ? ratios.noneRequestsPerSecond >= TARGETS.noneRatioToPeer : null,
      getItemP99: ours.getItem.latencyMs.p99 < TARGETS.getItemP99Ms,
      getItemP99AtFixedRate: ours.getItemFixedRate.latencyMs.p99 < TARGETS.getItemP99Ms,
      fanOutLast: ourFanOut ? ourFanOut.lastMs.worst < TARGETS.fanOutLastMs : false,
      noFailedRequests: ours.none.failures + ours.getItem.failures + ours.getItemFixedRate.failures === 0,
    };

    const peerCell = (text: (side: SideResult) => string) => (peer ? text(peer) : 'unavailable');
    const rows: Row[] = [
      {
        measure: 'NONE query, requests/s',
        'local runtime': ours.none.requestsPerSecond,
        peer: peerCell((p) => String(p.none.requestsPerSecond)),
        ratio: ratios ? `${ratios.noneRequestsPerSecond}x` : '',
        target: `>= ${TARGETS.noneRequestsPerSecond} and >= ${TARGETS.noneRatioToPeer}x peer`,
        met: `${yesNo(verdicts.noneRequestsPerSecond)} / ${yesNo(verdicts.noneRatioToPeer)}`,
      },
      { measure: 'NONE query, p50 / p99 ms', 'local runtime': latency(ours.none), peer: peerCell((p) => latency(p.none)), ratio: ratios ? `p99 ${ratios.noneP99LowerBy}x lower` : '', target: '', met: '' },
      {
        measure: 'GetItem query, requests/s',
        'local runtime': ours.getItem.requestsPerSecond,
        peer: peerCell((p) => String(p.getItem.requestsPerSecond)),
        ratio: ratios ? `${ratios.getItemRequestsPerSecond}x` : '',
        target: '',
        met: '',
      },
      {
        measure: 'GetItem query, p50 / p99 ms',
        'local runtime': latency(ours.getItem),
        peer: peerCell((p) => latency(p.getItem)),
        ratio: ratios ? `p99 ${ratios.getItemP99LowerBy}x lower` : '',
        target: `p99 < ${TARGETS.getItemP99Ms}`,
        met: yesNo(verdicts.getItemP99),
      },
      {
        measure: `GetItem query at ${FIXED_RATE_PER_SECOND}/s, p50 / p99 ms`,
        'local runtime': latency(ours.getItemFixedRate),
        peer: peerCell((p) => latency(p.getItemFixedRate)),
        ratio: ratios ? `p99 ${ratios.getItemFixedRateP99LowerBy}x lower` : '',
        target: `p99 < ${TARGETS.getItemP99Ms}`,
        met: yesNo(verdicts.getItemP99AtFixedRate),
      },
      {
        measure: "DynamoDB Local alone (one GetItem per request, the runtime's client), before both | after both: requests/s, p50 / p99 ms",
        'local runtime': `${dynamodbAlone.before.requestsPerSecond}, ${latency(dynamodbAlone.before)}`,
        peer: `${dynamodbAlone.after.requestsPerSecond}, ${latency(dynamodbAlone.after)}`,
        ratio: '',
        target: '',
        met: '',
      },
      {
        measure: `fan-out to ${SUBSCRIBERS}: last subscriber ms (median / worst of ${FAN_OUT_ROUNDS})`,
        'local runtime': fanOutText(ours.fanOut),
        peer: peerCell((p) => fanOutText(p.fanOut)),
        ratio: ratios?.fanOutLastFasterBy ? `${ratios.fanOutLastFasterBy}x faster` : '',
        target: `< ${TARGETS.fanOutLastMs}`,
        met: yesNo(verdicts.fanOutLast),
      },
      {
        measure: 'failed requests (NONE, GetItem, GetItem at fixed rate)',
        'local runtime': `${ours.none.failures}, ${ours.getItem.failures}, ${ours.getItemFixedRate.failures}`,
        peer: peerCell((p) => `${p.none.failures}, ${p.getItem.failures}, ${p.getItemFixedRate.failures}`),
        ratio: '',
        target: '0, 0, 0',
        met: yesNo(verdicts.noFailedRequests),
      },
    ];
    printTable(
      `Local AppSync runtime vs ${PEER_NAME} (VTL): ${CONNECTIONS} clients on keep-alive connections, ${DURATION_MS / 1000} s after a ${WARM_UP_MS / 1000} s warm-up (for GetItem, ${GET_ITEM_WARM_UP.windowMs / 1000} s windows until two agree within ${GET_ITEM_WARM_UP.tolerance * 100}%); ` +
        `fan-out over ${SUBSCRIBERS} WebSocket connections, one subscription each`,
      rows,
    );
    if (peerUnavailable) console.log(`peer unavailable: ${peerUnavailable}`);
    for (const [name, side] of [['local runtime', ours], ['peer', peer]] as const) {
      for (const run of side ? [side.none, side.getItem, side.getItemFixedRate] : []) if (run.firstFailure) console.log(`${name}: first failed request: ${run.firstFailure}`);
    }
    console.log('targets:', verdicts);
    const config = { connections: CONNECTIONS, fixedRatePerSecond: FIXED_RATE_PER_SECOND, warmUpMs: WARM_UP_MS, getItemWarmUp: GET_ITEM_WARM_UP, itemCount: ITEM_COUNT, durationMs: DURATION_MS, subscribers: SUBSCRIBERS, fanOutRounds: FAN_OUT_ROUNDS, peer: PEER_NAME };
    console.log('written to', writeResult('appsync-runtime', { config, targets: TARGETS, verdicts, ratios: ratios ?? null, dynamodbAlone, ours, peer: peer ?? { unavailable: peerUnavailable } }));
  } finally {
    await dynamodb.close();
  }
}
