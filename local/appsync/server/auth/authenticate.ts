// Decides a request's auth mode and authenticates it, as AppSync does before execution:
// x-api-key -> API_KEY; Authorization signed with SigV4 -> AWS_IAM; Authorization holding a
// JWT -> AMAZON_COGNITO_USER_POOLS or OPENID_CONNECT, by issuer; any other Authorization (or a
// SigV4/JWT one when those modes are off) -> AWS_LAMBDA. A failure rejects the whole request
// (401 UnauthorizedException; SigV4 failures are 403 as AWS returns them).
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html
// (a SigV4 signature or an OIDC token is not sent to the Lambda authorizer while IAM or a JWT
// mode is on: "Circumventing SigV4 and OIDC token authorization limitations" on that page)
import { createCognitoVerifier, TokenRejectedError, type CognitoVerifier, type CognitoVerifierSettings } from '../../../auth/index.js';
import type { ApiDefinition, AuthenticationType, AuthProvider, RequestAuth } from '../../types.js';
import { RequestRejectedError, unauthorized } from '../errors.js';
import { AuthConfigurationError } from './configuration-error.js';
import { LambdaAuthorizer, type LambdaAuthorizerSettings, type OperationContext } from './lambda-authorizer.js';
import { OidcKeyResolver, OidcVerifier, type OidcSettings } from './oidc-verifier.js';
import { isSigV4, verifySigV4, type IamCredential } from './sigv4.js';

export interface AuthSettings {
  apiKeys: Array<{ id: string; /** epoch seconds */ expires: number }>;
  cognito?: CognitoVerifierSettings;
  iam?: { region: string; credentials: IamCredential[] };
  /** AWS_LAMBDA: how the template's authorizer function is called. */
  lambda?: LambdaAuthorizerSettings;
  /** OPENID_CONNECT: local key sets by issuer (the Cognito issuer above is always known); others are discovered. */
  oidc?: OidcSettings;
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
  /** The operation, for the Lambda authorizer's requestContext (absent when opening a real-time connection). */
  operation?: OperationContext;
  /**
   * Real-time requests: a Cognito or OIDC token may come as `Bearer <jwt>` ("The header can use
   * a Bearer scheme", https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html).
   * A Lambda authorizer still gets the header as sent.
   */
  bearerScheme?: boolean;
}

export class Authenticator {
  private readonly providers: AuthProvider[];
  private readonly cognito: CognitoVerifier | undefined;
  private readonly oidc: OidcVerifier[];
  private readonly lambda: LambdaAuthorizer | undefined;

  constructor(
    api: ApiDefinition,
    private readonly settings: AuthSettings,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.providers = [api.defaultAuth, ...api.additionalAuth];
    this.cognito = settings.cognito ? createCognitoVerifier(settings.cognito) : undefined;
    // The sandbox's own Cognito issuer can stand in as an OIDC provider without discovery.
    const keys = new OidcKeyResolver(settings.oidc, this.cognito && settings.cognito ? { [this.cognito.issuer]: settings.cognito.publicKeyPem } : {});
    this.oidc = this.providers.filter((p) => p.authenticationType === 'OPENID_CONNECT').map((p) => new OidcVerifier(p, this.oidcIssuer(p), keys, log));
    const lambdaProvider = this.provider('AWS_LAMBDA');
    this.lambda = lambdaProvider && settings.lambda ? new LambdaAuthorizer(lambdaProvider, settings.lambda, log) : undefined;
    if (lambdaProvider && !this.lambda) log('auth: AWS_LAMBDA is configured but no authorizer invoker was given; Lambda-authorized requests get 401');
  }

  private oidcIssuer(provider: AuthProvider): string {
    if (provider.issuer) return provider.issuer;
    if (provider.issuerUserPoolId && this.cognito) return this.cognito.issuer;
    throw new AuthConfigurationError(
      provider.issuerUserPoolId
        ? `The OPENID_CONNECT provider's issuer is the user pool ${provider.issuerUserPoolId}, but no Cognito issuer is configured.`
        : 'An OPENID_CONNECT provider has no issuer.',
    );
  }

  private provider(type: AuthenticationType): AuthProvider | undefined {
    return this.providers.find((p) => p.authenticationType === type);
  }

  async authenticate(request: AuthRequest): Promise<RequestAuth> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers['authorization'];
    if (apiKey !== undefined && this.provider('API_KEY')) return this.apiKey(apiKey);
    if (authorization !== undefined && authorization !== '') {
      if (isSigV4(authorization) && this.provider('AWS_IAM')) return this.iam(request);
      const token = request.bearerScheme ? withoutBearer(authorization) : authorization;
      if (looksLikeJwt(token) && (this.provider('AMAZON_COGNITO_USER_POOLS') || this.oidc.length > 0)) {
        return this.jwt(token, request.sourceIp);
      }
      if (this.lambda) return this.lambda.authorize(authorization, request.operation, request.headers);
      if (isSigV4(authorization)) throw unauthorized();
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
      const oidc = this.oidc.find((verifier) => verifier.issuer === issuer);
      if (oidc) return oidc.verify(token);
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
          defaultAuthStrategy: cognito.defaultAction ?? 'ALLOW',
          groups: Array.isArray(groups) ? groups.map(String) : null,
        },
      };
    } catch (error) {
      if (error instanceof TokenRejectedError) throw unauthorized(error.reason === 'expired' ? 'Token has expired.' : undefined, error);
      throw error;
    }
  }
}

function withoutBearer(value: string): string {
  return /^Bearer\s+(\S+)$/i.exec(value)?.[1] ?? value;
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
