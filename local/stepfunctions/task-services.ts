// What the Task integrations reach: the local services and the Lambda runner.

export interface ServiceClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export type InvocationType = 'RequestResponse' | 'Event';

/** The sandbox's Lambda runner: accepts a logical id, physical name or ARN. */
export type InvokeLambda = (
  functionName: string,
  payload: unknown,
  invocationType: InvocationType,
) => Promise<{ payload: unknown; functionError?: { errorType: string; errorMessage: string; trace?: string[] } }>;

export interface TaskServices {
  bedrockEndpoint: string;
  dynamodbEndpoint: string;
  /** What the service clients sign with (the local services accept any). */
  clientCredentials: { accessKeyId: string; secretAccessKey: string };
  invokeLambda: InvokeLambda;
}
