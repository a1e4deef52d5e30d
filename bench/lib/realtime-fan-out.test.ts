// Fan-out against the local AppSync server of the server's own tests (real WebSockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, post, startHarness, type Harness } from '../../local/appsync/server/testing/fixture.js';
import { FanOutError, measureFanOut, type FanOutOptions } from './realtime-fan-out.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(() => harness?.server.close());

const options = (overrides: Partial<FanOutOptions> = {}): FanOutOptions => ({
  realtimeUrl: harness.server.realtimeUrl,
  apiKey: API_KEY,
  subscribers: 20,
  subscription: { query: 'subscription ($id: ID) { onPublish(id: $id) { id name } }', variables: { id: 'fan' } },
  publish: async (round) => {
    const { status, body } = await post(harness.server.graphqlUrl, { query: `mutation { publish(id: "fan", name: "round-${round}") { id name } }` });
    if (status !== 200 || body.errors) throw new Error(JSON.stringify(body));
  },
  isRoundEvent: (payload, round) => (payload as { onPublish?: { name?: string } }).onPublish?.name === `round-${round}`,
  measuredRounds: 2,
  ...overrides,
});

describe('measureFanOut', () => {
  it('opens one connection per subscriber and times each measured round until the last has the event', async () => {
    const result = await measureFanOut(options());
    expect(result.connections).toBe(20);
    expect(result.rounds).toHaveLength(2);
    for (const round of result.rounds) {
      expect(round.lastMs).toBeGreaterThanOrEqual(round.p50Ms);
      expect(round.lastMs).toBeGreaterThan(0);
    }
    expect(result.lastMs.worst).toBe(Math.max(...result.rounds.map((r) => r.lastMs)));
    // Every connection is closed afterwards.
    await expect.poll(() => harness.server.stats().openConnections).toBe(0);
  });

  it('fails when a round does not reach every subscriber in time', async () => {
    const never = options({ isRoundEvent: () => false, measuredRounds: 0, timeoutMs: 300, subscribers: 3 });
    await expect(measureFanOut(never)).rejects.toThrow(/0 of 3 subscribers had the event after 300 ms/);
  });

  it('reports a refused connection', async () => {
    const error = await measureFanOut(options({ apiKey: 'da2-wrong', subscribers: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FanOutError);
    expect((error as Error).message).toMatch(/connection_error/);
  });
});
