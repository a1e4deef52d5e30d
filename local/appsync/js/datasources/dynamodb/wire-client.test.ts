// The JSON-protocol client's own logic (signing, error parsing, retries) against a scripted HTTP
// server; what DynamoDB Local answers is covered by local/appsync/js/dynamodb.test.ts.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBServiceError, DynamoDBWireClient } from './wire-client.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
type Answer = (response: ServerResponse) => void;

let server: Server;
let endpoint: string;
let received: Received[] = [];
let answers: Answer[] = [];

const json = (status: number, body: unknown, requestId = 'REQ1'): Answer => (response) => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId });
  response.end(JSON.stringify(body));
};
const resetConnection: Answer = (response) => response.socket?.destroy();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? json(500, { __type: 'InternalServerError', message: 'no scripted answer' });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  answers = [];
});

const client = (maxAttempts = 3) =>
  new DynamoDBWireClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' }, maxAttempts });

describe('DynamoDB JSON-protocol client', () => {
  it('posts the input as JSON to the operation target, signed with SigV4 for dynamodb in the region', async () => {
    answers.push(json(200, { Item: { id: { S: 'a' } } }));
    const wire = client();
    const output = await wire.call('GetItem', { TableName: 'posts', Key: { id: { S: 'a' } } });
    wire.close();
    expect(output).toEqual({ Item: { id: { S: 'a' } } });
    const [request] = received;
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(request?.body ?? '')).toEqual({ TableName: 'posts', Key: { id: { S: 'a' } } });
  });

  it('turns an error body into DynamoDBServiceError: the exception after "#", message, status, request id and the whole body', async () => {
    const item = { id: { S: 'a' }, version: { N: '2' } };
    answers.push(json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed', Item: item }, 'REQ-42'));
    const wire = client();
    const error = await wire.call('PutItem', {}).catch((e: unknown) => e);
    wire.close();
    expect(error).toBeInstanceOf(DynamoDBServiceError);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', statusCode: 400, requestId: 'REQ-42' });
    expect((error as DynamoDBServiceError).details.Item).toEqual(item);
    expect(received).toHaveLength(1);
  });

  it('reads "Message" as well as "message" (DynamoDB spells it both ways)', async () => {
    answers.push(json(400, { __type: 'com.amazon.coral.validate#ValidationException', Message: 'One or more parameter values were invalid' }));
    const wire = client();
    await expect(wire.call('GetItem', {})).rejects.toMatchObject({ name: 'ValidationException', message: 'One or more parameter values were invalid' });
    wire.close();
  });

  it('retries a 5xx and a throttling error, then answers', async () => {
    answers.push(json(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'boom' }));
    answers.push(json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' }));
    answers.push(json(200, {}));
    const wire = client();
    await expect(wire.call('DeleteItem', {})).resolves.toEqual({});
    wire.close();
    expect(received).toHaveLength(3);
  });

  it('retries a reset connection, and gives up after maxAttempts', async () => {
    answers.push(resetConnection, json(200, { Count: 0 }));
    const wire = client();
    await expect(wire.call('Query', {})).resolves.toEqual({ Count: 0 });
    answers.push(resetConnection, resetConnection);
    const twoAttempts = client(2);
    await expect(twoAttempts.call('Query', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
    twoAttempts.close();
    wire.close();
  });

  it('does not retry a client error', async () => {
    answers.push(json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' }), json(200, {}));
    const wire = client();
    await expect(wire.call('GetItem', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    wire.close();
    expect(received).toHaveLength(1);
  });

  it('reports a body that is not JSON as an InternalServerError with the status', async () => {
    answers.push((response) => response.writeHead(502).end('<html>bad gateway</html>'), (response) => response.writeHead(502).end('oops'), (response) => response.writeHead(502).end('oops'));
    const wire = client();
    await expect(wire.call('GetItem', {})).rejects.toMatchObject({ name: 'InternalServerError', statusCode: 502 });
    wire.close();
  });
});
