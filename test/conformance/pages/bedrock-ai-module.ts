// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-bedrock-js.html
// The '@aws-appsync/utils/ai' helpers build the documented BedrockInvokeModelRequest and
// BedrockConverseRequest objects; the code below is the JSDoc example of lib/bedrock-helpers.d.ts.
import type { ReferencePage } from '../support/conformance.js';

export const bedrockAiModulePage: ReferencePage = {
  title: 'JavaScript resolver and function reference for Amazon Bedrock runtime (the ai module)',
  url: 'https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-bedrock-js.html',
  cases: [
    {
      name: "invokeModel({ modelId, body }) returns { operation: 'InvokeModel', modelId, body }",
      code: `import { invokeModel } from '@aws-appsync/utils/ai';
export function request(ctx) {
    return invokeModel({
        modelId: 'bedrock-model-id',
        body: {
            inputText: 'Describe the purpose of a "hello world" program in one line.',
            textGenerationConfig : {
                maxTokenCount: 512,
                temperature: 0.5,
                topP: 0.9
            }
        }
   });
}`,
      expected: {
        operation: 'InvokeModel',
        modelId: 'bedrock-model-id',
        body: { inputText: 'Describe the purpose of a "hello world" program in one line.', textGenerationConfig: { maxTokenCount: 512, temperature: 0.5, topP: 0.9 } },
      },
    },
    {
      name: 'invokeModel keeps the guardrail fields (guardrailIdentifier, guardrailVersion, guardrailTrace)',
      code: `import { invokeModel } from '@aws-appsync/utils/ai';
export function request(ctx) {
  return invokeModel({ modelId: 'amazon.titan-text-lite-v1', guardrailIdentifier: 'zabcd12345678', guardrailVersion: '1', guardrailTrace: 'ENABLED', body: { inputText: ctx.args.text } });
}`,
      context: { arguments: { text: 'Summarize this.' } },
      expected: {
        operation: 'InvokeModel', modelId: 'amazon.titan-text-lite-v1', guardrailIdentifier: 'zabcd12345678', guardrailVersion: '1', guardrailTrace: 'ENABLED',
        body: { inputText: 'Summarize this.' },
      },
    },
    {
      name: "converse({ modelId, messages }) returns { operation: 'Converse', modelId, messages }",
      code: `import { converse } from '@aws-appsync/utils/ai';
export function request(ctx) {
    return converse({
        modelId: 'bedrock-model-id',
        messages: [{
            role: 'user',
            content: [
              {
                text: 'Describe the purpose of a "hello world" program in one line.'
              }
            ]
        }]
    });
}`,
      expected: {
        operation: 'Converse',
        modelId: 'bedrock-model-id',
        messages: [{ role: 'user', content: [{ text: 'Describe the purpose of a "hello world" program in one line.' }] }],
      },
    },
  ],
};
