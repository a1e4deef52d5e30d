// Signing in: a local user's Cognito-style token from the sandbox's token route, or the API key (guest).
import type { IssuedToken, PlaygroundConfig } from '../playground-config.js';
import { createClient, type Client } from './sdk.js';

export type Identity = { kind: 'user'; name: string; sub: string } | { kind: 'guest' };

export interface Session {
  client: Client;
  identity: Identity;
}

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// Fetch a fresh token this long before the current one expires.
const REFRESH_MARGIN_SECONDS = 300;

async function fetchToken(config: PlaygroundConfig, user: string): Promise<IssuedToken> {
  let response: Response;
  try {
    response = await fetch(`${config.adminUrl}/token?user=${encodeURIComponent(user)}`);
  } catch (cause) {
    throw new SignInError('the sandbox did not answer the token request', { cause });
  }
  const body = (await response.json().catch(() => ({}))) as Partial<IssuedToken> & { message?: string };
  if (!response.ok || typeof body.token !== 'string') throw new SignInError(body.message ?? `the token route answered ${response.status}`);
  return body as IssuedToken;
}

export async function signInAsUser(config: PlaygroundConfig, user: string): Promise<Session> {
  let current = await fetchToken(config, user);
  const token = async () => {
    if (current.expiresAt - Date.now() / 1000 < REFRESH_MARGIN_SECONDS) current = await fetchToken(config, user);
    return current.token;
  };
  const client = createClient({ url: config.graphqlUrl, realtimeUrl: config.realtimeUrl, auth: { type: 'cognito', token } });
  return { client, identity: { kind: 'user', name: user, sub: current.sub } };
}

export function signInAsGuest(config: PlaygroundConfig): Session {
  const client = createClient({ url: config.graphqlUrl, realtimeUrl: config.realtimeUrl, auth: { type: 'apiKey', apiKey: config.apiKey } });
  return { client, identity: { kind: 'guest' } };
}
