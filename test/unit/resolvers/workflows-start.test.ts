// Mutation.startWorkflow: validation per kind, idempotency, the stored job, the
// StartExecution request and a failed start, on the bundled code.
import { describe, expect, it } from 'vitest';
import { ALICE, DYNAMODB_FAILURE, IAM_IDENTITY, expectError, plain, resolverFile, valueOf } from './evaluate-resolver.js';
import { EXECUTION_ARN, PDF_BASE64, SANDBOX_ENV, WORKFLOW_ENV, httpResult, jobItem } from './workflows-support.js';

const findStartToken = resolverFile('Mutation.startWorkflow/01.findStartToken.jobsTable.ts');
const getReplayedJob = resolverFile('Mutation.startWorkflow/02.getReplayedJob.jobsTable.ts');
const storeJob = resolverFile('Mutation.startWorkflow/03.storeJob.jobsTable.ts');
const startExecution = resolverFile('Mutation.startWorkflow/04.startExecution.stepFunctions.ts');
const recordExecution = resolverFile('Mutation.startWorkflow/05.recordExecution.jobsTable.ts');
const pipeline = resolverFile('Mutation.startWorkflow/resolver.ts');

type Args = Record<string, unknown>;
const args = (kind: string, input: unknown, extra: Args = {}) => ({ input: { kind, input, ...extra } });
const validate = (kind: string, input: unknown, extra: Args = {}, env: Record<string, string> = WORKFLOW_ENV) =>
  findStartToken.request({ arguments: args(kind, input, extra), env });

const spec = (overrides: Args = {}) => ({ name: 'Trail shoe', description: 'Light and grippy', ...overrides });

describe('01.findStartToken request: validation per kind, before anything is read or written', () => {
  it.each([
    ['DOCUMENT_ANALYSIS', 'a string instead of an object', 'just text'],
    ['DOCUMENT_ANALYSIS', 'no document', {}],
    ['DOCUMENT_ANALYSIS', 'two sources', { document: { text: 'a', url: 'https://x.test/a', format: 'TEXT' } }],
    ['DOCUMENT_ANALYSIS', 'no source', { document: { format: 'TEXT' } }],
    ['DOCUMENT_ANALYSIS', 'a missing format', { document: { text: 'a' } }],
    ['DOCUMENT_ANALYSIS', 'an unknown format', { document: { text: 'a', format: 'DOCX' } }],
    ['DOCUMENT_ANALYSIS', 'blank text', { document: { text: '  ', format: 'TEXT' } }],
    ['DOCUMENT_ANALYSIS', 'text over 200,000 characters', { document: { text: 'x'.repeat(200_001), format: 'TEXT' } }],
    ['DOCUMENT_ANALYSIS', 'text declared as PDF', { document: { text: 'a', format: 'PDF' } }],
    ['DOCUMENT_ANALYSIS', 'an http url in AWS', { document: { url: 'http://example.com/a.html', format: 'HTML' } }],
    ['DOCUMENT_ANALYSIS', 'an ftp url', { document: { url: 'ftp://example.com/a.txt', format: 'TEXT' } }],
    ['DOCUMENT_ANALYSIS', 'base64 that is not base64', { document: { base64: 'not base64!', format: 'PDF' } }],
    ['DOCUMENT_ANALYSIS', 'base64 that is not a PDF', { document: { base64: Buffer.from('hello world!').toString('base64'), format: 'PDF' } }],
    ['DOCUMENT_ANALYSIS', 'base64 with a non-PDF format', { document: { base64: PDF_BASE64, format: 'TEXT' } }],
    ['CONTENT_INSIGHTS', 'no text', {}],
    ['CONTENT_INSIGHTS', 'empty text', { text: '' }],
    ['CONTENT_INSIGHTS', 'a number as text', { text: 42 }],
    ['CONTENT_INSIGHTS', 'text over 8,000 characters', { text: 'x'.repeat(8_001) }],
    ['BATCH_ADVERTS', 'no specs', {}],
    ['BATCH_ADVERTS', 'an empty spec list', { specs: [] }],
    ['BATCH_ADVERTS', '101 specs', { specs: Array.from({ length: 101 }, () => spec()) }],
    ['BATCH_ADVERTS', 'a spec without a name', { specs: [spec({ name: undefined })] }],
    ['BATCH_ADVERTS', 'a name over 200 characters', { specs: [spec({ name: 'n'.repeat(201) })] }],
    ['BATCH_ADVERTS', 'a description over 2000 characters', { specs: [spec({ description: 'd'.repeat(2001) })] }],
    ['BATCH_ADVERTS', '21 features', { specs: [spec({ features: Array.from({ length: 21 }, (_, i) => `f${i}`) })] }],
    ['BATCH_ADVERTS', 'a feature that is not a string', { specs: [spec({ features: ['ok', 3] })] }],
    ['BATCH_ADVERTS', 'a tone over 100 characters', { specs: [spec()], tone: 't'.repeat(101) }],
    ['BATCH_ADVERTS', 'wordCount 9', { specs: [spec()], wordCount: 9 }],
    ['BATCH_ADVERTS', 'wordCount 301', { specs: [spec()], wordCount: 301 }],
    ['BATCH_ADVERTS', 'a fractional wordCount', { specs: [spec()], wordCount: 50.5 }],
    ['BATCH_ADVERTS', 'specs too large for an execution input', { specs: Array.from({ length: 100 }, () => spec({ description: 'd'.repeat(2000), features: Array.from({ length: 20 }, () => 'f'.repeat(200)) })) }],
  ])('%s: rejects %s with ValidationError', (kind, _case, input) => {
    expectError(validate(kind, input), 'ValidationError');
  });

  it.each([
    ['a non-https callbackUrl', { callbackUrl: 'http://hooks.example.com/done' }],
    ['a bad clientToken', { clientToken: 'has space' }],
    ['a clientToken over 64 characters', { clientToken: 'a'.repeat(65) }],
  ])('rejects %s with ValidationError', (_case, extra) => {
    expectError(validate('CONTENT_INSIGHTS', { text: 'ok' }, extra), 'ValidationError');
  });

  it.each([
    ['DOCUMENT_ANALYSIS', 'text of exactly 200,000 characters', { document: { text: 'x'.repeat(200_000), format: 'MARKDOWN' } }],
    ['DOCUMENT_ANALYSIS', 'an https url', { document: { url: 'https://example.com/a.html', format: 'HTML' } }],
    ['DOCUMENT_ANALYSIS', 'a base64 PDF', { document: { base64: PDF_BASE64, format: 'PDF' } }],
    ['CONTENT_INSIGHTS', 'text of exactly 8,000 characters', { text: 'x'.repeat(8_000) }],
    ['BATCH_ADVERTS', '100 small specs with 20 features', { specs: Array.from({ length: 100 }, () => spec({ features: Array.from({ length: 20 }, () => 'light') })), tone: 'playful', wordCount: 300 }],
  ])('%s: accepts %s', (kind, _case, input) => {
    valueOf(validate(kind, input));
  });

  it('accepts an https callbackUrl in AWS, and loopback http only where insecure callbacks are allowed', () => {
    valueOf(validate('CONTENT_INSIGHTS', { text: 'ok' }, { callbackUrl: 'https://hooks.example.com/done' }));
    expectError(validate('CONTENT_INSIGHTS', { text: 'ok' }, { callbackUrl: 'http://127.0.0.1:8080/hook' }), 'ValidationError', /https/);
    valueOf(validate('CONTENT_INSIGHTS', { text: 'ok' }, { callbackUrl: 'http://127.0.0.1:8080/hook' }, SANDBOX_ENV));
    expectError(validate('CONTENT_INSIGHTS', { text: 'ok' }, { callbackUrl: 'http://example.com/hook' }, SANDBOX_ENV), 'ValidationError');
    valueOf(validate('DOCUMENT_ANALYSIS', { document: { url: 'http://127.0.0.1:9/a.txt', format: 'TEXT' } }, {}, SANDBOX_ENV));
  });

  it('stashes the normalized input: BATCH_ADVERTS defaults tone, wordCount and features', () => {
    const out = validate('BATCH_ADVERTS', { specs: [spec()] });
    expect(out.stash.input).toEqual({ specs: [{ name: 'Trail shoe', description: 'Light and grippy', features: [] }], tone: 'friendly', wordCount: 80 });
    expect(out.stash.requestHash).toBe(`raw:BATCH_ADVERTS:${JSON.stringify(out.stash.input)}`);
  });

  it('skips the read without a clientToken, and reads the owner\'s token strongly consistent with one', () => {
    expect(validate('CONTENT_INSIGHTS', { text: 'ok' }).earlyReturn).toBeDefined();
    const get = valueOf(validate('CONTENT_INSIGHTS', { text: 'ok' }, { clientToken: 'tok-1' })) as Record<string, unknown>;
    expect(get).toMatchObject({ operation: 'GetItem', consistentRead: true });
    expect(plain(get.key)).toEqual({ pk: `OWNER#${ALICE}`, sk: 'TOKEN#tok-1' });
  });

  it('refuses an IAM caller (no owner)', () => {
    expectError(findStartToken.request({ arguments: args('CONTENT_INSIGHTS', { text: 'ok' }), env: WORKFLOW_ENV, identity: IAM_IDENTITY }), 'Unauthorized');
  });
});

describe('01.findStartToken response and 02.getReplayedJob: idempotent replays', () => {
  const stash = { input: { text: 'ok' }, requestHash: 'raw:CONTENT_INSIGHTS:{"text":"ok"}' };
  const token = (overrides: Args = {}) => ({
    pk: `OWNER#${ALICE}`, sk: 'TOKEN#tok-1', type: 'StartToken', jobId: 'j1', requestHash: stash.requestHash,
    expiresAt: Math.floor(Date.now() / 1000) + 3600, ...overrides,
  });
  const respond = (result: unknown) =>
    findStartToken.response({ arguments: args('CONTENT_INSIGHTS', { text: 'ok' }, { clientToken: 'tok-1' }), env: WORKFLOW_ENV, stash: { ...stash }, result });

  it('marks a replay of the same request', () => {
    expect(respond(token()).stash.replayJobId).toBe('j1');
  });

  it('raises IdempotencyConflict for the same token with another request', () => {
    expectError(respond(token({ requestHash: 'raw:CONTENT_INSIGHTS:{"text":"other"}' })), 'IdempotencyConflict');
  });

  it('ignores a missing or expired token', () => {
    expect(respond(null).stash.replayJobId).toBeUndefined();
    expect(respond(token({ expiresAt: Math.floor(Date.now() / 1000) - 1 })).stash.replayJobId).toBeUndefined();
  });

  it('02 reads the first job on a replay and returns it; otherwise it does nothing', () => {
    expect(getReplayedJob.request({ env: WORKFLOW_ENV, stash: {} }).earlyReturn).toBeDefined();
    const get = valueOf(getReplayedJob.request({ env: WORKFLOW_ENV, stash: { replayJobId: 'j1' } })) as Record<string, unknown>;
    expect(plain(get.key)).toEqual({ pk: 'JOB#j1', sk: 'META' });
    const out = getReplayedJob.response({ env: WORKFLOW_ENV, stash: { replayJobId: 'j1' }, result: jobItem() });
    expect(out.stash.job).toMatchObject({ id: 'j1' });
  });

  it('a replay writes nothing and starts nothing', () => {
    const replay = { replayJobId: 'j1', job: jobItem() };
    expect(storeJob.request({ env: WORKFLOW_ENV, arguments: args('CONTENT_INSIGHTS', { text: 'ok' }), stash: replay }).earlyReturn).toBeDefined();
    expect(startExecution.request({ env: WORKFLOW_ENV, stash: replay }).earlyReturn).toBeDefined();
    expect(recordExecution.request({ env: WORKFLOW_ENV, stash: replay }).earlyReturn).toBeDefined();
    expect(valueOf(pipeline.response({ env: WORKFLOW_ENV, stash: replay }))).toMatchObject({ id: 'j1', status: 'RUNNING' });
  });
});

describe('03.storeJob: the QUEUED job and the start token in one transaction', () => {
  const stash = () => ({ input: { specs: [spec({ features: [] })], tone: 'friendly', wordCount: 80 }, requestHash: 'raw:x' });

  it('puts the job (QUEUED, version 1, progress for a batch, webhook PENDING) and the token, each conditionally', () => {
    const out = storeJob.request({
      env: WORKFLOW_ENV,
      arguments: args('BATCH_ADVERTS', {}, { clientToken: 'tok-1', callbackUrl: 'https://hooks.example.com/x', bypassCache: true }),
      stash: stash(),
    });
    const request = valueOf(out) as { operation: string; transactItems: Array<Record<string, unknown>> };
    expect(request.operation).toBe('TransactWriteItems');
    expect(request.transactItems).toHaveLength(2);
    const [jobPut, tokenPut] = request.transactItems as [Record<string, Json>, Record<string, Json>];
    expect(jobPut).toMatchObject({ table: 'JobsTable-test', operation: 'PutItem', condition: { expression: 'attribute_not_exists(pk)' } });
    const job = plain(jobPut.attributeValues);
    expect(job).toMatchObject({
      type: 'Job', owner: ALICE, kind: 'BATCH_ADVERTS', status: 'QUEUED', steps: [], version: 1, bypassCache: true,
      progress: { completed: 0, failed: 0, total: 1 },
      webhook: { url: 'https://hooks.example.com/x', status: 'PENDING', attempts: 0 },
      callbackUrl: 'https://hooks.example.com/x', gsi1pk: `OWNER#${ALICE}`, input: stash().input,
    });
    expect(job.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(job).toMatchObject({ jobId: job.id, pk: `JOB#${job.id}`, sk: 'META', gsi1sk: job.createdAt });
    const token = plain(tokenPut.attributeValues);
    expect(token).toMatchObject({ pk: `OWNER#${ALICE}`, sk: 'TOKEN#tok-1', jobId: job.id, requestHash: 'raw:x' });
    expect(token.expiresAt as number).toBeGreaterThan(Date.now() / 1000 + 86_000);
    expect(out.stash.job).toMatchObject({ id: job.id });
  });

  it('writes no token without a clientToken, and no progress or webhook for other kinds', () => {
    const request = valueOf(storeJob.request({ env: WORKFLOW_ENV, arguments: args('CONTENT_INSIGHTS', {}), stash: { input: { text: 'ok' }, requestHash: 'r' } })) as { transactItems: Array<Record<string, Json>> };
    expect(request.transactItems).toHaveLength(1);
    expect(plain(request.transactItems[0]!.attributeValues)).toMatchObject({ progress: null, webhook: null, bypassCache: false });
  });

  it('raises Conflict when a concurrent request took the token', () => {
    const out = storeJob.response({
      env: WORKFLOW_ENV, arguments: args('CONTENT_INSIGHTS', {}), stash: stash(),
      error: { type: 'DynamoDB:TransactionCanceledException', message: 'cancelled' },
      result: { cancellationReasons: [{ type: 'None' }, { type: 'ConditionalCheckFailed' }] },
    });
    expectError(out, 'Conflict');
  });

  it('fails loudly without JOBS_TABLE_NAME', () => {
    expectError(storeJob.request({ env: {}, arguments: args('CONTENT_INSIGHTS', {}), stash: stash() }), 'InternalError', /JOBS_TABLE_NAME/);
  });
});

describe('04.startExecution: StartExecution over the HTTP data source', () => {
  const job = jobItem({ status: 'QUEUED', kind: 'BATCH_ADVERTS', input: { specs: [spec({ features: [] })], tone: 'friendly', wordCount: 80 }, bypassCache: true, executionArn: null });

  it('POSTs AWSStepFunctions.StartExecution with name = jobId and the README input without models', () => {
    const before = Math.floor(Date.now() / 1000);
    const request = valueOf(startExecution.request({ env: WORKFLOW_ENV, stash: { job } })) as { method: string; resourcePath: string; params: { headers: Record<string, string>; body: string } };
    expect(request).toMatchObject({ method: 'POST', resourcePath: '/' });
    expect(request.params.headers).toEqual({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.StartExecution' });
    const body = JSON.parse(request.params.body) as { stateMachineArn: string; name: string; input: string };
    expect(body.stateMachineArn).toBe(WORKFLOW_ENV.STATE_MACHINE_ARN_BATCH_ADVERTS);
    expect(body.name).toBe('j1');
    const input = JSON.parse(body.input) as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual(['bypassCache', 'cacheExpiresAt', 'input', 'jobId', 'kind', 'owner']);
    expect(input).toMatchObject({ jobId: 'j1', owner: ALICE, kind: 'BATCH_ADVERTS', input: job.input, bypassCache: true });
    expect(input.cacheExpiresAt as number).toBeGreaterThanOrEqual(before + 604_800);
    expect(input.cacheExpiresAt as number).toBeLessThanOrEqual(before + 604_802);
  });

  it('fails loudly when the kind has no state machine configured', () => {
    expectError(startExecution.request({ env: { ...WORKFLOW_ENV, STATE_MACHINE_ARN_BATCH_ADVERTS: '' }, stash: { job } }), 'InternalError', /STATE_MACHINE_ARN_BATCH_ADVERTS/);
  });

  it('returns the execution ARN', () => {
    const out = startExecution.response({ env: WORKFLOW_ENV, stash: { job }, result: httpResult(200, { executionArn: EXECUTION_ARN, startDate: 1.7e9 }) });
    expect(valueOf(out)).toBe(EXECUTION_ARN);
    expect(out.stash.startError).toBeUndefined();
  });

  it.each([
    ['an error answer', { result: httpResult(400, { __type: 'com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist', message: 'no such machine' }) }, 'StateMachineDoesNotExist'],
    ['a data source failure', { error: { type: 'HTTPError', message: 'connection refused' } }, 'HTTPError'],
  ])('stashes %s for 05 instead of raising', (_case, context, type) => {
    const out = startExecution.response({ env: WORKFLOW_ENV, stash: { job }, ...context });
    expect(valueOf(out)).toBeNull();
    expect(out.stash.startError).toMatchObject({ type });
  });
});

describe('05.recordExecution', () => {
  const job = jobItem({ status: 'QUEUED', executionArn: null });

  it('records the execution ARN and returns the job', () => {
    const update = valueOf(recordExecution.request({ env: WORKFLOW_ENV, stash: { job }, prev: { result: EXECUTION_ARN } })) as Record<string, Json>;
    expect(update).toMatchObject({ operation: 'UpdateItem', update: { expression: 'SET executionArn = :executionArn' } });
    expect(plain(update.update.expressionValues)).toEqual({ ':executionArn': EXECUTION_ARN });
    const out = recordExecution.response({ env: WORKFLOW_ENV, stash: { job }, result: { ...job, executionArn: EXECUTION_ARN } });
    expect(out.stash.job).toMatchObject({ executionArn: EXECUTION_ARN });
    expect(valueOf(pipeline.response({ env: WORKFLOW_ENV, stash: out.stash }))).not.toHaveProperty('input');
  });

  it('marks a job that did not start FAILED (only from QUEUED) and raises InternalError with the job id', () => {
    const stash = { job, startError: { type: 'StateMachineDoesNotExist', message: 'no such machine' } };
    const update = valueOf(recordExecution.request({ env: WORKFLOW_ENV, stash })) as Record<string, Json>;
    expect(update.update.expression).toContain('version = version + :one');
    expect(update.condition).toEqual({ expression: '#status = :queued' });
    expect(plain(update.update.expressionValues)).toMatchObject({ ':failed': 'FAILED', ':error': { errorType: 'StateMachineDoesNotExist' } });
    const out = recordExecution.response({ env: WORKFLOW_ENV, stash, result: { ...job, status: 'FAILED' } });
    expectError(out, 'InternalError', /could not be started/);
    expect(out.error?.errorInfo).toMatchObject({ jobId: 'j1' });
  });

  it('raises a DynamoDB failure', () => {
    expectError(recordExecution.response({ env: WORKFLOW_ENV, stash: { job }, error: DYNAMODB_FAILURE }), DYNAMODB_FAILURE.type);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
