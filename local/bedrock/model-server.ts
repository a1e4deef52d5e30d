// A Bedrock Runtime-compatible model server on cleartext HTTP/2 (what the SDK's default handler speaks).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { anthropicFormat } from './anthropic-format.js';
import { converseFormat } from './converse-format.js';
import { countInputTokens, generateCompletion } from './deterministic-model.js';
import { chooseTool } from './tool-use.js';
import { BedrockServiceError, validationError, type StreamExceptionType } from './errors.js';
import { encodeEvent, encodeException } from './event-stream.js';
import { FaultController } from './faults.js';
import { countImages, lastUserText, type Completion, type ModelRequest, type ModelRun } from './model-request.js';
import { startOpenAiRun, type OpenAiUpstream } from './openai-upstream.js';
import { novaFormat } from './nova-format.js';
import { ModelServerStats, preciseNow, type Operation } from './stats.js';
import type { StreamEvent, WireFormat } from './wire-format.js';

export interface StreamRate {
  /** Tokens per second while streaming; 0 sends them as fast as possible. */
  tokensPerSecond: number;
  /** Delay before the first token. */
  firstTokenLatencyMs: number;
}

export interface ModelServerOptions extends Partial<StreamRate> {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How many recent streams the stats keep (default 1000). */
  maxRecordedStreams?: number;
  /** Answer with a real model behind an OpenAI-compatible endpoint instead of the deterministic one. */
  upstream?: OpenAiUpstream;
  /** Diagnostics (never prompts or answers). */
  log?: (line: string) => void;
}

export interface ModelServer {
  /** e.g. http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
  url: string;
  port: number;
  faults: FaultController;
  stats: ModelServerStats;
  setRate(rate: Partial<StreamRate>): StreamRate;
  getRate(): StreamRate;
  close(): Promise<void>;
}

const operations: readonly Operation[] = ['converse', 'converse-stream', 'invoke', 'invoke-with-response-stream'];
const maxBodyBytes = 30 * 1024 * 1024;

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const log = options.log ?? (() => undefined);
  const faults = new FaultController();
  const stats = new ModelServerStats(options.maxRecordedStreams ?? 1000);
  let rate: StreamRate = checkRate({ tokensPerSecond: options.tokensPerSecond ?? 200, firstTokenLatencyMs: options.firstTokenLatencyMs ?? 0 });
  const sessions = new Set<ServerHttp2Session>();

  const server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('request', (req: Http2ServerRequest, res: Http2ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      log(`model server: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendError(res, new BedrockServiceError('InternalServerException', 'internal error'));
      else res.destroy();
    });
  });

  async function handle(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    const receivedAt = preciseNow();
    const match = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(new URL(req.url, 'http://localhost').pathname);
    const operation = operations.find((name) => name === match?.[2]);
    if (!match || !operation || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' });
      res.end(JSON.stringify({ message: `no such operation: ${req.method} ${req.url}` }));
      return;
    }
    const modelId = decodeURIComponent(match[1] ?? '');
    stats.countRequest(operation, modelId);
    try {
      const body = await readJson(req);
      const format = operation.startsWith('converse') ? converseFormat : invokeFormatFor(modelId, body);
      const request = format.parseRequest(modelId, body);
      const rejected = faults.takeReject(lastUserText(request));
      if (rejected) throw new BedrockServiceError(rejected.errorType, injectedMessage(rejected.errorType));
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      stats.countImages(countImages(request.messages));
      if (operation === 'converse' || operation === 'invoke') {
        await answer(res, format, request, receivedAt, operation === 'invoke');
      } else {
        await stream(req, res, format, request, operation, receivedAt);
      }
    } catch (error) {
      if (!(error instanceof BedrockServiceError)) throw error;
      stats.countError(error.errorType);
      if (res.headersSent) res.destroy();
      else sendError(res, error);
    }
  }

  /** Starts the generation: the local model, or the configured upstream. */
  async function startRun(request: ModelRequest, startedAt: number, signal: AbortSignal): Promise<ModelRun> {
    if (options.upstream) return startOpenAiRun(options.upstream, request, signal);
    const invalid = chooseTool(request) !== undefined && faults.takeInvalidToolOutput(lastUserText(request)) !== undefined;
    const completion = generateCompletion(request, { toolUse: { invalid } });
    const { tokensPerSecond, firstTokenLatencyMs } = rate;
    const intervalMs = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
    async function* paced(): AsyncGenerator<string> {
      for (const [index, token] of completion.tokens.entries()) {
        const wait = startedAt + firstTokenLatencyMs + index * intervalMs - preciseNow();
        if (wait > 0) await sleep(wait);
        else if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
        yield token;
      }
    }
    const toolUse = completion.toolUse && { toolUseId: completion.toolUse.toolUseId, name: completion.toolUse.name };
    return { tokens: paced(), ...(toolUse ? { toolUse } : {}), completion: () => completion };
  }

  async function answer(res: Http2ServerResponse, format: WireFormat, request: ModelRequest, receivedAt: number, isInvoke: boolean): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const run = await startRun(request, preciseNow(), abort.signal);
    try {
      for await (const _token of run.tokens) {
        // A non-streaming answer takes as long as streaming it would.
      }
    } catch (error) {
      throw new BedrockServiceError('ModelErrorException', 'the model failed while answering', { cause: error });
    }
    const completion = run.completion();
    const latencyMs = preciseNow() - receivedAt;
    const body = format.responseBody(completion, request.modelId, { latencyMs, firstByteLatencyMs: latencyMs });
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      ...(isInvoke ? invokeHeaders(completion, latencyMs) : {}),
    });
    res.end(JSON.stringify(body));
  }

  async function stream(
    req: Http2ServerRequest,
    res: Http2ServerResponse,
    format: WireFormat,
    request: ModelRequest,
    operation: Operation,
    receivedAt: number,
  ): Promise<void> {
    const isInvoke = operation === 'invoke-with-response-stream';
    const abort = new AbortController();
    req.once('close', () => abort.abort());
    res.once('close', () => abort.abort());
    const run = await startRun(request, preciseNow(), abort.signal);
    const fault = faults.takeMidStream(lastUserText(request));
    const record = stats.startStream(operation, request.modelId, receivedAt, countImages(request.messages));
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
      ...(isInvoke ? { 'x-amzn-bedrock-content-type': 'application/json' } : {}),
    });
    const write = async (bytes: Uint8Array) => {
      if (!res.write(bytes) && !abort.signal.aborted) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    };
    const inputTokens = options.upstream ? countInputTokens(request) : run.completion().usage.inputTokens;
    for (const event of format.streamStart(request.modelId, inputTokens, run.toolUse)) await write(encode(event));

    let failure: StreamExceptionType | undefined;
    let firstByteLatencyMs = 0;
    try {
      for await (const token of run.tokens) {
        if (abort.signal.aborted) break;
        if (fault && record.tokenTimes.length === fault.afterTokens) {
          failure = fault.exceptionType;
          break;
        }
        await write(encode(format.streamDelta(token, run.toolUse)));
        const sentAt = preciseNow();
        if (record.tokenTimes.length === 0) firstByteLatencyMs = sentAt - record.startedAt;
        record.tokenTimes.push(sentAt);
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        log(`model server: upstream stream failed: ${error instanceof Error ? error.message : String(error)}`);
        failure = 'modelStreamErrorException';
      }
    }

    record.finishedAt = preciseNow();
    if (abort.signal.aborted) {
      record.outcome = 'aborted';
      return;
    }
    if (failure) {
      abort.abort();
      record.outcome = 'failed';
      record.exceptionType = failure;
      stats.countStreamException(failure);
      await write(encodeException(failure, fault ? injectedMessage(failure) : 'The model stream failed.'));
      res.end();
      return;
    }
    const completion = run.completion();
    const timing = { latencyMs: record.finishedAt - record.startedAt, firstByteLatencyMs };
    for (const event of format.streamEnd(completion, timing)) await write(encode(event));
    record.outcome = 'complete';
    record.stopReason = completion.stopReason;
    res.end();
  }

  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    stats,
    setRate(next) {
      rate = checkRate({ ...rate, ...next });
      return { ...rate };
    },
    getRate: () => ({ ...rate }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.destroy();
      await closed;
    },
  };
}

function encode(event: StreamEvent): Uint8Array {
  return encodeEvent(event.eventType, event.body);
}

function checkRate(rate: StreamRate): StreamRate {
  if (!Number.isFinite(rate.tokensPerSecond) || rate.tokensPerSecond < 0) throw validationError('tokensPerSecond: expected a number >= 0');
  if (!Number.isFinite(rate.firstTokenLatencyMs) || rate.firstTokenLatencyMs < 0) {
    throw validationError('firstTokenLatencyMs: expected a number >= 0');
  }
  return rate;
}

function injectedMessage(type: string): string {
  return `${type} injected by the local model server`;
}

/** InvokeModel bodies name their family by shape; the model id breaks ties. */
function invokeFormatFor(modelId: string, body: unknown): WireFormat {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if ('anthropic_version' in record || modelId.includes('anthropic.')) return anthropicFormat;
  if (record.schemaVersion === 'messages-v1' || modelId.includes('amazon.nova') || Array.isArray(record.messages)) return novaFormat;
  throw validationError('The local model server understands InvokeModel bodies in the Anthropic messages and Amazon Nova formats.');
}

function invokeHeaders(completion: Completion, latencyMs: number): Record<string, string> {
  return {
    'x-amzn-bedrock-input-token-count': String(completion.usage.inputTokens),
    'x-amzn-bedrock-output-token-count': String(completion.usage.outputTokens),
    'x-amzn-bedrock-invocation-latency': String(Math.round(latencyMs)),
  };
}

async function readJson(req: Http2ServerRequest): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw validationError('The request body is too large.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BedrockServiceError('ValidationException', 'Malformed input request: the body is not JSON.', { cause: error });
  }
}

function sendError(res: Http2ServerResponse, error: BedrockServiceError): void {
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.errorType,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ message: error.message }));
}
