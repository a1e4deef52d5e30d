// Per-answer figures as CloudWatch EMF via Powertools Metrics, emitted only when
// POWERTOOLS_METRICS_NAMESPACE is set (the sandbox and tests need none).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { getOptionalEnv } from '../config.js';

export interface TurnMetrics {
  timeToFirstToken(ms: number): void;
  publishes(count: number): void;
  outputTokens(count: number): void;
  /** Writes what was recorded (once per invocation). */
  flush(): void;
}

export const noMetrics: TurnMetrics = {
  timeToFirstToken: () => undefined,
  publishes: () => undefined,
  outputTokens: () => undefined,
  flush: () => undefined,
};

export function createTurnMetrics(env: Record<string, string | undefined> = process.env): TurnMetrics {
  const namespace = getOptionalEnv('POWERTOOLS_METRICS_NAMESPACE', env);
  if (!namespace) return noMetrics;
  const metrics = new Metrics({ namespace });
  return {
    timeToFirstToken: (ms) => metrics.addMetric('TimeToFirstToken', MetricUnit.Milliseconds, ms),
    publishes: (count) => metrics.addMetric('ChunkPublishes', MetricUnit.Count, count),
    outputTokens: (count) => metrics.addMetric('OutputTokens', MetricUnit.Count, count),
    flush: () => metrics.publishStoredMetrics(),
  };
}
