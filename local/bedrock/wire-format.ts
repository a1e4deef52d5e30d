// What each request family (Converse, Anthropic messages, Amazon Nova) must provide to the server.
import type { Completion, ModelRequest, ToolUse } from './model-request.js';

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

/** What a stream announces about a tool use before its input arrives. */
export type StreamedToolUse = Omit<ToolUse, 'input'>;

export interface WireFormat {
  readonly family: string;
  parseRequest(modelId: string, body: unknown): ModelRequest;
  /** The JSON body of a non-streaming response. */
  responseBody(completion: Completion, modelId: string, timing: StreamTiming): unknown;
  /** `toolUse` is set when the streamed block is a tool use; its deltas are then pieces of the input's JSON. */
  streamStart(modelId: string, inputTokens: number, toolUse?: StreamedToolUse): StreamEvent[];
  streamDelta(text: string, toolUse?: StreamedToolUse): StreamEvent;
  streamEnd(completion: Completion, timing: StreamTiming): StreamEvent[];
}

/** InvokeModelWithResponseStream wraps each model-native JSON event in a `chunk` frame. */
export function chunkEvent(json: unknown): StreamEvent {
  return { eventType: 'chunk', body: { bytes: Buffer.from(JSON.stringify(json)).toString('base64') } };
}
