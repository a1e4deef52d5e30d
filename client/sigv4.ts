// SigV4 for AppSync (service 'appsync') with the Smithy signer and a pure-JS SHA-256,
// so it runs in browsers and Node alike.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** Static AWS credentials (what `@aws-sdk/credential-providers` resolve to). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type AwsCredentials = AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>);

export interface SignableRequest {
  /** The full URL signed over (its host and path). */
  url: string;
  body: string;
  /** Headers to send and sign besides host, x-amz-date, x-amz-security-token and authorization. */
  headers: Record<string, string>;
}

export type RequestSigner = (request: SignableRequest) => Promise<Record<string, string>>;

/**
 * Returns a function that signs a POST and answers every header to send, `host` included
 * (a browser's fetch sets Host itself; the real-time protocol needs it in the JSON).
 * A credentials function is called for each signature: memoize it if it is costly.
 */
export function createRequestSigner(region: string, credentials: AwsCredentials): RequestSigner {
  const signer = new SignatureV4({ credentials, region, service: 'appsync', sha256: Sha256, applyChecksum: false });
  return async ({ url, body, headers }) => {
    const target = new URL(url);
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port ? { port: Number(target.port) } : {}),
        path: target.pathname,
        headers: { ...headers, host: target.host },
        body,
      }),
    );
    return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
  };
}
