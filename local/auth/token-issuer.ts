// Issues tokens shaped like Cognito user pool tokens for the sandbox.
// Claims follow https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { v5 as uuidv5 } from 'uuid';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.js';
import type { CognitoVerifierSettings } from './cognito-verifier.js';

export interface TokenIssuerOptions {
  /** Where the key pair lives (e.g. `.sandbox/`); omitted: a fresh key per process. */
  keyDirectory?: string;
  region: string;
  userPoolId: string;
  /** The app client id: `aud` of ID tokens, `client_id` of access tokens. */
  clientId: string;
}

export interface IssueTokenOptions {
  username: string;
  groups?: string[];
  email?: string;
  /** Default 3600 (Cognito's default ID token validity). */
  ttlSeconds?: number;
}

export interface TokenIssuer {
  issuer: string;
  issueIdToken(options: IssueTokenOptions): Promise<string>;
  issueAccessToken(options: IssueTokenOptions): Promise<string>;
  /** What `startAppSyncServer({ auth: { cognito } })` needs to verify these tokens. */
  verifierSettings: CognitoVerifierSettings;
  /** The public key as a JWKS document (what Cognito serves at /.well-known/jwks.json). */
  jwks(): { keys: Array<Record<string, unknown>> };
}

// A fixed namespace so a username always maps to the same `sub`.
const SUB_NAMESPACE = '6f1c1f43-3a55-4a0e-9a36-0c2f7d1d3b8e';

/** The `sub` the sandbox assigns to a username: a UUID derived from the pool and the name. */
export function subForUsername(userPoolId: string, username: string): string {
  return uuidv5(`${userPoolId}/${username}`, SUB_NAMESPACE);
}

export function cognitoIssuerUrl(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export async function createTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  const key = await loadOrCreateSigningKey(options.keyDirectory);
  const issuer = cognitoIssuerUrl(options.region, options.userPoolId);
  return {
    issuer,
    issueIdToken: (token) => sign(key, issuer, 'id', options, token),
    issueAccessToken: (token) => sign(key, issuer, 'access', options, token),
    verifierSettings: {
      region: options.region,
      userPoolId: options.userPoolId,
      clientIds: [options.clientId],
      publicKeyPem: key.publicKeyPem,
    },
    jwks: () => ({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] }),
  };
}

async function sign(
  key: SigningKey,
  issuer: string,
  tokenUse: 'id' | 'access',
  pool: TokenIssuerOptions,
  { username, groups, email, ttlSeconds = 3600 }: IssueTokenOptions,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const sub = subForUsername(pool.userPoolId, username);
  const common: Record<string, unknown> = {
    sub,
    ...(groups && groups.length > 0 ? { 'cognito:groups': groups } : {}),
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: tokenUse,
    auth_time: now,
  };
  const claims =
    tokenUse === 'id'
      ? {
          ...common,
          'cognito:username': username,
          ...(email ? { email, email_verified: true } : {}),
        }
      : { ...common, client_id: pool.clientId, scope: 'aws.cognito.signin.user.admin', username };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID());
  if (tokenUse === 'id') jwt.setAudience(pool.clientId);
  return jwt.sign(key.privateKey);
}
