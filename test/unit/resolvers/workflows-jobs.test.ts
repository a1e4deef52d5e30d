// Query.job, Query.jobs, Mutation.cancelJob, Mutation.publishJobUpdate and
// Subscription.onJobUpdated: owner checks, the stored result, cancel, on the bundled code.
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, DYNAMODB_FAILURE, IAM_IDENTITY, expectError, plain, resolverFile, valueOf } from './evaluate-resolver.js';
import { EXECUTION_ARN, WORKFLOW_ENV, httpResult, jobItem } from './workflows-support.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const env = WORKFLOW_ENV;

describe('Query.job', () => {
  const authorize = resolverFile('Query.job/01.authorize.jobsTable.ts');
  const getResult = resolverFile('Query.job/02.getResult.jobsTable.ts');

  it('reads the job strongly consistent and lets only its owner see it', () => {
    const get = valueOf(authorize.request({ env, arguments: { id: 'j1' } })) as Record<string, unknown>;
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: 'JOB#j1', sk: 'META' });
    expect(authorize.response({ env, arguments: { id: 'j1' }, result: jobItem() }).stash.job).toMatchObject({ id: 'j1' });
    expectError(authorize.response({ env, arguments: { id: 'j1' }, result: jobItem({ owner: BOB }) }), 'Unauthorized');
    expectError(authorize.response({ env, arguments: { id: 'j1' }, result: null }), 'NotFound', 'Job not found');
    expectError(authorize.response({ env, arguments: { id: 'j1' }, result: jobItem(), identity: null }), 'Unauthorized');
    valueOf(authorize.response({ env, arguments: { id: 'j1' }, result: jobItem({ owner: 'guest' }), identity: null }));
  });

  it('returns an unfinished job without reading a result, and without its input', () => {
    const out = getResult.request({ env, arguments: { id: 'j1' }, stash: { job: jobItem() } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toMatchObject({ id: 'j1', status: 'RUNNING' });
    expect(out.evaluationResult).not.toHaveProperty('input');
  });

  it('adds the stored result of a succeeded job, even when the push was truncated', () => {
    const job = jobItem({ status: 'SUCCEEDED', result: null, resultTruncated: true });
    const get = valueOf(getResult.request({ env, arguments: { id: 'j1' }, stash: { job } })) as Record<string, unknown>;
    expect(plain(get.key)).toEqual({ pk: 'JOB#j1', sk: 'RESULT' });
    const result = JSON.stringify({ sentiment: { label: 'POSITIVE', score: 0.9 }, keywords: ['great'] });
    const out = valueOf(getResult.response({ env, arguments: { id: 'j1' }, stash: { job }, result: { pk: 'JOB#j1', sk: 'RESULT', result, size: result.length } }));
    expect(out).toMatchObject({ id: 'j1', status: 'SUCCEEDED', result, resultTruncated: false });
  });

  it('raises a DynamoDB failure', () => {
    expectError(getResult.response({ env, arguments: { id: 'j1' }, stash: { job: jobItem({ status: 'SUCCEEDED' }) }, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

describe('Query.jobs', () => {
  const jobs = resolverFile('Query.jobs.jobsTable.ts');

  it("queries the caller's partition of byOwner, newest first, 20 by default", () => {
    const query = valueOf(jobs.request({ env, arguments: {} })) as Record<string, Json>;
    expect(query).toMatchObject({ operation: 'Query', index: 'byOwner', scanIndexForward: false, limit: 20 });
    expect(plain(query.query.expressionValues)).toEqual({ ':owner': `OWNER#${ALICE}` });
    expect(valueOf(jobs.request({ env, arguments: { limit: 5, nextToken: 'next' } }))).toMatchObject({ limit: 5, nextToken: 'next' });
    expect(plain((valueOf(jobs.request({ env, arguments: {}, identity: null })) as Json).query.expressionValues)).toEqual({ ':owner': 'OWNER#guest' });
  });

  it.each([0, 101])('rejects limit %s', (limit) => {
    expectError(jobs.request({ env, arguments: { limit } }), 'ValidationError');
  });

  it('returns the jobs without their inputs, and the next token', () => {
    const out = valueOf(jobs.response({ env, arguments: {}, result: { items: [jobItem()], nextToken: 'n2' } })) as Json;
    expect(out.nextToken).toBe('n2');
    expect(out.items).toHaveLength(1);
    expect(out.items[0]).not.toHaveProperty('input');
    expect(valueOf(jobs.response({ env, arguments: {}, result: { items: [] } }))).toEqual({ items: [], nextToken: null });
  });
});

describe('Mutation.cancelJob', () => {
  const authorize = resolverFile('Mutation.cancelJob/01.authorize.jobsTable.ts');
  const stop = resolverFile('Mutation.cancelJob/02.stopExecution.stepFunctions.ts');
  const markCancelled = resolverFile('Mutation.cancelJob/03.markCancelled.jobsTable.ts');
  const readEnded = resolverFile('Mutation.cancelJob/04.readEnded.jobsTable.ts');
  const arguments_ = { id: 'j1' };

  it('lets only the owner cancel', () => {
    expectError(authorize.response({ env, arguments: arguments_, result: jobItem({ owner: BOB }) }), 'Unauthorized');
    expectError(authorize.response({ env, arguments: arguments_, result: null }), 'NotFound');
  });

  it('stops the execution with StopExecution', () => {
    const request = valueOf(stop.request({ env, arguments: arguments_, stash: { job: jobItem() } })) as Json;
    expect(request).toMatchObject({ method: 'POST', resourcePath: '/' });
    expect(request.params.headers).toEqual({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StopExecution' });
    expect(JSON.parse(request.params.body)).toMatchObject({ executionArn: EXECUTION_ARN, error: 'JobCancelled' });
    valueOf(stop.response({ env, arguments: arguments_, stash: { job: jobItem() }, result: httpResult(200, { stopDate: 1.7e9 }) }));
  });

  it('raises when Step Functions refuses to stop', () => {
    const out = stop.response({ env, arguments: arguments_, stash: { job: jobItem() }, result: httpResult(400, { __type: 'InvalidArn', message: 'bad arn' }) });
    expectError(out, 'InvalidArn', /could not be stopped/);
  });

  it.each(['SUCCEEDED', 'FAILED', 'CANCELLED'])('returns a %s job as it is: no stop, no write', (status) => {
    const job = jobItem({ status });
    expect(stop.request({ env, arguments: arguments_, stash: { job } }).earlyReturn).toBeDefined();
    const out = markCancelled.request({ env, arguments: arguments_, stash: { job } });
    expect(out.earlyReturn).toBeDefined();
    expect(out.evaluationResult).toMatchObject({ status });
  });

  it('has nothing to stop for a job without an execution yet', () => {
    expect(stop.request({ env, arguments: arguments_, stash: { job: jobItem({ status: 'QUEUED', executionArn: null }) } }).earlyReturn).toBeDefined();
  });

  it('marks the job CANCELLED only from QUEUED or RUNNING, version + 1', () => {
    const update = valueOf(markCancelled.request({ env, arguments: arguments_, stash: { job: jobItem() } })) as Json;
    expect(update).toMatchObject({ operation: 'UpdateItem', condition: { expression: '#status IN (:queued, :running)' } });
    expect(update.update.expression).toContain('version = version + :one');
    expect(plain(update.key)).toEqual({ pk: 'JOB#j1', sk: 'META' });
    expect(plain(update.update.expressionValues)).toMatchObject({ ':cancelled': 'CANCELLED', ':one': 1 });
    const out = markCancelled.response({ env, arguments: arguments_, stash: { job: jobItem() }, result: jobItem({ status: 'CANCELLED', version: 4 }) });
    expect(valueOf(out)).toMatchObject({ status: 'CANCELLED', version: 4 });
    expect(readEnded.request({ env, arguments: arguments_, stash: { job: jobItem() }, prev: { result: out.evaluationResult as Record<string, unknown> } }).earlyReturn).toBeDefined();
  });

  it('when the job ended under the cancel, reads it again and returns it as it ended', () => {
    const out = markCancelled.response({ env, arguments: arguments_, stash: { job: jobItem() }, error: { type: 'DynamoDB:ConditionalCheckFailedException', message: 'failed' } });
    expect(out.stash.conflict).toBe(true);
    const get = valueOf(readEnded.request({ env, arguments: arguments_, stash: out.stash })) as Json;
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(valueOf(readEnded.response({ env, arguments: arguments_, stash: out.stash, result: jobItem({ status: 'SUCCEEDED' }) }))).toMatchObject({ status: 'SUCCEEDED' });
  });
});

describe('Mutation.publishJobUpdate and Subscription.onJobUpdated', () => {
  const publish = resolverFile('Mutation.publishJobUpdate.none.ts');
  const authorize = resolverFile('Subscription.onJobUpdated/01.authorize.jobsTable.ts');
  const subscribe = resolverFile('Subscription.onJobUpdated/resolver.ts');

  it('publishes the job as it was given', () => {
    const job = { id: 'j1', jobId: 'j1', owner: ALICE, kind: 'BATCH_ADVERTS', status: 'RUNNING', steps: [], version: 2 };
    expect(valueOf(publish.request({ env, arguments: { input: job }, identity: IAM_IDENTITY }))).toEqual({ payload: job });
    expect(valueOf(publish.response({ env, arguments: { input: job }, identity: IAM_IDENTITY, result: job }))).toEqual(job);
  });

  it('lets only the owner subscribe to a job', () => {
    const get = valueOf(authorize.request({ env, arguments: { jobId: 'j1' } })) as Json;
    expect(plain(get.key)).toEqual({ pk: 'JOB#j1', sk: 'META' });
    expect(valueOf(authorize.response({ env, arguments: { jobId: 'j1' }, result: jobItem() }))).toBeNull();
    expectError(authorize.response({ env, arguments: { jobId: 'j1' }, result: jobItem({ owner: BOB }) }), 'Unauthorized');
    expectError(authorize.response({ env, arguments: { jobId: 'j1' }, result: null }), 'NotFound');
  });

  it('without a jobId looks nothing up (all of the caller\'s jobs)', () => {
    expect(authorize.request({ env, arguments: {} }).earlyReturn).toBeTruthy();
  });

  it('always sets the owner filter, with the job when a jobId is given (the filter replaces argument filtering)', () => {
    const ownerRule = { fieldName: 'owner', operator: 'eq', value: ALICE };
    expect(subscribe.response({ env, arguments: { jobId: 'j1' } }).subscriptionFilter)
      .toEqual({ filterGroup: [{ filters: [ownerRule, { fieldName: 'jobId', operator: 'eq', value: 'j1' }] }] });
    expect(subscribe.response({ env, arguments: {} }).subscriptionFilter).toEqual({ filterGroup: [{ filters: [ownerRule] }] });
    for (const args of [{ jobId: 'j1' }, {}]) {
      const out = subscribe.response({ env, arguments: args });
      expect(valueOf(out)).toBeNull();
      expect(JSON.stringify(out.subscriptionFilter)).toContain(ALICE);
      expect(JSON.stringify(out.subscriptionFilter)).toContain('owner');
    }
  });
});
