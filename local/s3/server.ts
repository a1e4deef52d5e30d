// Starts the local S3-compatible store on its own loopback port, and exposes its handler so the
// sandbox can also mount it on a shared server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3Handler, type S3Handler } from './http-handler.js';
import { ObjectStore } from './object-store.js';
import type { S3Credential } from './signature.js';

export interface S3LocalOptions {
  buckets: string[];
  credentials: S3Credential[];
  /** The region clients must sign for (others get AuthorizationHeaderMalformed, as in S3). */
  region: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
  /** Defaults to 10 MB. */
  maxObjectBytes?: number;
}

export interface ObjectSummary {
  key: string;
  size: number;
  contentType: string;
}

export interface S3Local {
  url: string;
  port: number;
  region: string;
  /** For another node:http server: resolves true when it answered an S3 request for one of the buckets. */
  handle: S3Handler;
  objects(bucket: string): ObjectSummary[];
  close(): Promise<void>;
}

export const DEFAULT_MAX_OBJECT_BYTES = 10 * 1024 * 1024;

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const store = new ObjectStore(options.buckets);
  const common = { store, credentials: options.credentials, region: options.region, maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES, ...(options.log ? { log: options.log } : {}) };
  const standalone = createS3Handler({ ...common, claimAllPaths: true });
  const handle = createS3Handler({ ...common, claimAllPaths: false });
  const server = createServer((req, res) => {
    void standalone(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    region: options.region,
    handle,
    objects: (bucket) =>
      store.all(bucket).map((object) => ({ key: object.key, size: object.bytes.length, contentType: object.contentHeaders['content-type'] ?? '' })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
