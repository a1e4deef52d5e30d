// Chat streaming on the sandbox, with the local model at 100 tokens/s in
// one-token deltas: publishes per 1,000 tokens, DynamoDB writes per answer, and
// the delay added between the model emitting a token and the client receiving
// it. The default batching runs side by side with a baseline that publishes
// every delta.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  CreateConversationDocument,
  OnMessageChunkDocument,
  SendMessageDocument,
  createClient,
  type Client,
  type WebSocketConstructor,
} from '../client/index.js';
import { startSandbox, type Sandbox } from '../local/sandbox/start-sandbox.js';
import { percentile, printTable, round, writeResult, type Row } from './lib/report.js';

const TOKENS_PER_SECOND = 100;
const LONG_ANSWERS = 4;
const LONG_ANSWER_TOKENS = 500;
const SHORT_ANSWERS = 30;
const SHORT_ANSWER_TOKENS = 10;

const TARGETS = { firstTokenP99Ms: 15, allTokensP99Ms: 120, publishesPer1000Tokens: 110 };

interface Variant {
  name: string;
  environment: Record<string, string>;
}

const VARIANTS: Variant[] = [
  { name: 'batched (defaults)', environment: {} },
  { name: 'baseline (publish every delta)', environment: { FLUSH_INTERVAL_MS: '0', FLUSH_MAX_BYTES: '1' } },
];

interface ReceivedChunk {
  text: string;
  seq: number;
  done: boolean;
  receivedAt: number;
}

interface Answer {
  tokens: number;
  chunks: ReceivedChunk[];
  startedAt: number;
  endedAt: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Sends one message and records when each of its chunks arrived. */
async function timedAnswer(client: Client, conversationId: string, tokens: number): Promise<Answer> {
  const subscription = client.subscribe(OnMessageChunkDocument, { conversationId });
  await subscription.started;
  const chunks: ReceivedChunk[] = [];
  const startedAt = now();
  const received = (async () => {
    for await (const event of subscription) {
      const chunk = event.onMessageChunk;
      if (!chunk) continue;
      chunks.push({ text: chunk.text, seq: chunk.seq, done: chunk.done, receivedAt: now() });
      if (chunk.done) return;
    }
  })();
  await client.mutate(SendMessageDocument, { input: { conversationId, content: `benchmark answer [[tokens=${tokens}]]` } });
  await received;
  subscription.close();
  return { tokens, chunks, startedAt, endedAt: now() };
}

/** Maps token i of the answer to the time the chunk holding it arrived. */
function tokenReceiveTimes(answer: Answer): number[] {
  const times: number[] = [];
  for (const chunk of [...answer.chunks].sort((a, b) => a.seq - b.seq)) {
    const tokensInChunk = chunk.text.match(/\S+/g)?.length ?? 0;
    for (let i = 0; i < tokensInChunk; i += 1) times.push(chunk.receivedAt);
  }
  return times;
}

async function measureVariant(variant: Variant) {
  const sandbox: Sandbox = await startSandbox({
    stateDir: resolve('.sandbox/bench'),
    port: 0,
    tokensPerSecond: TOKENS_PER_SECOND,
    lambdaEnvironment: variant.environment,
    meterDynamoDB: true,
    log: () => undefined,
  });
  try {
    const token = await sandbox.issueToken('bench-user');
    const client = createClient({
      url: sandbox.graphqlUrl,
      realtimeUrl: sandbox.realtimeUrl,
      auth: { type: 'cognito', token: () => token },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const conversation = async () => (await client.mutate(CreateConversationDocument, { input: { title: 'bench' } })).createConversation.id;

    // Warm up: the first invocation starts a Lambda worker and JIT-compiles the path.
    await timedAnswer(client, await conversation(), 5);

    sandbox.dynamoDBMeter!.reset();
    // Distinct lengths let each answer be matched with its model-side stream record.
    const longConversations = await Promise.all(Array.from({ length: LONG_ANSWERS }, conversation));
    const longAnswers = await Promise.all(longConversations.map((id, i) => timedAnswer(client, id, LONG_ANSWER_TOKENS + i)));
    const writes = sandbox.dynamoDBMeter!.writes();
    const operations = sandbox.dynamoDBMeter!.counts();
    const streams = sandbox.modelServer.stats.snapshot().streams;

    const addedDelays: number[] = [];
    let publishes = 0;
    let tokens = 0;
    let streamingSeconds = 0;
    for (const answer of longAnswers) {
      const stream = streams.find((s) => s.tokenTimes.length === answer.tokens);
      if (!stream) throw new Error(`no model stream of ${answer.tokens} tokens recorded`);
      const received = tokenReceiveTimes(answer);
      if (received.length !== answer.tokens) throw new Error(`received ${received.length} of ${answer.tokens} tokens`);
      received.forEach((at, i) => addedDelays.push(at - stream.tokenTimes[i]!));
      publishes += answer.chunks.length;
      tokens += answer.tokens;
      streamingSeconds += (stream.tokenTimes.at(-1)! - stream.tokenTimes[0]!) / 1000;
    }

    const firstTokenDelays: number[] = [];
    const shortConversation = await conversation();
    for (let i = 0; i < SHORT_ANSWERS; i += 1) {
      const before = sandbox.modelServer.stats.snapshot().streams.length;
      const answer = await timedAnswer(client, shortConversation, SHORT_ANSWER_TOKENS);
      const stream = sandbox.modelServer.stats.snapshot().streams.at(-1)!;
      if (sandbox.modelServer.stats.snapshot().streams.length === before) throw new Error('no model stream recorded');
      const first = [...answer.chunks].sort((a, b) => a.seq - b.seq)[0]!;
      firstTokenDelays.push(first.receivedAt - stream.tokenTimes[0]!);
    }
    client.close();

    const writesPerAnswer = writes / longAnswers.length;
    const allowedWrites = 3 + streamingSeconds / longAnswers.length;
    return {
      variant: variant.name,
      publishesPer1000Tokens: round((publishes / tokens) * 1000),
      dynamoDBWritesPerAnswer: round(writesPerAnswer),
      dynamoDBWritesAllowed: round(allowedWrites),
      /** Every DynamoDB call during the long answers (resolvers and Lambdas), per answer. */
      dynamoDBOperationsPerAnswer: Object.fromEntries(Object.entries(operations).map(([op, n]) => [op, round(n / longAnswers.length)])),
      secondsPerAnswer: round(streamingSeconds / longAnswers.length),
      firstTokenAddedMs: { p50: round(percentile(firstTokenDelays, 50)), p99: round(percentile(firstTokenDelays, 99)) },
      allTokensAddedMs: { p50: round(percentile(addedDelays, 50)), p99: round(percentile(addedDelays, 99)) },
      samples: { firstToken: firstTokenDelays.length, allTokens: addedDelays.length },
    };
  } finally {
    await sandbox.close();
  }
}

export async function runChatStreamingBenchmark(): Promise<void> {
  const results = [];
  for (const variant of VARIANTS) results.push(await measureVariant(variant));
  const rows: Row[] = results.map((r) => ({
    variant: r.variant,
    'publishes / 1k tokens': r.publishesPer1000Tokens,
    'DDB writes / answer': `${r.dynamoDBWritesPerAnswer} (max ${r.dynamoDBWritesAllowed})`,
    'first token added p50/p99 ms': `${r.firstTokenAddedMs.p50} / ${r.firstTokenAddedMs.p99}`,
    'all tokens added p50/p99 ms': `${r.allTokensAddedMs.p50} / ${r.allTokensAddedMs.p99}`,
  }));
  printTable(`Chat streaming: ${TOKENS_PER_SECOND} tokens/s, ${LONG_ANSWERS} concurrent answers of ~${LONG_ANSWER_TOKENS} tokens, ${SHORT_ANSWERS} first-token samples`, rows);
  const batched = results[0]!;
  const verdicts = {
    firstTokenP99: batched.firstTokenAddedMs.p99 <= TARGETS.firstTokenP99Ms,
    allTokensP99: batched.allTokensAddedMs.p99 <= TARGETS.allTokensP99Ms,
    publishes: batched.publishesPer1000Tokens <= TARGETS.publishesPer1000Tokens,
    writes: batched.dynamoDBWritesPerAnswer <= batched.dynamoDBWritesAllowed,
  };
  console.log('targets (batched):', verdicts);
  console.log('written to', writeResult('chat-streaming', { tokensPerSecond: TOKENS_PER_SECOND, targets: TARGETS, verdicts, results }));
}
