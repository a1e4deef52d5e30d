// util.http: forwarding request headers and adding response headers.
// https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html
import { currentInvocation } from './invocation-state.js';

/** Hop-by-hop and framing headers copyHeaders drops. */
const RESTRICTED_HEADERS = new Set([
  'transfer-encoding', 'connection', 'host', 'expect', 'keep-alive', 'upgrade',
  'proxy-authenticate', 'proxy-authorization', 'te', 'content-length',
]);
/** Names addResponseHeader refuses on top of RESTRICTED_HEADERS. */
const RESTRICTED_RESPONSE_HEADERS = new Set([
  'access-control-allow-credentials', 'access-control-allow-origin', 'access-control-expose-headers',
  'access-control-max-age', 'access-control-allow-methods', 'access-control-allow-headers', 'vary', 'content-type',
]);
const RESTRICTED_PREFIXES = ['x-amzn-', 'x-amz-'];
const MAX_RESPONSE_HEADER_BYTES = 4096;
const ERROR_TYPE = 'ResponseHeaderError';

export function copyHeaders<T extends object>(headers: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !RESTRICTED_HEADERS.has(name.toLowerCase())));
}

function refusal(name: unknown, value: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'a response header needs a name';
  const lower = name.toLowerCase();
  if (RESTRICTED_HEADERS.has(lower) || RESTRICTED_RESPONSE_HEADERS.has(lower)) return `'${name}' is a restricted header`;
  if (RESTRICTED_PREFIXES.some((prefix) => lower.startsWith(prefix))) return `'${name}' starts with a restricted prefix`;
  if (value === null || value === undefined) return `the value of '${name}' is null`;
  return undefined;
}

const headerText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Invalid headers are ignored and reported as a ResponseHeaderError in the operation's errors. */
export function addResponseHeader(name: string, value: unknown): void {
  const state = currentInvocation();
  const reason = refusal(name, value);
  if (reason) {
    state.errors.push({ message: `Response header ignored: ${reason}`, errorType: ERROR_TYPE });
    return;
  }
  const headers = { ...state.responseHeaders, [name]: headerText(value) };
  const size = Object.entries(headers).reduce((total, [n, v]) => total + Buffer.byteLength(n) + Buffer.byteLength(v), 0);
  if (size > MAX_RESPONSE_HEADER_BYTES) {
    state.errors.push({ message: `Response header ignored: '${name}' takes the custom headers over 4 KB`, errorType: ERROR_TYPE });
    return;
  }
  state.responseHeaders = headers;
}

export function addResponseHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(headers ?? {})) addResponseHeader(name, value);
}

export const httpUtils = { copyHeaders, addResponseHeader, addResponseHeaders };
