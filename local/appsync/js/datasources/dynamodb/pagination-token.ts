// nextToken for Query/Scan: opaque to clients, like AppSync's. It carries the
// LastEvaluatedKey and an HMAC, so a token that was altered (or made for
// another table or index) is rejected instead of reaching DynamoDB.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WireItem } from './wire-client.js';

export class InvalidPaginationTokenError extends Error {
  override name = 'InvalidPaginationTokenError';
}

export class PaginationTokens {
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  private sign(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.secret).update(scope).update('\n').update(payload).digest();
  }

  /** `scope` binds the token to one table and index. */
  encode(scope: string, lastEvaluatedKey: WireItem | undefined): string | null {
    if (!lastEvaluatedKey) return null;
    const payload = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
    return `${payload}.${this.sign(scope, payload).toString('base64url')}`;
  }

  decode(scope: string, token: string | null | undefined): WireItem | undefined {
    if (token === null || token === undefined || token === '') return undefined;
    const [payload, signature, extra] = String(token).split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidPaginationTokenError('Invalid pagination token');
    const expected = this.sign(scope, payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidPaginationTokenError('Invalid pagination token');
    }
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WireItem;
  }
}
