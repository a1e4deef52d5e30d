// Evaluates the real resolver code, bundled exactly as the CDK app bundles it,
// in the local APPSYNC_JS runtime (no data source is called). Each file is
// bundled once per test file.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { DEFAULT_ALLOWED_MODEL_IDS, DEFAULT_MODEL_ID } from '../../../infra/config.js';
import { bundleResolverCode } from '../../../infra/resolvers/bundle.js';
import { scanResolvers } from '../../../infra/resolvers/scan.js';
import { evaluateCode, type EvaluateCodeContext, type EvaluateCodeResult } from '../../../local/appsync/js/index.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RESOLVERS_DIR = join(REPO_ROOT, 'resolvers');

export const ENV = {
  ALLOWED_MODEL_IDS: DEFAULT_ALLOWED_MODEL_IDS.join(','),
  DEFAULT_MODEL_ID,
  CHAT_TABLE_NAME: 'ChatTable-test',
} as const;

export const ALICE = 'sub-alice';
export const BOB = 'sub-bob';

/** ctx.identity of a Cognito user pool request. */
export function cognitoIdentity(sub: string): Record<string, unknown> {
  return {
    sub, issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test', username: sub,
    claims: { sub, token_use: 'id' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null,
  };
}

/** ctx.identity of an IAM (SigV4) request, as the chat-stream Lambda makes them. */
export const IAM_IDENTITY = {
  accountId: '123456789012', cognitoIdentityPoolId: null, cognitoIdentityId: null, sourceIp: ['127.0.0.1'],
  username: 'AROAEXAMPLE:chat-stream', userArn: 'arn:aws:sts::123456789012:assumed-role/chat-stream/fn',
  cognitoIdentityAuthType: null, cognitoIdentityAuthProvider: null,
};

/** A context for one handler: Alice over Cognito with the stack's env unless overridden; `identity: null` is an API key. */
export type ResolverContext = Partial<EvaluateCodeContext>;

export interface ResolverUnderTest {
  request(context?: ResolverContext): EvaluateCodeResult;
  response(context?: ResolverContext): EvaluateCodeResult;
}

let wiredFiles: Set<string> | undefined;
const bundles = new Map<string, string>();

/** Every file the CDK app wires (resolvers, pipeline steps, pipeline handlers), relative to resolvers/. */
export function wiredResolverFiles(): string[] {
  return [...wired()];
}

function wired(): Set<string> {
  wiredFiles ??= new Set(scanResolvers(RESOLVERS_DIR, REPO_ROOT).flatMap((spec) =>
    (spec.kind === 'UNIT' ? [spec.file] : [...spec.steps.map((s) => s.file), ...(spec.handlers ? [spec.handlers.file] : [])])
      .map((file) => relative(RESOLVERS_DIR, file))));
  return wiredFiles;
}

/**
 * The resolver file at `path` (relative to resolvers/, e.g. 'Mutation.sendMessage/01.authorize.chatTable.ts'),
 * bundled by infra's bundler. Type and field for ctx.info come from the path.
 */
export function resolverFile(path: string): ResolverUnderTest {
  if (!wired().has(path)) throw new Error(`${path} is not a resolver file the stack wires (${[...wired()].join(', ')})`);
  const [parentTypeName = 'Query', fieldName = 'field'] = path.split('/')[0]!.split('.');
  let code = bundles.get(path);
  if (code === undefined) {
    code = bundleResolverCode(join(RESOLVERS_DIR, path), { resolversDir: RESOLVERS_DIR, repoRoot: REPO_ROOT });
    bundles.set(path, code);
  }
  const bundled = code;
  const run = (fn: 'request' | 'response', context: ResolverContext = {}): EvaluateCodeResult => evaluateCode({
    code: bundled,
    sourceName: `resolvers/${path}`,
    function: fn,
    context: {
      arguments: {},
      identity: cognitoIdentity(ALICE),
      env: { ...ENV },
      ...context,
      info: { parentTypeName, fieldName, ...context.info },
    },
  });
  return { request: (context) => run('request', context), response: (context) => run('response', context) };
}

/** The handler succeeded: its value. */
export function valueOf(result: EvaluateCodeResult): unknown {
  expect(result.error, 'the handler raised an error').toBeUndefined();
  return result.evaluationResult;
}

/** The handler raised `errorType` (and a message matching `message`, when given). */
export function expectError(result: EvaluateCodeResult, errorType: string, message?: string | RegExp): void {
  expect(result.error, `expected ${errorType}, got ${JSON.stringify(result.evaluationResult)}`).toBeDefined();
  expect(result.error?.errorType).toBe(errorType);
  if (message !== undefined) expect(result.error?.message).toMatch(message);
}

/** A DynamoDB map (util.dynamodb.toMapValues output) as plain values. */
export function plain(map: unknown): Record<string, unknown> {
  return unmarshall(map as Record<string, AttributeValue>);
}

/** A data source failure as AppSync hands it to a response handler. */
export const DYNAMODB_FAILURE = { message: 'Throughput exceeded', type: 'DynamoDB:ProvisionedThroughputExceededException' };

export function conversationItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const owner = (overrides.owner as string | undefined) ?? ALICE;
  return {
    pk: 'CONV#c1', sk: 'META', type: 'Conversation', id: 'c1', owner, title: 'Trip', modelId: DEFAULT_MODEL_ID,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    gsi1pk: `OWNER#${owner}`, gsi1sk: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

export function messageItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: 'CONV#c1', sk: 'MSG#m2', type: 'Message', id: 'm2', conversationId: 'c1', owner: ALICE, role: 'ASSISTANT',
    content: 'partial', status: 'STREAMING', createdAt: '2026-01-01T00:00:01.000Z', updatedAt: '2026-01-01T00:00:01.000Z',
    modelId: DEFAULT_MODEL_ID, ...overrides,
  };
}
