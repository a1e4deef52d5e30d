// Shared fixtures of the workflow resolver tests: the API environment the stack
// gives them, and JobsTable items.
import { ALICE, ENV } from './evaluate-resolver.js';

export const WORKFLOW_ENV = {
  ...ENV,
  JOBS_TABLE_NAME: 'JobsTable-test',
  STATE_MACHINE_ARN_DOCUMENT_ANALYSIS: 'arn:aws:states:us-east-1:123456789012:stateMachine:GenAiApi-DocumentAnalysis',
  STATE_MACHINE_ARN_CONTENT_INSIGHTS: 'arn:aws:states:us-east-1:123456789012:stateMachine:GenAiApi-ContentInsights',
  STATE_MACHINE_ARN_BATCH_ADVERTS: 'arn:aws:states:us-east-1:123456789012:stateMachine:GenAiApi-BatchAdverts',
  WORKFLOW_CACHE_TTL_SECONDS: '604800',
  ALLOW_INSECURE_CALLBACKS: 'false',
};

export const SANDBOX_ENV = { ...WORKFLOW_ENV, ALLOW_INSECURE_CALLBACKS: 'true' };

export const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:GenAiApi-ContentInsights:j1';

export function jobItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const owner = (overrides.owner as string | undefined) ?? ALICE;
  return {
    pk: 'JOB#j1', sk: 'META', type: 'Job', id: 'j1', jobId: 'j1', owner, kind: 'CONTENT_INSIGHTS', status: 'RUNNING',
    steps: [], progress: null, webhook: null, version: 3, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:01.000Z',
    input: { text: 'Great product' }, callbackUrl: null, bypassCache: false, executionArn: EXECUTION_ARN,
    gsi1pk: `OWNER#${owner}`, gsi1sk: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

/** An HTTP data source answer as AppSync hands it to a response handler. */
export function httpResult(statusCode: number, body: unknown): { statusCode: number; headers: Record<string, string>; body: string } {
  return { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) };
}

/** A small valid PDF header, base64: "%PDF-1.4\n" plus padding bytes. */
export const PDF_BASE64 = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\n', 'latin1').toString('base64');
