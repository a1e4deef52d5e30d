// Sends GraphQL operations to AppSync signed with SigV4 (service 'appsync', IAM auth), over
// fetch (undici keeps connections alive). The URL may be https:// (AWS) or http:// (sandbox).
import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AppSyncHttpError, GraphQLResponseError, type GraphQLErrorEntry } from './errors.js';

type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface GraphQLRequestOptions {
  signal?: AbortSignal;
}

/** What callers need from a GraphQL endpoint; tests pass a fake. */
export interface GraphQLClient {
  request<TData>(query: string, variables: Record<string, unknown>, options?: GraphQLRequestOptions): Promise<TData>;
}

export interface AppSyncClientOptions {
  /** The GraphQL endpoint, e.g. APPSYNC_GRAPHQL_URL. */
  url: string | URL;
  /** Signing region (AWS_REGION in Lambda). */
  region: string;
  /** Defaults to the Node provider chain (Lambda's role credentials, or AWS_* variables). */
  credentials?: Credentials;
  fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  timeoutMs?: number;
}

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: GraphQLErrorEntry[];
}

export class AppSyncClient implements GraphQLClient {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: AppSyncClientOptions) {
    this.url = new URL(options.url);
    this.signer = new SignatureV4({
      service: 'appsync',
      region: options.region,
      credentials: options.credentials ?? fromNodeProviderChain(),
      sha256: Sha256,
    });
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async request<TData>(query: string, variables: Record<string, unknown>, options: GraphQLRequestOptions = {}): Promise<TData> {
    const body = JSON.stringify({ query, variables });
    const signed = await this.signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        port: this.url.port ? Number(this.url.port) : undefined,
        path: this.url.pathname,
        query: Object.fromEntries(this.url.searchParams),
        headers: { host: this.url.host, 'content-type': 'application/json' },
        body,
      }),
    );
    // fetch derives Host from the URL (the same value that was signed) and refuses to set it.
    const { host: _host, ...headers } = signed.headers;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const response = await this.fetch(this.url, {
      method: 'POST',
      headers,
      body,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    const text = await response.text();
    let parsed: GraphQLResponseBody<TData> | undefined;
    try {
      parsed = JSON.parse(text) as GraphQLResponseBody<TData>;
    } catch {
      parsed = undefined;
    }
    if (parsed?.errors && parsed.errors.length > 0) throw new GraphQLResponseError(parsed.errors, response.status);
    if (!response.ok) throw new AppSyncHttpError(`AppSync answered HTTP ${response.status}`, response.status);
    if (!parsed || parsed.data == null) throw new AppSyncHttpError('AppSync answered without data', response.status);
    return parsed.data;
  }
}
