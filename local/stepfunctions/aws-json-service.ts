// Serves an AWS JSON protocol service (1.0 or 1.1) on node:http: POST / with
// X-Amz-Target "<prefix>.<Operation>", a SigV4-signed JSON body, JSON answers and
// errors as { __type, message } (what the v3 SDK's JSON protocol parsers read).
// https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestRejectedError } from '../appsync/server/errors.js';
import { isSigV4, verifySigV4, type IamCredential } from '../appsync/server/auth/sigv4.js';

/** A service error as the SDK surfaces it: `name` is the error's `__type`. */
export class AwsServiceError extends Error {
  override name = 'AwsServiceError';
  constructor(
    readonly errorType: string,
    message: string,
    readonly statusCode = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type Operation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonService {
  /** e.g. 'AWSStepFunctions' or 'secretsmanager'. */
  targetPrefix: string;
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  /** Credentials a request may be signed with. */
  credentials: readonly IamCredential[];
  operations: Record<string, Operation>;
  log?: (line: string) => void;
}

export const toIamCredentials = (credentials: SigningCredentials | readonly SigningCredentials[], accountId: string): IamCredential[] =>
  (Array.isArray(credentials) ? credentials : [credentials]).map((credential: SigningCredentials) => ({
    accessKeyId: credential.accessKeyId,
    secretAccessKey: credential.secretAccessKey,
    accountId,
    userArn: `arn:aws:iam::${accountId}:user/sandbox`,
  }));

/** True (and answers) when the request's X-Amz-Target belongs to the service; false leaves it untouched. */
export async function serveAwsJson(service: AwsJsonService, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const target = headerValue(req, 'x-amz-target');
  const prefix = `${service.targetPrefix}.`;
  if (!target?.startsWith(prefix)) return false;
  const requestId = randomUUID();
  try {
    const body = await readBody(req);
    await authenticate(req, body, service.credentials);
    if (req.method !== 'POST') throw new AwsServiceError('UnknownOperationException', `${req.method ?? ''} is not supported`);
    const operation = service.operations[target.slice(prefix.length)];
    if (!operation) throw new AwsServiceError('UnknownOperationException', `Unknown operation ${target}`);
    const output = await operation(parseInput(body));
    send(res, 200, service.contentType, requestId, output ?? {});
  } catch (error) {
    const serviceError = toServiceError(error);
    if (serviceError.statusCode >= 500) service.log?.(`[${service.targetPrefix}] ${target} failed: ${String(error)}`);
    res.setHeader('x-amzn-errortype', serviceError.errorType);
    send(res, serviceError.statusCode, service.contentType, requestId, { __type: serviceError.errorType, message: serviceError.message });
  }
  return true;
}

/** AWS JSON timestamps are epoch seconds (fractional). */
export const epochSeconds = (date: Date): number => date.getTime() / 1000;

async function authenticate(req: IncomingMessage, body: string, credentials: readonly IamCredential[]): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  if (!isSigV4(headers['authorization'])) throw new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  try {
    await verifySigV4({ method: req.method ?? 'POST', headers, paths: [url.pathname], query, body }, credentials);
  } catch (error) {
    if (error instanceof RequestRejectedError) throw new AwsServiceError(error.errorType, error.message, error.statusCode, { cause: error });
    throw error;
  }
}

function parseInput(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON', 400, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function toServiceError(error: unknown): AwsServiceError {
  if (error instanceof AwsServiceError) return error;
  return new AwsServiceError('InternalFailure', 'The request processing has failed because of an unknown error.', 500, { cause: error });
}

function send(res: ServerResponse, statusCode: number, contentType: string, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
