// What the global setup hands to integration tests, and clients built from it.
import { inject } from 'vitest';
import WebSocket from 'ws';
import { createClient, type Client, type WebSocketConstructor } from '../../client/index.js';

export interface TestSandbox {
  graphqlUrl: string;
  realtimeUrl: string;
  region: string;
  apiKey: string;
  adminUrl: string;
  certificateFile: string;
  iam: { accessKeyId: string; secretAccessKey: string };
  /** The webhook signing secret the sandbox's job-events Lambda uses. */
  webhookSecret: string;
  /** The local S3 endpoint (path-style) and the template's buckets by logical id. */
  s3Url: string;
  buckets: Record<string, string>;
  tokens: Record<'alice' | 'bob' | 'carol', string>;
  /** The copies of schema/, resolvers/ and functions/ the sandbox serves and watches (hot reload). */
  sourceDirs: { schemaDir: string; resolversDir: string; functionsDir: string };
  /** Everything the sandbox logged: one JSON string per log call. */
  logFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sandbox: TestSandbox;
  }
}

export const sandbox = (): TestSandbox => inject('sandbox');

export type TestUser = keyof TestSandbox['tokens'];

/** A typed client signed in as a sandbox user (Cognito), or as the API key's guest. */
export function clientAs(user: TestUser | 'guest'): Client {
  const s = sandbox();
  return createClient({
    url: s.graphqlUrl,
    realtimeUrl: s.realtimeUrl,
    auth: user === 'guest' ? { type: 'apiKey', apiKey: s.apiKey } : { type: 'cognito', token: () => s.tokens[user] },
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
}

/** Drives the local model server through the sandbox's control routes. */
export async function modelAdmin(path: string, init?: { method?: string; body?: unknown }): Promise<unknown> {
  const response = await fetch(`${sandbox().adminUrl}/model/${path}`, {
    method: init?.method ?? 'GET',
    ...(init?.body !== undefined ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } } : {}),
  });
  if (!response.ok) throw new Error(`model admin ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : null;
}
