// Verifies an AWS Signature Version 4 request the way AppSync's front door does, by
// recomputing the signature over exactly the headers the client signed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { createHash, timingSafeEqual } from 'node:crypto';
import { NodeSha256 } from '../../node-sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { RequestRejectedError } from '../errors.js';

export interface IamCredential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userArn: string;
}

export interface SignedRequest {
  method: string;
  /** Lowercased header names. */
  headers: Record<string, string>;
  /** Candidate canonical paths (the WebSocket protocol signs the HTTP endpoint's path, not the socket's). */
  paths: string[];
  query?: Record<string, string>;
  body: string;
}

/** AWS rejects signatures dated more than 15 minutes from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export const isSigV4 = (authorization: string | undefined): boolean => authorization?.startsWith('AWS4-HMAC-SHA256 ') ?? false;

const invalidSignature = (message: string) => new RequestRejectedError(403, 'InvalidSignatureException', message);

export async function verifySigV4(
  request: SignedRequest,
  credentials: readonly IamCredential[],
  now = Date.now(),
): Promise<IamCredential> {
  const match = AUTHORIZATION.exec(request.headers['authorization']?.trim() ?? '');
  if (!match) throw new RequestRejectedError(400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature.');
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  const credential = credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!credential) throw new RequestRejectedError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  const amzDate = request.headers['x-amz-date'];
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!signingDate) throw invalidSignature('Request must contain a valid X-Amz-Date header.');
  if (!amzDate?.startsWith(shortDate)) throw invalidSignature('Credential scope date does not match X-Amz-Date.');
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${amzDate} is now earlier or later than the allowed 15 minutes skew.`);
  }
  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw invalidSignature(`Signed header ${name} is missing from the request.`);
    headers[name] = value;
  }
  // The signature covers x-amz-content-sha256 when sent; it must then be the body's real hash.
  const claimedHash = headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw invalidSignature('The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: credential.secretAccessKey },
    region,
    service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  for (const path of request.paths) {
    const [hostname, port] = (headers['host'] ?? '').split(':');
    const signed = await signer.sign(
      new HttpRequest({ method: request.method, protocol: 'https:', hostname: hostname ?? '', ...(port ? { port: Number(port) } : {}), path, query: request.query ?? {}, headers: { ...headers }, body: request.body }),
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization'] ?? ''))?.[1];
    if (expected && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return credential;
  }
  throw invalidSignature(
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
