// nextToken for Query/Scan: opaque to clients, like AppSync's. It carries the
// LastEvaluatedKey and an HMAC, so a token that was altered (or made for
// another table or index) is rejected instead of reaching DynamoDB.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export class InvalidPaginationTokenError extends Error {
  override name = 'InvalidPaginationTokenError';
}

type TypedJson = Record<string, unknown>;

function toTypedJson(value: AttributeValue): TypedJson {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toTypedJson) };
  if (value.M !== undefined) return { M: mapValues(value.M, toTypedJson) };
  return value as unknown as TypedJson;
}

function fromTypedJson(value: TypedJson): AttributeValue {
  if (typeof value.B === 'string') return { B: Buffer.from(value.B, 'base64') };
  if (Array.isArray(value.BS)) return { BS: value.BS.map((b) => Buffer.from(String(b), 'base64')) };
  if (Array.isArray(value.L)) return { L: (value.L as TypedJson[]).map(fromTypedJson) };
  if (value.M && typeof value.M === 'object') return { M: mapValues(value.M as Record<string, TypedJson>, fromTypedJson) };
  return value as unknown as AttributeValue;
}

const mapValues = <A, B>(map: Record<string, A>, convert: (value: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, convert(v)]));

export class PaginationTokens {
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  private sign(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.secret).update(scope).update('\n').update(payload).digest();
  }

  /** `scope` binds the token to one table and index. */
  encode(scope: string, lastEvaluatedKey: Record<string, AttributeValue> | undefined): string | null {
    if (!lastEvaluatedKey) return null;
    const payload = Buffer.from(JSON.stringify(mapValues(lastEvaluatedKey, toTypedJson))).toString('base64url');
    return `${payload}.${this.sign(scope, payload).toString('base64url')}`;
  }

  decode(scope: string, token: string | null | undefined): Record<string, AttributeValue> | undefined {
    if (token === null || token === undefined || token === '') return undefined;
    const [payload, signature, extra] = String(token).split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidPaginationTokenError('Invalid pagination token');
    const expected = this.sign(scope, payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidPaginationTokenError('Invalid pagination token');
    }
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, TypedJson>;
    return mapValues(key, fromTypedJson);
  }
}
