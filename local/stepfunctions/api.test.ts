// The Step Functions API through the real, signed SFNClient; execution lifecycle and status-change events.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStepFunctionsLocal, type InvokeLambda, type StatusChangeEvent, type StepFunctionsLocal } from './index.js';

const region = 'us-east-1';
const accountId = '000000000000';
const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' };
const waitingArn = `arn:aws:states:${region}:${accountId}:stateMachine:Waiting`;
const quickArn = `arn:aws:states:${region}:${accountId}:stateMachine:Quick`;
const slowArn = `arn:aws:states:${region}:${accountId}:stateMachine:Slow`;

describe('Step Functions API', () => {
  let server: Server;
  let local: StepFunctionsLocal;
  let client: SFNClient;
  let endpoint: string;
  const delivered: Array<{ target: string; event: StatusChangeEvent; type: string }> = [];

  const invokeLambda: InvokeLambda = async (name, payload, type) => {
    delivered.push({ target: name, event: payload as StatusChangeEvent, type });
    return { payload: null };
  };

  beforeAll(async () => {
    local = startStepFunctionsLocal({
      stateMachines: [
        { arn: waitingArn, name: 'Waiting', definition: { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 30, End: true } } } },
        {
          arn: slowArn,
          name: 'Slow',
          definition: { TimeoutSeconds: 1, StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 20, End: true } } },
        },
        {
          arn: quickArn,
          name: 'Quick',
          definition: {
            StartAt: 'Check',
            States: {
              Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }], Default: 'Done' },
              Boom: { Type: 'Fail', Error: 'Job.Failed', Cause: 'asked to fail' },
              Done: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, End: true },
            },
          },
        },
      ],
      region,
      accountId,
      credentials,
      services: { bedrockEndpoint: 'http://127.0.0.1:1', dynamodbEndpoint: 'http://127.0.0.1:1', clientCredentials: credentials, invokeLambda },
      eventRules: [
        {
          name: 'EndedBadly',
          eventPattern: {
            source: ['aws.states'],
            'detail-type': ['Step Functions Execution Status Change'],
            detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [waitingArn, quickArn, slowArn] },
          },
          targetFunctions: ['JobEvents'],
        },
        { name: 'Succeeded', eventPattern: { source: ['aws.states'], detail: { status: ['SUCCEEDED'] } }, targetFunctions: ['OnSuccess'] },
      ],
      log: () => undefined,
    });
    server = createServer((req, res) => {
      void local.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new SFNClient({ endpoint, region, credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await local?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('starts at once, is idempotent for the same name and input, stops as ABORTED and tells the matching rule', async () => {
    const input = JSON.stringify({ jobId: 'job-1' });
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: waitingArn, name: 'job-1', input }));
    expect(started.executionArn).toBe(`arn:aws:states:${region}:${accountId}:execution:Waiting:job-1`);
    expect(started.startDate).toBeInstanceOf(Date);

    const again = await client.send(new StartExecutionCommand({ stateMachineArn: waitingArn, name: 'job-1', input }));
    expect(again.executionArn).toBe(started.executionArn);
    expect(again.startDate?.getTime()).toBe(started.startDate?.getTime());
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: waitingArn, name: 'job-1', input: '{"other":1}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });

    const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running).toMatchObject({ status: 'RUNNING', name: 'job-1', input, stateMachineArn: waitingArn });

    const stopped = await client.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Cancelled', cause: 'user asked' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'user asked' });
    expect(described.stopDate).toBeInstanceOf(Date);

    await local.whenEventsDelivered();
    const events = delivered.filter((d) => d.event.detail.executionArn === started.executionArn);
    expect(events).toHaveLength(1);
    const [{ target, event, type }] = events as [(typeof events)[number]];
    expect(target).toBe('JobEvents');
    expect(type).toBe('Event');
    expect(event).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      account: accountId,
      region,
      resources: [started.executionArn],
      detail: { name: 'job-1', status: 'ABORTED', stateMachineArn: waitingArn, input, output: null, error: 'Cancelled', cause: 'user asked' },
    });
    expect(event.detail.startDate).toBe(started.startDate?.getTime());
    expect(typeof event.detail.stopDate).toBe('number');
  });

  it('records a successful and a failed run, with intrinsic functions, and lists newest first', async () => {
    const ok = await client.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'ok-1', input: '{"who":"ada","fail":false}' }));
    const okDone = await local.whenDone(ok.executionArn ?? '');
    expect(okDone).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"hello ada"}' });

    const bad = await client.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'bad-1', input: '{"fail":true}' }));
    await local.whenDone(bad.executionArn ?? '');
    const failed = await client.send(new DescribeExecutionCommand({ executionArn: bad.executionArn }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Job.Failed', cause: 'asked to fail' });
    expect(failed.output).toBeUndefined();

    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: quickArn }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['bad-1', 'ok-1']);
    const onlyFailed = await client.send(new ListExecutionsCommand({ stateMachineArn: quickArn, statusFilter: 'FAILED' }));
    expect(onlyFailed.executions?.map((e) => e.name)).toEqual(['bad-1']);
    const paged = await client.send(new ListExecutionsCommand({ stateMachineArn: quickArn, maxResults: 1 }));
    expect(paged.executions).toHaveLength(1);
    const next = await client.send(new ListExecutionsCommand({ stateMachineArn: quickArn, maxResults: 1, nextToken: paged.nextToken }));
    expect(next.executions?.map((e) => e.name)).toEqual(['ok-1']);

    await local.whenEventsDelivered();
    const targets = delivered.filter((d) => d.event.detail.stateMachineArn === quickArn).map((d) => `${d.event.detail.name}->${d.target}`);
    expect(targets.sort()).toEqual(['bad-1->JobEvents', 'ok-1->OnSuccess']);
  });

  it('times out an execution past its TimeoutSeconds (TIMED_OUT, States.Timeout) and reports it', async () => {
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: slowArn, name: 'slow-1' }));
    const ended = await local.whenDone(started.executionArn ?? '');
    expect(ended).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout', input: '{}' });
    await local.whenEventsDelivered();
    expect(delivered.filter((d) => d.event.detail.name === 'slow-1').map((d) => [d.target, d.event.detail.status])).toEqual([['JobEvents', 'TIMED_OUT']]);
  });

  it("answers the API's errors as the SDK names them", async () => {
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `arn:aws:states:${region}:${accountId}:stateMachine:Nope` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'has space' }))).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: quickArn, input: '{not json' }))).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      client.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:${region}:${accountId}:execution:Quick:missing` })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  it('rejects requests signed with the wrong secret or not signed', async () => {
    const forger = new SFNClient({ endpoint, region, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'wrong' }, maxAttempts: 1 });
    await expect(forger.send(new ListExecutionsCommand({ stateMachineArn: quickArn }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    forger.destroy();
    const stranger = new SFNClient({ endpoint, region, credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(stranger.send(new ListExecutionsCommand({ stateMachineArn: quickArn }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    stranger.destroy();
    const unsigned = await fetch(endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const other = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
    expect(other.status).toBe(404);
  });
});
