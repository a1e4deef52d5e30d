// Adverts on the sandbox: the wall time of one three-persona advert (variants generated
// concurrently in one Lambda) against the same three personas as three adverts run one after
// another, from createAdvert to the last variant's done chunk. The model streams at a steady
// rate with a first-token delay, like a hosted model, so the figures show the overlap.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createClient, type Client, type WebSocketConstructor } from '../client/index.js';
import { startSandbox } from '../local/sandbox/start-sandbox.js';
import { createAdvertAndCollect } from '../test/support/adverts.js';
import { png } from '../test/support/images.js';
import { percentile, printTable, round, writeResult } from './lib/report.js';

const RUNS = 5;
const TOKENS_PER_SECOND = 100;
const FIRST_TOKEN_LATENCY_MS = 300;
const WORDS = 120;
const PERSONAS = ['Young families', 'Driving enthusiasts', 'Outdoor adventurers'];
const SPEC = 'Aurora 7 family SUV\nSeats: 7 seats in three rows\nTowing: 2,500 kg braked\nRange: 610 km on a full tank';
const IMAGE = { format: 'PNG' as const, base64: png(64, 48).toString('base64') };

const median = (values: number[]) => percentile(values, 50);

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function runAdvertsBenchmark(): Promise<void> {
  const sandbox = await startSandbox({
    stateDir: resolve('.sandbox/bench-adverts'),
    port: 0,
    tokensPerSecond: TOKENS_PER_SECOND,
    log: () => undefined,
  });
  try {
    sandbox.modelServer.setRate({ tokensPerSecond: TOKENS_PER_SECOND, firstTokenLatencyMs: FIRST_TOKEN_LATENCY_MS });
    const token = await sandbox.issueToken('bench-user');
    const client: Client = createClient({
      url: sandbox.graphqlUrl,
      realtimeUrl: sandbox.realtimeUrl,
      auth: { type: 'cognito', token: () => token },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const advert = (personas: string[], run: number) =>
      createAdvertAndCollect(client, { spec: `${SPEC}\nRun ${run}`, personas, images: [IMAGE], wordCount: WORDS, bypassCache: true }, 120_000);

    await advert(PERSONAS, -1); // warm up the Lambdas and the code paths
    const together: number[] = [];
    const oneByOne: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      together.push(await timed(() => advert(PERSONAS, run)));
      oneByOne.push(await timed(async () => {
        for (const persona of PERSONAS) await advert([persona], run);
      }));
    }
    client.close();

    const result = {
      model: { tokensPerSecond: TOKENS_PER_SECOND, firstTokenLatencyMs: FIRST_TOKEN_LATENCY_MS, wordsPerVariant: WORDS },
      runs: RUNS,
      threePersonaAdvertSeconds: { median: round(median(together) / 1000, 2), max: round(Math.max(...together) / 1000, 2) },
      sameThreeOneAfterAnotherSeconds: { median: round(median(oneByOne) / 1000, 2), max: round(Math.max(...oneByOne) / 1000, 2) },
      speedup: round(median(oneByOne) / median(together), 2),
    };
    printTable('Adverts on the sandbox (createAdvert -> last done chunk)', [
      { measure: `one advert, ${PERSONAS.length} personas in parallel, median (s)`, value: result.threePersonaAdvertSeconds.median },
      { measure: `the same ${PERSONAS.length} personas as adverts one after another, median (s)`, value: result.sameThreeOneAfterAnotherSeconds.median },
      { measure: 'speed-up', value: `${result.speedup}x` },
      { measure: 'model', value: `${TOKENS_PER_SECOND} tokens/s after ${FIRST_TOKEN_LATENCY_MS} ms, ~${WORDS} words per variant` },
    ]);
    console.log('written to', writeResult('adverts', result));
  } finally {
    await sandbox.close();
  }
}
