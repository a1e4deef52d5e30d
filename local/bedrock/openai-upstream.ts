// Optional: answer with a real model behind an OpenAI-compatible /chat/completions endpoint
// (llama.cpp, vLLM, Ollama, LM Studio...), keeping the Bedrock wire protocol towards the client.
import { BedrockServiceError } from './errors.js';
import type { Completion, ModelRequest, ModelRun, StopReason } from './model-request.js';
import { countInputTokens } from './deterministic-model.js';

export interface OpenAiUpstream {
  /** e.g. http://127.0.0.1:11434/v1 (the path that /chat/completions is appended to). */
  baseUrl: string;
  /** The upstream model name; default: the Bedrock model id of the request. */
  model?: string;
  apiKey?: string;
}

class UpstreamStreamError extends Error {
  override readonly name = 'UpstreamStreamError';
}

type OpenAiPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

function toOpenAiMessages(request: ModelRequest) {
  const system = request.system.length > 0 ? [{ role: 'system', content: request.system.join('\n') }] : [];
  return [
    ...system,
    ...request.messages.map((message) => ({
      role: message.role,
      content: message.parts.flatMap((part): OpenAiPart[] => {
        if (part.kind === 'text') return [{ type: 'text', text: part.text }];
        if (part.kind === 'image') return [{ type: 'image_url', image_url: { url: `data:image/${part.format};base64,${part.base64}` } }];
        return [];
      }),
    })),
  ];
}

const finishReasons: Record<string, StopReason> = { stop: 'end_turn', length: 'max_tokens' };

/** Starts the upstream call; HTTP failures become the Bedrock errors a client would see before a stream. */
export async function startOpenAiRun(upstream: OpenAiUpstream, request: ModelRequest, signal: AbortSignal): Promise<ModelRun> {
  let response: Response;
  try {
    response = await fetch(`${upstream.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', ...(upstream.apiKey ? { authorization: `Bearer ${upstream.apiKey}` } : {}) },
      body: JSON.stringify({
        model: upstream.model ?? request.modelId,
        messages: toOpenAiMessages(request),
        stream: true,
        stream_options: { include_usage: true },
        ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
        ...(request.stopSequences.length === 0 ? {} : { stop: request.stopSequences }),
      }),
    });
  } catch (error) {
    throw new BedrockServiceError('ServiceUnavailableException', 'the upstream model server is unreachable', { cause: error });
  }
  if (!response.ok || !response.body) {
    const errorType = response.status === 429 ? 'ThrottlingException' : response.status < 500 ? 'ValidationException' : 'ServiceUnavailableException';
    throw new BedrockServiceError(errorType, `the upstream model server answered HTTP ${response.status}`);
  }

  const emitted: string[] = [];
  let stopReason: StopReason = 'end_turn';
  let usage: Completion['usage'] | undefined;
  const body = response.body;

  async function* tokens(): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const bytes of body) {
      buffered += decoder.decode(bytes, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        let chunk: { choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>; usage?: { prompt_tokens?: number; completion_tokens?: number }; error?: unknown };
        try {
          chunk = JSON.parse(data) as typeof chunk;
        } catch (error) {
          throw new UpstreamStreamError('the upstream sent an event that is not JSON', { cause: error });
        }
        if (chunk.error !== undefined) throw new UpstreamStreamError('the upstream reported an error mid-stream');
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) stopReason = finishReasons[choice.finish_reason] ?? 'end_turn';
        if (chunk.usage?.prompt_tokens !== undefined && chunk.usage.completion_tokens !== undefined) {
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
        const text = choice?.delta?.content;
        if (text) {
          emitted.push(text);
          yield text;
        }
      }
    }
  }

  return {
    tokens: tokens(),
    completion: () => ({
      tokens: emitted,
      stopReason,
      usage: usage ?? { inputTokens: countInputTokens(request), outputTokens: emitted.length },
    }),
  };
}
