// The sandbox's Cognito stand-in signs ID tokens with one RS256 key pair. It is
// generated once and kept in the caller's directory so tokens printed by
// `npm run token` stay valid across sandbox restarts.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Key id published in the token header and the JWKS, derived from the public key. */
  kid: string;
}

const KEY_FILE = 'cognito-signing-key.pem';

export async function loadOrCreateSigningKey(directory?: string): Promise<SigningKey> {
  if (directory) {
    const existing = await readFile(join(directory, KEY_FILE), 'utf8').catch(() => undefined);
    if (existing) return fromPrivatePem(existing);
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  if (directory) {
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, KEY_FILE), pem, { mode: 0o600 });
  }
  return fromPrivatePem(pem);
}

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const kid = createHash('sha256').update(der).digest('base64url').slice(0, 22);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), kid };
}
