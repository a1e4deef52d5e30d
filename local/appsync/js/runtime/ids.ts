// Identifier generators behind util.autoId / autoUlid / autoKsuid.
import { randomBytes } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import { ulid } from 'ulid';

export function autoId(): string {
  return uuidv4();
}

export function autoUlid(): string {
  return ulid();
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID epoch: 2014-05-13T16:53:20Z (segmentio/ksuid). */
const KSUID_EPOCH_SECONDS = 1_400_000_000;
const KSUID_LENGTH = 27;

/** A KSUID: 4-byte timestamp + 16 random bytes, base62, 27 characters. */
export function autoKsuid(): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.floor(Date.now() / 1000) - KSUID_EPOCH_SECONDS, 0);
  randomBytes(16).copy(bytes, 4);
  let value = BigInt('0x' + bytes.toString('hex'));
  let text = '';
  while (value > 0n) {
    text = BASE62[Number(value % 62n)] + text;
    value /= 62n;
  }
  return text.padStart(KSUID_LENGTH, '0');
}
