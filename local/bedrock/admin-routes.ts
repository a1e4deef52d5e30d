// Control routes under /__sandbox/model/, mounted on the sandbox's node:http server, so tests and
// benchmarks in another process can drive the model server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BedrockServiceError, isHttpErrorType, isStreamExceptionType, validationError } from './errors.js';
import type { ModelServer } from './model-server.js';

export const modelAdminPrefix = '/__sandbox/model/';

/**
 * Routes (JSON in and out):
 * - GET    faults        the active faults
 * - POST   faults        add faults: { throttle?: { count, marker? }, reject?: { count, errorType, marker? },
 *                        midStreamError?: { count, afterTokens, exceptionType?, marker? },
 *                        invalidToolOutput?: { count, marker? }, latencyMs? }
 * - DELETE faults        clear every fault and the extra latency
 * - GET    stats         counters and recent streams (with per-token emission times)
 * - POST   stats/reset   zero the counters, forget the streams
 * - GET    rate / POST rate { tokensPerSecond?, firstTokenLatencyMs? }
 * Returns false when the path is not under the prefix (the caller serves it).
 */
export async function handleModelAdminRequest(server: ModelServer, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!path.startsWith(modelAdminPrefix)) return false;
  const route = `${req.method ?? 'GET'} ${path.slice(modelAdminPrefix.length).replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET faults':
        return send(res, 200, server.faults.snapshot());
      case 'POST faults':
        applyFaults(server, await readJsonObject(req));
        return send(res, 200, server.faults.snapshot());
      case 'DELETE faults':
        server.faults.clear();
        return send(res, 200, server.faults.snapshot());
      case 'GET stats':
        return send(res, 200, server.stats.snapshot());
      case 'POST stats/reset':
        server.stats.reset();
        return send(res, 200, server.stats.snapshot());
      case 'GET rate':
        return send(res, 200, server.getRate());
      case 'POST rate': {
        const body = await readJsonObject(req);
        return send(res, 200, server.setRate({ ...optionalNumber(body, 'tokensPerSecond'), ...optionalNumber(body, 'firstTokenLatencyMs') }));
      }
      default:
        return send(res, 404, { message: `no such model admin route: ${route}` });
    }
  } catch (error) {
    if (error instanceof BedrockServiceError) return send(res, 400, { message: error.message });
    throw error;
  }
}

function applyFaults(server: ModelServer, body: Record<string, unknown>): void {
  const { throttle, reject, midStreamError, invalidToolOutput } = body;
  if (throttle !== undefined) {
    const spec = object(throttle, 'throttle');
    server.faults.throttle(integer(spec, 'count'), marker(spec));
  }
  if (reject !== undefined) {
    const spec = object(reject, 'reject');
    if (!isHttpErrorType(spec.errorType)) throw validationError('reject.errorType: not a Bedrock error type');
    server.faults.reject(integer(spec, 'count'), spec.errorType, marker(spec));
  }
  if (midStreamError !== undefined) {
    const spec = object(midStreamError, 'midStreamError');
    if (spec.exceptionType !== undefined && !isStreamExceptionType(spec.exceptionType)) {
      throw validationError('midStreamError.exceptionType: not a stream exception type');
    }
    server.faults.failMidStream(integer(spec, 'count'), integer(spec, 'afterTokens'), {
      ...marker(spec),
      ...(spec.exceptionType === undefined ? {} : { exceptionType: spec.exceptionType }),
    });
  }
  if (invalidToolOutput !== undefined) {
    const spec = object(invalidToolOutput, 'invalidToolOutput');
    server.faults.invalidToolOutput(integer(spec, 'count'), marker(spec));
  }
  if (body.latencyMs !== undefined) {
    if (typeof body.latencyMs !== 'number') throw validationError('latencyMs: expected a number');
    server.faults.setLatency(body.latencyMs);
  }
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validationError(`${name}: expected an object`);
  return value as Record<string, unknown>;
}

function integer(spec: Record<string, unknown>, name: string): number {
  const value = spec[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validationError(`${name}: expected an integer`);
  return value;
}

function marker(spec: Record<string, unknown>): { marker?: string } {
  if (spec.marker === undefined) return {};
  if (typeof spec.marker !== 'string') throw validationError('marker: expected a string');
  return { marker: spec.marker };
}

function optionalNumber<K extends string>(body: Record<string, unknown>, name: K): Partial<Record<K, number>> {
  const value = body[name];
  if (value === undefined) return {};
  if (typeof value !== 'number') throw validationError(`${name}: expected a number`);
  return { [name]: value } as Partial<Record<K, number>>;
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BedrockServiceError('ValidationException', 'the body is not JSON', { cause: error });
  }
  return object(parsed, 'body');
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}
