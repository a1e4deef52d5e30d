// Amazon Nova's InvokeModel body (schemaVersion messages-v1), with JSONPath
// values where the prompt comes from the state.
// https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html

export interface NovaTool {
  name: string;
  description: string;
  /** JSON Schema of the tool's input: the structured answer the model must give. */
  inputSchema: Record<string, unknown>;
}

export interface NovaBodyProps {
  system: string;
  /** The user turn: a literal or a JsonPath token (JsonPath.stringAt / JsonPath.format). */
  text: string;
  maxTokens: number;
  temperature: number;
  /** When set, the model must answer by calling this tool: content[0].toolUse.input is the answer. */
  tool?: NovaTool;
}

export function novaBody(props: NovaBodyProps): Record<string, unknown> {
  return {
    schemaVersion: 'messages-v1',
    system: [{ text: props.system }],
    messages: [{ role: 'user', content: [{ text: props.text }] }],
    inferenceConfig: { maxTokens: props.maxTokens, temperature: props.temperature },
    ...(props.tool
      ? {
          toolConfig: {
            tools: [
              {
                toolSpec: {
                  name: props.tool.name,
                  description: props.tool.description,
                  inputSchema: { json: props.tool.inputSchema },
                },
              },
            ],
            toolChoice: { tool: { name: props.tool.name } },
          },
        }
      : {}),
  };
}

/** Where the parts of a Nova answer are, below the InvokeModel result's Body. */
export const NOVA_ANSWER = {
  text: 'output.message.content[0].text',
  toolInput: 'output.message.content[0].toolUse.input',
  inputTokens: 'usage.inputTokens',
  outputTokens: 'usage.outputTokens',
} as const;
