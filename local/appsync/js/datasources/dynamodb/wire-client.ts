// DynamoDB's JSON protocol (awsJson1_0), spoken directly: AppSync's request objects already are
// DynamoDB JSON, so a call is one signed POST whose body goes out as the resolver wrote it.
// The AWS SDK client did the same work at about three times the CPU per GetItem (its middleware
// stack, schema serde and retry bookkeeping were 2/3 of the runtime's time on a GetItem query:
// `npm run bench -- appsync-runtime`), and the runtime makes this call for every field it resolves.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../../node-sha256.js';

/** An attribute value as the JSON protocol carries it: numbers as strings, binary as base64. */
export interface WireValue {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  L?: WireValue[];
  M?: WireItem;
}
export type WireItem = Record<string, WireValue>;

export interface WireClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, the first included (the SDK's default is 3). */
  maxAttempts?: number;
}

/** DynamoDB answered with an error: `name` is the exception (the part of `__type` after '#'). */
export class DynamoDBServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly statusCode: number,
    readonly requestId: string | undefined,
    /** The whole error body: ConditionalCheckFailedException's Item, TransactionCanceledException's CancellationReasons. */
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Failures worth another attempt, as the SDK's standard retry strategy treats them. */
const transientNetworkCodes = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const throttlingNames = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded']);

function isTransient(error: unknown): boolean {
  if (error instanceof DynamoDBServiceError) return error.statusCode >= 500 || throttlingNames.has(error.name);
  return transientNetworkCodes.has((error as NodeJS.ErrnoException).code ?? '');
}

interface RawResponse {
  statusCode: number;
  requestId: string | undefined;
  body: string;
}

export class DynamoDBWireClient {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly signer: SignatureV4;
  private readonly maxAttempts: number;

  constructor(config: WireClientConfig) {
    this.url = new URL(config.endpoint);
    const secure = this.url.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 64 }) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
    this.signer = new SignatureV4({ credentials: config.credentials, region: config.region, service: 'dynamodb', sha256: NodeSha256, applyChecksum: false });
    this.maxAttempts = config.maxAttempts ?? 3;
  }

  /** Calls `operation` (e.g. 'GetItem') with `input`; resolves to its output, rejects with DynamoDBServiceError. */
  async call<Output>(operation: string, input: object): Promise<Output> {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return parseOutput<Output>(await this.post(operation, body));
      } catch (error) {
        if (attempt >= this.maxAttempts || !isTransient(error)) throw error;
        // Full jitter on an exponential base, as the SDK's standard strategy waits.
        await sleep(Math.random() * 50 * 2 ** attempt);
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private async post(operation: string, body: string): Promise<RawResponse> {
    const signed = await this.signer.sign(new HttpRequest({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path: '/',
      headers: {
        host: this.url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
    }));
    const headers = { ...(signed.headers as Record<string, string>), 'content-length': String(Buffer.byteLength(body)) };
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RawResponse>((resolve, reject) => {
      const request = send(
        { hostname: this.url.hostname, port: this.url.port, method: 'POST', path: '/', headers, agent: this.agent },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({
            statusCode: response.statusCode ?? 0,
            requestId: headerText(response.headers['x-amzn-requestid']),
            body: Buffer.concat(chunks).toString('utf8'),
          }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function parseOutput<Output>(response: RawResponse): Output {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(response.body || '{}') as Record<string, unknown>;
  } catch {
    throw new DynamoDBServiceError('InternalServerError', `DynamoDB answered ${response.statusCode} with a body that is not JSON`, response.statusCode, response.requestId, {});
  }
  if (response.statusCode === 200) return parsed as Output;
  const type = typeof parsed.__type === 'string' ? parsed.__type : 'InternalServerError';
  const message = parsed.message ?? parsed.Message;
  throw new DynamoDBServiceError(
    type.slice(type.lastIndexOf('#') + 1),
    typeof message === 'string' ? message : type,
    response.statusCode,
    response.requestId,
    parsed,
  );
}
