// AMAZON_BEDROCK_RUNTIME data source: the request objects of '@aws-appsync/utils/ai'
// ({ operation: 'InvokeModel' | 'Converse', ... }) sent with the real Bedrock Runtime client.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-bedrock-js.html
// - synchronous calls only, which must complete within 10 seconds (no streaming operations);
// - InvokeModel: ctx.result is the model's JSON response body;
// - Converse: ctx.result is the Converse response (output, stopReason, usage, metrics, ...).
import {
  BedrockRuntimeClient,
  ConverseCommand,
  InvokeModelCommand,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { DataSourceServices } from '../../types.js';
import { DataSourceError, InvalidRequestError } from '../errors.js';

/** AppSync's documented limit for a Bedrock invocation. */
export const BEDROCK_TIMEOUT_MS = 10_000;

type Request = Record<string, unknown>;

const CONVERSE_FIELDS = [
  'messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig',
  'additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'promptVariables',
] as const;

export class BedrockDataSource {
  private client: BedrockRuntimeClient | undefined;

  constructor(private readonly config: DataSourceServices['bedrock']) {}

  private sdk(dataSourceName: string): BedrockRuntimeClient {
    if (!this.config) {
      throw new DataSourceError(`Data source '${dataSourceName}': no Bedrock Runtime endpoint is configured for the local runtime`, 'Bedrock:EndpointNotConfigured');
    }
    this.client ??= new BedrockRuntimeClient({ endpoint: this.config.endpoint, region: this.config.region, credentials: this.config.credentials, maxAttempts: 1 });
    return this.client;
  }

  async invoke(dataSourceName: string, request: Request): Promise<unknown> {
    const modelId = request.modelId;
    if (typeof modelId !== 'string' || modelId === '') throw new InvalidRequestError(`${String(request.operation)}: modelId must be a non-empty string`);
    switch (request.operation) {
      case 'InvokeModel': return this.invokeModel(dataSourceName, modelId, request);
      case 'Converse': return this.converse(dataSourceName, modelId, request);
      default:
        throw new InvalidRequestError(`Unsupported operation '${String(request.operation)}' for a Bedrock Runtime data source. Supported: InvokeModel, Converse`);
    }
  }

  private async invokeModel(dataSourceName: string, modelId: string, request: Request): Promise<unknown> {
    if (request.body === undefined) throw new InvalidRequestError('InvokeModel: body is required');
    const output = await this.send(dataSourceName, (client, abortSignal) => client.send(new InvokeModelCommand({
      modelId,
      body: JSON.stringify(request.body),
      contentType: 'application/json',
      accept: 'application/json',
      ...(typeof request.guardrailIdentifier === 'string' ? { guardrailIdentifier: request.guardrailIdentifier } : {}),
      ...(typeof request.guardrailVersion === 'string' ? { guardrailVersion: request.guardrailVersion } : {}),
      ...(isGuardrailTrace(request.guardrailTrace) ? { trace: request.guardrailTrace } : {}),
    }), { abortSignal }));
    const text = new TextDecoder().decode(output.body);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new DataSourceError('InvokeModel: the model response is not JSON', 'Bedrock:InvalidResponse', null, { cause: error });
    }
  }

  private async converse(dataSourceName: string, modelId: string, request: Request): Promise<unknown> {
    if (!Array.isArray(request.messages)) throw new InvalidRequestError('Converse: messages must be a list');
    const input: Record<string, unknown> = { modelId };
    for (const field of CONVERSE_FIELDS) if (request[field] !== undefined) input[field] = withBinaryBytes(request[field]);
    const output = await this.send(dataSourceName, (client, abortSignal) => client.send(new ConverseCommand(input as unknown as ConverseCommandInput), { abortSignal }));
    const { $metadata: _metadata, ...result } = output;
    return result;
  }

  private async send<T>(dataSourceName: string, call: (client: BedrockRuntimeClient, abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const client = this.sdk(dataSourceName);
    const abortSignal = AbortSignal.timeout(BEDROCK_TIMEOUT_MS);
    try {
      return await call(client, abortSignal);
    } catch (error) {
      if (abortSignal.aborted) {
        throw new DataSourceError(`The Bedrock invocation did not complete within ${BEDROCK_TIMEOUT_MS / 1000} seconds`, 'Bedrock:Timeout', null, { cause: error });
      }
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      // ctx.error.type follows the DynamoDB data source's '<Service>:<Exception>' form.
      throw new DataSourceError(message, `Bedrock:${name}`, null, { cause: error });
    }
  }

  close(): void {
    this.client?.destroy();
    this.client = undefined;
  }
}

const GUARDRAIL_TRACES = ['ENABLED', 'DISABLED', 'ENABLED_FULL'] as const;
const isGuardrailTrace = (value: unknown): value is (typeof GUARDRAIL_TRACES)[number] =>
  (GUARDRAIL_TRACES as readonly unknown[]).includes(value);

/**
 * APPSYNC_JS values are JSON, so image and document blocks carry `bytes` as base64 text; the
 * Converse API takes raw bytes.
 */
function withBinaryBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withBinaryBytes);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [
    key,
    key === 'bytes' && typeof inner === 'string' ? Buffer.from(inner, 'base64') : withBinaryBytes(inner),
  ]);
  return Object.fromEntries(entries);
}
