// AWS_LAMBDA authorization as AppSync does it: the token must match identityValidationExpression,
// then the authorizer function gets { authorizationToken, requestContext, requestHeaders } and
// answers { isAuthorized, resolverContext, deniedFields, ttlOverride }; the answer is cached per
// token for ttlOverride seconds, else the API's authorizerResultTtlInSeconds (0: not cached).
// https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization
// https://docs.aws.amazon.com/appsync/latest/APIReference/API_LambdaAuthorizerConfig.html
import { randomUUID } from 'node:crypto';
import type { AuthProvider, RequestAuth } from '../../types.js';
import { unauthorized } from '../errors.js';
import { AuthConfigurationError } from './configuration-error.js';

/** The GraphQL operation a request carries (absent when opening a real-time connection). */
export interface OperationContext {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown>;
}

export interface LambdaAuthorizerEvent {
  authorizationToken: string;
  requestContext: {
    apiId: string;
    accountId: string;
    requestId: string;
    queryString: string;
    operationName?: string;
    variables: Record<string, unknown>;
  };
  requestHeaders: Record<string, string>;
}

export interface LambdaAuthorizerResponse {
  isAuthorized: boolean;
  resolverContext?: Record<string, unknown>;
  /** `TypeName.fieldName` or `arn:aws:appsync:<region>:<account>:apis/<apiId>/types/<TypeName>/fields/<fieldName>`. */
  deniedFields?: string[];
  ttlOverride?: number;
}

/** What a synchronous Lambda invocation returns (the sandbox's runner answers in this shape). */
export interface LambdaInvocationResult {
  payload: unknown;
  functionError?: { errorType: string; errorMessage: string };
}

export interface LambdaAuthorizerSettings {
  /** Calls the authorizer function (RequestResponse): the sandbox's Lambda runner, or a function in tests. */
  invoke(functionName: string, event: LambdaAuthorizerEvent): Promise<LambdaInvocationResult>;
  /** requestContext.apiId, and the API that deniedFields ARNs must name. Default 'sandbox'. */
  apiId?: string;
  /** requestContext.accountId. Default '000000000000'. */
  accountId?: string;
  /** AppSync stops waiting for an authorizer after 10 seconds. */
  timeoutMs?: number;
  /** Clock for the result cache (tests). */
  now?: () => number;
}

/** AWS caps authorizerResultTtlInSeconds (and so the cache) at one hour. */
const MAX_TTL_SECONDS = 3600;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Bounds the cache; expired entries are swept when it is reached. */
const MAX_CACHED_TOKENS = 10_000;

export class AuthorizerFailedError extends Error {
  override name = 'AuthorizerFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface CachedDecision {
  /** undefined: the authorizer said no. */
  auth: RequestAuth | undefined;
  expiresAt: number;
}

export class LambdaAuthorizer {
  private readonly functionName: string;
  private readonly tokenPattern: RegExp | undefined;
  private readonly cache = new Map<string, CachedDecision>();
  private readonly apiId: string;
  private readonly accountId: string;
  private readonly now: () => number;

  constructor(
    private readonly provider: AuthProvider,
    private readonly settings: LambdaAuthorizerSettings,
    private readonly log: (line: string) => void,
  ) {
    if (!provider.authorizerFunction) throw new AuthConfigurationError('The AWS_LAMBDA auth provider names no authorizer function.');
    this.functionName = provider.authorizerFunction;
    // Matched against the whole token, like API Gateway's identityValidationExpression.
    this.tokenPattern = provider.identityValidationExpression ? new RegExp(`^(?:${provider.identityValidationExpression})$`) : undefined;
    this.apiId = settings.apiId ?? 'sandbox';
    this.accountId = settings.accountId ?? '000000000000';
    this.now = settings.now ?? Date.now;
  }

  /** The caller's RequestAuth, or throws a 401 UnauthorizedException. */
  async authorize(token: string, operation: OperationContext | undefined, headers: Record<string, string>): Promise<RequestAuth> {
    if (this.tokenPattern && !this.tokenPattern.test(token)) throw unauthorized();
    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > this.now()) {
      if (!cached.auth) throw unauthorized();
      return cached.auth;
    }
    if (cached) this.cache.delete(token);

    let response: LambdaAuthorizerResponse;
    try {
      response = parseResponse(await this.invoke(this.event(token, operation, headers)));
    } catch (error) {
      // AppSync answers a failing authorizer like a refusing one; the reason only goes to the log.
      this.log(`auth: the Lambda authorizer ${this.functionName} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw unauthorized(undefined, error);
    }
    const auth: RequestAuth | undefined = response.isAuthorized
      ? {
          authenticationType: 'AWS_LAMBDA',
          identity: { resolverContext: response.resolverContext ?? {} },
          ...(response.deniedFields && response.deniedFields.length > 0 ? { deniedFields: this.fieldNames(response.deniedFields) } : {}),
        }
      : undefined;
    this.remember(token, auth, response.ttlOverride ?? this.provider.authorizerResultTtlInSeconds ?? 0);
    if (!auth) throw unauthorized();
    return auth;
  }

  private event(token: string, operation: OperationContext | undefined, headers: Record<string, string>): LambdaAuthorizerEvent {
    return {
      authorizationToken: token,
      requestContext: {
        apiId: this.apiId,
        accountId: this.accountId,
        requestId: randomUUID(),
        queryString: operation?.query ?? '',
        ...(operation?.operationName ? { operationName: operation.operationName } : {}),
        variables: operation?.variables ?? {},
      },
      requestHeaders: headers,
    };
  }

  private async invoke(event: LambdaAuthorizerEvent): Promise<unknown> {
    const timeoutMs = this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AuthorizerFailedError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([this.settings.invoke(this.functionName, event), timeout]);
      if (result.functionError) throw new AuthorizerFailedError(`${result.functionError.errorType}: ${result.functionError.errorMessage}`);
      return result.payload;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Short names kept; ARNs of this API's fields shortened; ARNs of other APIs dropped. */
  private fieldNames(deniedFields: string[]): string[] {
    const names: string[] = [];
    for (const entry of deniedFields) {
      const arn = /^arn:aws[a-z-]*:appsync:[^:]*:[^:]*:apis\/([^/]+)\/types\/([^/]+)\/fields\/([^/]+)$/.exec(entry);
      if (arn) {
        if (arn[1] === this.apiId) names.push(`${arn[2]}.${arn[3]}`);
      } else if (/^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/.test(entry)) {
        names.push(entry);
      }
    }
    return names;
  }

  private remember(token: string, auth: RequestAuth | undefined, ttlSeconds: number): void {
    const seconds = Math.min(Math.max(ttlSeconds, 0), MAX_TTL_SECONDS);
    if (seconds === 0) return;
    if (this.cache.size >= MAX_CACHED_TOKENS) {
      const now = this.now();
      for (const [key, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(key);
      if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(token, { auth, expiresAt: this.now() + seconds * 1000 });
  }
}

function parseResponse(payload: unknown): LambdaAuthorizerResponse {
  const invalid = (what: string) => new AuthorizerFailedError(`invalid response: ${what}`);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw invalid('not an object');
  const { isAuthorized, resolverContext, deniedFields, ttlOverride } = payload as Record<string, unknown>;
  if (typeof isAuthorized !== 'boolean') throw invalid('isAuthorized must be a boolean');
  if (resolverContext !== undefined && resolverContext !== null && (typeof resolverContext !== 'object' || Array.isArray(resolverContext))) {
    throw invalid('resolverContext must be an object');
  }
  if (deniedFields !== undefined && deniedFields !== null && (!Array.isArray(deniedFields) || deniedFields.some((f) => typeof f !== 'string'))) {
    throw invalid('deniedFields must be a list of strings');
  }
  if (ttlOverride !== undefined && ttlOverride !== null && (typeof ttlOverride !== 'number' || !Number.isFinite(ttlOverride))) {
    throw invalid('ttlOverride must be a number');
  }
  return {
    isAuthorized,
    ...(resolverContext ? { resolverContext: resolverContext as Record<string, unknown> } : {}),
    ...(Array.isArray(deniedFields) ? { deniedFields: deniedFields as string[] } : {}),
    ...(typeof ttlOverride === 'number' ? { ttlOverride } : {}),
  };
}
