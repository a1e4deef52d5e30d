// application/vnd.amazon.eventstream frames, encoded with the SDK's own codec so the SDK decodes them.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { StreamExceptionType } from './errors.js';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

function frame(headers: Record<string, string>, body: unknown): Uint8Array {
  return codec.encode({
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string', value }])),
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  });
}

export function encodeEvent(eventType: string, body: unknown): Uint8Array {
  return frame({ ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' }, body);
}

export function encodeException(exceptionType: StreamExceptionType, message: string): Uint8Array {
  return frame(
    { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' },
    { message },
  );
}
