// OPENID_CONNECT authorization: the token's signature against the issuer's keys (found by OIDC
// discovery, or given locally for the sandbox's own issuer), `iss` equal to the configured
// issuer, `exp`, `aud` against the clientId regex, and the iatTTL / authTTL windows.
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#openid-connect-authorization
// https://docs.aws.amazon.com/appsync/latest/APIReference/API_OpenIDConnectConfig.html
import { createPublicKey } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthProvider, RequestAuth } from '../../types.js';
import { unauthorized } from '../errors.js';

export interface OidcSettings {
  /** Key sets by issuer, for issuers served on this machine (no discovery). */
  keySets?: Record<string, JSONWebKeySet>;
}

export class OidcKeyLookupError extends Error {
  override name = 'OidcKeyLookupError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Finds an issuer's keys: a local key set or PEM first, else `<issuer>/.well-known/openid-configuration` -> jwks_uri. */
export class OidcKeyResolver {
  private readonly local = new Map<string, JWTVerifyGetKey>();
  private readonly discovered = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(settings: OidcSettings = {}, localPems: Record<string, string> = {}) {
    for (const [issuer, pem] of Object.entries(localPems)) {
      const key = createPublicKey(pem);
      this.local.set(issuer, () => key);
    }
    for (const [issuer, keySet] of Object.entries(settings.keySets ?? {})) this.local.set(issuer, createLocalJWKSet(keySet));
  }

  async keyFor(issuer: string): Promise<JWTVerifyGetKey> {
    const local = this.local.get(issuer);
    if (local) return local;
    let pending = this.discovered.get(issuer);
    if (!pending) {
      pending = discoverKeys(issuer);
      this.discovered.set(issuer, pending);
      // A failed discovery is retried by the next request rather than remembered.
      pending.catch(() => this.discovered.delete(issuer));
    }
    return pending;
  }
}

async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new OidcKeyLookupError(`${url} answered ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    if (error instanceof OidcKeyLookupError) throw error;
    throw new OidcKeyLookupError(`discovery at ${url} failed`, { cause: error });
  }
  // "The issuer returned by discovery must exactly match the value of iss in the ID token."
  if (document.issuer !== issuer) throw new OidcKeyLookupError(`discovery at ${url} names issuer ${String(document.issuer)}`);
  if (typeof document.jwks_uri !== 'string') throw new OidcKeyLookupError(`discovery at ${url} has no jwks_uri`);
  return createRemoteJWKSet(new URL(document.jwks_uri));
}

export class OidcVerifier {
  private readonly clientPattern: RegExp | undefined;

  constructor(
    private readonly provider: AuthProvider,
    /** The provider's issuer (for a template user pool's issuer: the sandbox's Cognito issuer). */
    readonly issuer: string,
    private readonly keys: OidcKeyResolver,
    private readonly log: (line: string) => void,
  ) {
    // clientId may be a regex "so that AppSync can validate against multiple client identifiers".
    this.clientPattern = provider.clientId ? new RegExp(`^(?:${provider.clientId})$`) : undefined;
  }

  async verify(token: string): Promise<RequestAuth> {
    let key: JWTVerifyGetKey;
    try {
      key = await this.keys.keyFor(this.issuer);
    } catch (error) {
      this.log(`auth: OIDC keys of ${this.issuer} are unavailable: ${error instanceof Error ? error.message : String(error)}`);
      throw unauthorized(undefined, error);
    }
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, key, { issuer: this.issuer }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthorized('Token has expired.', error);
      throw unauthorized(undefined, error);
    }
    if (this.clientPattern) {
      const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.some((aud) => this.clientPattern?.test(aud))) throw unauthorized();
    }
    const now = Date.now();
    if (this.provider.iatTTL && (typeof claims.iat !== 'number' || now > claims.iat * 1000 + this.provider.iatTTL)) throw unauthorized('Token has expired.');
    const authTime = claims['auth_time'];
    if (this.provider.authTTL && (typeof authTime !== 'number' || now > authTime * 1000 + this.provider.authTTL)) throw unauthorized('Token has expired.');
    if (typeof claims.sub !== 'string') throw unauthorized();
    return {
      authenticationType: 'OPENID_CONNECT',
      identity: { sub: claims.sub, issuer: this.issuer, claims: claims as Record<string, unknown> },
    };
  }
}
