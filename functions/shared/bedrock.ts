// Bedrock Runtime: a client factory and an adapter that runs ConverseStream and yields typed
// events. AWS_ENDPOINT_URL_BEDROCK_RUNTIME (the sandbox) is honoured by the SDK itself.
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type BedrockRuntimeClientConfig,
  type ConverseStreamOutput,
  type InferenceConfiguration,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { abortable } from './abortable.js';

/**
 * maxAttempts 1: the caller owns retries (with jitter, and only before any text was emitted),
 * so SDK retries do not multiply them.
 */
export function createBedrockRuntimeClient(config: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ maxAttempts: 1, ...config });
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type ModelStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'stop'; stopReason: string }
  | { type: 'usage'; usage: TokenUsage };

export interface ConverseStreamInput {
  modelId: string;
  messages: Message[];
  systemPrompt?: string;
  inferenceConfig?: InferenceConfiguration;
}

/** What the chat logic needs from a model; tests pass a fake. */
export interface ModelClient {
  converseStream(input: ConverseStreamInput, signal: AbortSignal): AsyncIterable<ModelStreamEvent>;
}

/** An exception delivered as a stream event member rather than thrown by the SDK. */
class StreamEventException extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const EXCEPTION_MEMBERS = {
  internalServerException: 'InternalServerException',
  modelStreamErrorException: 'ModelStreamErrorException',
  validationException: 'ValidationException',
  throttlingException: 'ThrottlingException',
  serviceUnavailableException: 'ServiceUnavailableException',
} as const;

export function toModelEvent(event: ConverseStreamOutput): ModelStreamEvent | undefined {
  if (event.contentBlockDelta) {
    const text = event.contentBlockDelta.delta?.text;
    return text ? { type: 'text', text } : undefined;
  }
  if (event.messageStop) return { type: 'stop', stopReason: event.messageStop.stopReason ?? 'end_turn' };
  if (event.metadata) {
    const usage = event.metadata.usage;
    return usage ? { type: 'usage', usage: { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 } } : undefined;
  }
  for (const [member, name] of Object.entries(EXCEPTION_MEMBERS)) {
    const exception = (event as unknown as Record<string, { message?: string } | undefined>)[member];
    if (exception) throw new StreamEventException(name, exception.message ?? name);
  }
  return undefined;
}

export function compactInferenceConfig(config: InferenceConfiguration | undefined): InferenceConfiguration | undefined {
  if (!config) return undefined;
  const compact: InferenceConfiguration = {};
  if (config.maxTokens != null) compact.maxTokens = config.maxTokens;
  if (config.temperature != null) compact.temperature = config.temperature;
  if (config.topP != null) compact.topP = config.topP;
  if (config.stopSequences && config.stopSequences.length > 0) compact.stopSequences = config.stopSequences;
  return Object.keys(compact).length > 0 ? compact : undefined;
}

export class BedrockModelClient implements ModelClient {
  constructor(private readonly client: BedrockRuntimeClient = createBedrockRuntimeClient()) {}

  async *converseStream(input: ConverseStreamInput, signal: AbortSignal): AsyncGenerator<ModelStreamEvent> {
    const command = new ConverseStreamCommand({
      modelId: input.modelId,
      messages: input.messages,
      system: input.systemPrompt ? [{ text: input.systemPrompt }] : undefined,
      inferenceConfig: compactInferenceConfig(input.inferenceConfig),
    });
    const response = await this.client.send(command, { abortSignal: signal });
    if (!response.stream) return;
    for await (const event of abortable(response.stream, signal)) {
      const modelEvent = toModelEvent(event);
      if (modelEvent) yield modelEvent;
    }
  }
}
