// Verifies Cognito user pool JWTs as AppSync does before it runs a request:
// RS256 signature, issuer = the pool, token_use id|access, expiry, client id.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { cognitoIssuerUrl } from './token-issuer.js';

export interface CognitoVerifierSettings {
  region: string;
  userPoolId: string;
  /** Accepted app client ids (`aud` of ID tokens, `client_id` of access tokens); omitted: any. */
  clientIds?: string[];
  /** The pool's signing public key (SPKI PEM). */
  publicKeyPem: string;
}

export type TokenRejection = 'expired' | 'invalid';

export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
  constructor(
    readonly reason: TokenRejection,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface CognitoVerifier {
  issuer: string;
  /** The token's claims, or throws TokenRejectedError. */
  verify(token: string, acceptClientId?: (clientId: string) => boolean): Promise<JWTPayload>;
}

export function createCognitoVerifier(settings: CognitoVerifierSettings): CognitoVerifier {
  const issuer = cognitoIssuerUrl(settings.region, settings.userPoolId);
  const key: KeyObject = createPublicKey(settings.publicKeyPem);
  return {
    issuer,
    async verify(token, acceptClientId) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, { issuer, algorithms: ['RS256'] }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new TokenRejectedError('expired', 'Token has expired.', { cause: error });
        throw new TokenRejectedError('invalid', 'Token is not valid.', { cause: error });
      }
      const tokenUse = payload['token_use'];
      if (tokenUse !== 'id' && tokenUse !== 'access') throw new TokenRejectedError('invalid', 'Unexpected token_use.');
      const clientId = tokenUse === 'id' ? (Array.isArray(payload.aud) ? payload.aud[0] : payload.aud) : payload['client_id'];
      if (typeof clientId !== 'string') throw new TokenRejectedError('invalid', 'Token has no client id.');
      if (settings.clientIds && !settings.clientIds.includes(clientId)) throw new TokenRejectedError('invalid', 'Unknown client id.');
      if (acceptClientId && !acceptClientId(clientId)) throw new TokenRejectedError('invalid', 'Client id not accepted by the API.');
      return payload;
    },
  };
}
