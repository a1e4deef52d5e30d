// What each request family (Converse, Anthropic messages, Amazon Nova) must provide to the server.
import type { Completion, ModelRequest } from './model-request.js';

/** One event-stream frame: `:event-type` plus its JSON body. */
export interface StreamEvent {
  eventType: string;
  body: unknown;
}

export interface StreamTiming {
  /** Milliseconds from the request to the last token. */
  latencyMs: number;
  /** Milliseconds from the request to the first token. */
  firstByteLatencyMs: number;
}

export interface WireFormat {
  readonly family: string;
  parseRequest(modelId: string, body: unknown): ModelRequest;
  /** The JSON body of a non-streaming response. */
  responseBody(completion: Completion, modelId: string, timing: StreamTiming): unknown;
  streamStart(modelId: string, inputTokens: number): StreamEvent[];
  streamDelta(text: string): StreamEvent;
  streamEnd(completion: Completion, timing: StreamTiming): StreamEvent[];
}

/** InvokeModelWithResponseStream wraps each model-native JSON event in a `chunk` frame. */
export function chunkEvent(json: unknown): StreamEvent {
  return { eventType: 'chunk', body: { bytes: Buffer.from(JSON.stringify(json)).toString('base64') } };
}
