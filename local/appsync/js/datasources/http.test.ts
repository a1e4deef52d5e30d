// The HTTP data source against local node:http servers, including a SigV4-verifying AWS stand-in.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStepFunctionsLocal, type StepFunctionsLocal } from '../../../stepfunctions/index.js';
import type { DataSourceServices } from '../../types.js';
import { DataSourceError, InvalidRequestError } from '../errors.js';
import { invokeHttp } from './http.js';

const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' };
const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:Quick';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('HTTP data source', () => {
  let echo: Server;
  let echoUrl: string;
  let aws: Server;
  let awsUrl: string;
  let stepFunctions: StepFunctionsLocal;

  const services = (overrides: Partial<DataSourceServices> = {}): DataSourceServices => ({
    dynamodb: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials },
    invokeLambda: () => Promise.reject(new Error('not used')),
    signingCredentials: credentials,
    localEndpointFor: (endpoint) => (endpoint === 'https://states.us-east-1.amazonaws.com' ? awsUrl : undefined),
    ...overrides,
  });

  beforeAll(async () => {
    echo = createServer((req, res) => {
      void readBody(req).then((body) => {
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', 'x-echo': 'yes' });
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      });
    });
    echoUrl = await listen(echo);
    stepFunctions = startStepFunctionsLocal({
      stateMachines: [{ arn: stateMachineArn, name: 'Quick', definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } } }],
      region: 'us-east-1',
      accountId: '000000000000',
      credentials,
      services: { bedrockEndpoint: 'http://127.0.0.1:1', dynamodbEndpoint: 'http://127.0.0.1:1', clientCredentials: credentials, invokeLambda: async () => ({ payload: null }) },
      log: () => undefined,
    });
    aws = createServer((req, res) => {
      void stepFunctions.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    awsUrl = await listen(aws);
  });

  afterAll(async () => {
    await stepFunctions?.close();
    await Promise.all([echo, aws].map((server) => new Promise((resolve) => server?.close(resolve))));
  });

  it('sends method, path, query, headers and body, and returns { statusCode, headers, body }', async () => {
    const result = await invokeHttp(services(), { name: 'api', type: 'HTTP', endpoint: `${echoUrl}/base/` }, {
      method: 'POST',
      resourcePath: '/v1/users',
      params: { query: { type: 'json', n: 2 }, headers: { 'Content-Type': 'application/json', 'X-Custom': 'a' }, body: { hello: 'world' } },
    });
    expect(result.statusCode).toBe(200);
    expect(result.headers['x-echo']).toBe('yes');
    const seen = JSON.parse(result.body);
    expect(seen).toMatchObject({ method: 'POST', url: '/base/v1/users?type=json&n=2', body: '{"hello":"world"}' });
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'a' });
  });

  it('returns an error status as a result, not ctx.error', async () => {
    const result = await invokeHttp(services(), { name: 'api', type: 'HTTP', endpoint: echoUrl }, { method: 'GET', resourcePath: '/missing' });
    expect(result.statusCode).toBe(404);
  });

  it('signs for the AWS host and reaches the local stand-in, which verifies the signature', async () => {
    const dataSource = {
      name: 'stepFunctions',
      type: 'HTTP' as const,
      endpoint: 'https://states.us-east-1.amazonaws.com',
      signingRegion: 'us-east-1',
      signingServiceName: 'states',
    };
    const request = {
      method: 'POST',
      resourcePath: '/',
      params: {
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
        body: { stateMachineArn, name: 'job-42', input: JSON.stringify({ jobId: 'job-42' }) },
      },
    };
    const result = await invokeHttp(services(), dataSource, request);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:Quick:job-42');

    const forged = await invokeHttp(services({ signingCredentials: { ...credentials, secretAccessKey: 'wrong' } }), dataSource, request);
    expect(forged.statusCode).toBe(403);
    expect(JSON.parse(forged.body).__type).toBe('InvalidSignatureException');
  });

  it('reports a network failure as ctx.error and a bad request object as a mapping error', async () => {
    const unreachable = invokeHttp(services(), { name: 'api', type: 'HTTP', endpoint: 'http://127.0.0.1:1' }, { method: 'GET', resourcePath: '/' });
    await expect(unreachable).rejects.toBeInstanceOf(DataSourceError);
    await expect(unreachable).rejects.toMatchObject({ type: 'HttpRequestException' });
    await expect(invokeHttp(services(), { name: 'api', type: 'HTTP', endpoint: echoUrl }, { method: 'TRACE', resourcePath: '/' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(
      invokeHttp(services(), { name: 'api', type: 'HTTP', endpoint: echoUrl }, { method: 'GET', resourcePath: '/', params: { headers: { Host: 'x' } } }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
