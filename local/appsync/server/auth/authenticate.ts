// Decides a request's auth mode and authenticates it, as AppSync does before execution:
// x-api-key -> API_KEY; Authorization signed with SigV4 -> AWS_IAM; Authorization holding a
// JWT -> AMAZON_COGNITO_USER_POOLS (or OPENID_CONNECT by issuer). A failure rejects the whole
// request (401 UnauthorizedException; SigV4 failures are 403 as AWS returns them).
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html
import { createCognitoVerifier, TokenRejectedError, type CognitoVerifier, type CognitoVerifierSettings } from '../../../auth/index.js';
import type { ApiDefinition, AuthenticationType, AuthProvider, RequestAuth } from '../../types.js';
import { RequestRejectedError, unauthorized } from '../errors.js';
import { isSigV4, verifySigV4, type IamCredential } from './sigv4.js';

export interface AuthSettings {
  apiKeys: Array<{ id: string; /** epoch seconds */ expires: number }>;
  cognito?: CognitoVerifierSettings;
  iam?: { region: string; credentials: IamCredential[] };
}

export interface AuthRequest {
  /** Lowercased header names. */
  headers: Record<string, string>;
  method: string;
  /** Canonical paths the signature may cover (SigV4 only). */
  signedPaths: string[];
  query?: Record<string, string>;
  body: string;
  sourceIp: string;
}

export class Authenticator {
  private readonly providers: AuthProvider[];
  private readonly cognito: CognitoVerifier | undefined;

  constructor(
    api: ApiDefinition,
    private readonly settings: AuthSettings,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.providers = [api.defaultAuth, ...api.additionalAuth];
    this.cognito = settings.cognito ? createCognitoVerifier(settings.cognito) : undefined;
  }

  private provider(type: AuthenticationType): AuthProvider | undefined {
    return this.providers.find((p) => p.authenticationType === type);
  }

  async authenticate(request: AuthRequest): Promise<RequestAuth> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers['authorization'];
    if (apiKey !== undefined && this.provider('API_KEY')) return this.apiKey(apiKey);
    if (authorization !== undefined && authorization !== '') {
      if (isSigV4(authorization)) {
        if (!this.provider('AWS_IAM')) throw unauthorized();
        return this.iam(request);
      }
      if (looksLikeJwt(authorization)) return this.jwt(authorization, request.sourceIp);
      if (this.provider('AWS_LAMBDA')) {
        this.log('auth: AWS_LAMBDA authorizers are not implemented by the local runtime');
      }
      throw unauthorized('Valid authorization header not provided.');
    }
    throw unauthorized(apiKey !== undefined ? undefined : 'Valid authorization header not provided.');
  }

  private apiKey(value: string): RequestAuth {
    const key = this.settings.apiKeys.find((k) => k.id === value);
    if (!key) throw unauthorized();
    if (key.expires * 1000 <= Date.now()) {
      this.log('auth: request used an expired API key');
      throw unauthorized();
    }
    return { authenticationType: 'API_KEY', identity: null };
  }

  private async iam(request: AuthRequest): Promise<RequestAuth> {
    const iam = this.settings.iam;
    if (!iam) throw unauthorized();
    const credential = await verifySigV4(
      { method: request.method, headers: request.headers, paths: request.signedPaths, ...(request.query ? { query: request.query } : {}), body: request.body },
      iam.credentials,
    );
    return {
      authenticationType: 'AWS_IAM',
      identity: {
        accountId: credential.accountId,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: [request.sourceIp],
        username: credential.userArn.split('/').pop() ?? credential.accessKeyId,
        userArn: credential.userArn,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      },
    };
  }

  private async jwt(token: string, sourceIp: string): Promise<RequestAuth> {
    const issuer = jwtIssuer(token);
    const cognito = this.provider('AMAZON_COGNITO_USER_POOLS');
    if (!cognito || !this.cognito || issuer !== this.cognito.issuer) {
      if (this.provider('OPENID_CONNECT')) this.log('auth: OPENID_CONNECT is not implemented by the local runtime');
      throw unauthorized();
    }
    const clientRegex = cognito.appIdClientRegex ? new RegExp(`^(?:${cognito.appIdClientRegex})$`) : undefined;
    try {
      const claims = await this.cognito.verify(token, clientRegex ? (id) => clientRegex.test(id) : undefined);
      const groups = claims['cognito:groups'];
      const username = claims['cognito:username'] ?? claims['username'];
      return {
        authenticationType: 'AMAZON_COGNITO_USER_POOLS',
        identity: {
          sub: String(claims.sub),
          issuer: this.cognito.issuer,
          username: typeof username === 'string' ? username : String(claims.sub),
          claims: claims as Record<string, unknown>,
          sourceIp: [sourceIp],
          defaultAuthStrategy: 'ALLOW',
          groups: Array.isArray(groups) ? groups.map(String) : null,
        },
      };
    } catch (error) {
      if (error instanceof TokenRejectedError) throw unauthorized(error.reason === 'expired' ? 'Token has expired.' : undefined, error);
      throw error;
    }
  }
}

function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

function jwtIssuer(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

export { RequestRejectedError };
