// Plain HTTP/WS and TLS (HTTPS/WSS) on one port: aws-amplify v6 turns
// http://127.0.0.1:P/graphql into wss://127.0.0.1:P/graphql/realtime, so the port must
// speak both. The first byte of a connection tells them apart (0x16 = TLS handshake record).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
}

const CERT_FILE = 'tls-cert.pem';
const KEY_FILE = 'tls-key.pem';
const TLS_HANDSHAKE = 0x16;

/** A self-signed certificate for 127.0.0.1 and localhost, generated once per directory. */
export async function loadOrCreateCertificate(directory?: string): Promise<TlsMaterial> {
  if (directory) {
    const [certPem, keyPem] = await Promise.all([
      readFile(join(directory, CERT_FILE), 'utf8').catch(() => undefined),
      readFile(join(directory, KEY_FILE), 'utf8').catch(() => undefined),
    ]);
    if (certPem && keyPem) return { certPem, keyPem };
  }
  const notBeforeDate = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const material = { certPem: pems.cert, keyPem: pems.private };
  if (directory) {
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, CERT_FILE), material.certPem);
    await writeFile(join(directory, KEY_FILE), material.keyPem, { mode: 0o600 });
  }
  return material;
}

/** A TCP server that hands each connection to the HTTP or the HTTPS server by its first byte. */
export function createDualProtocolServer(http: HttpServer, https: HttpsServer): NetServer {
  const route = (socket: Socket): void => {
    const first = socket.read(1) as Buffer | null;
    if (first === null) {
      socket.once('readable', () => route(socket));
      return;
    }
    socket.unshift(first);
    (first[0] === TLS_HANDSHAKE ? https : http).emit('connection', socket);
  };
  return createServer((socket) => {
    // Errors before a server owns the socket (e.g. a reset during the peek) must not crash the process.
    socket.on('error', () => socket.destroy());
    route(socket);
  });
}
