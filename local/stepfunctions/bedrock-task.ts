// arn:aws:states:::bedrock:invokeModel, the optimized integration: Parameters { ModelId, Body,
// ContentType, Accept } in, { Body: <parsed JSON>, ContentType } out, errors 'Bedrock.<Exception>'.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { serviceCause, TaskFailedError } from './task-errors.js';
import type { ServiceClientConfig } from './task-services.js';

export type BedrockInvoker = (parameters: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

export function createBedrockInvoker(config: ServiceClientConfig): { invoke: BedrockInvoker; close(): void } {
  // Retries belong to the state's Retry field, as in AWS: the client must not retry on its own.
  const client = new BedrockRuntimeClient({ endpoint: config.endpoint, region: config.region, credentials: config.credentials, maxAttempts: 1 });
  return {
    async invoke(parameters, signal) {
      const modelId = modelIdOf(parameters.ModelId);
      const body = typeof parameters.Body === 'string' ? parameters.Body : JSON.stringify(parameters.Body ?? {});
      let response;
      try {
        response = await client.send(
          new InvokeModelCommand({
            modelId,
            body: new TextEncoder().encode(body),
            contentType: stringOr(parameters.ContentType, 'application/json'),
            accept: stringOr(parameters.Accept, 'application/json'),
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        throw new TaskFailedError(`Bedrock.${(error as Error).name}`, serviceCause('BedrockRuntime', error), { cause: error });
      }
      const text = new TextDecoder().decode(response.body);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new TaskFailedError('States.Runtime', 'The model response body is not JSON', { cause: error });
      }
      return { Body: parsed, ContentType: response.contentType ?? 'application/json' };
    },
    close: () => client.destroy(),
  };
}

/** A foundation model or inference profile ARN carries the id after the first '/'. */
export function modelIdOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TaskFailedError('Bedrock.ValidationException', 'ModelId is required');
  if (!value.startsWith('arn:')) return value;
  const slash = value.indexOf('/');
  return slash === -1 ? value : value.slice(slash + 1);
}

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
