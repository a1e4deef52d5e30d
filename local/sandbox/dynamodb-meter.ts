// A counting pass-through in front of DynamoDB Local: benchmarks read how many
// reads and writes each operation cost without touching the code under test.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface DynamoDBMeter {
  endpoint: string;
  /** Operation name (from X-Amz-Target) -> count since the last reset. */
  counts(): Record<string, number>;
  writes(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startDynamoDBMeter(target: string): Promise<DynamoDBMeter> {
  const upstream = new URL(target);
  let counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? 'unknown';
    counts[operation] = (counts[operation] ?? 0) + 1;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502).end(String(error));
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    writes: () => Object.entries(counts).reduce((sum, [op, n]) => (WRITE_OPERATIONS.has(op) ? sum + n : sum), 0),
    reset: () => {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
