// Builds `ctx` for each handler call. Shared across a pipeline: args, stash,
// identity, request, info, env. Per call: prev, result, error.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html
import type { FieldInvocation } from '../types.js';

export interface SharedContext {
  arguments: Record<string, unknown>;
  source: Record<string, unknown> | null;
  identity: unknown;
  info: FieldInvocation['info'];
  request: FieldInvocation['request'];
  stash: Record<string, unknown>;
  env: Readonly<Record<string, string>>;
}

/** Past this depth a value is handed to structuredClone, which also copes with cycles. */
const maxPlainDepth = 64;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A deep copy of the JSON-like values ctx is made of (arguments, source, identity, info, headers),
 * about eight times cheaper than structuredClone for them, which it falls back to for anything
 * else (a Date, a Map, a cycle): the copy is per field, so it is on every request's path.
 */
export function copyValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > maxPlainDepth) return structuredClone(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) copy[index] = copyValue(value[index], depth + 1);
    return copy;
  }
  if (!isPlainObject(value)) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) copy[key] = copyValue(value[key], depth + 1);
  }
  return copy;
}

export function sharedContext(invocation: FieldInvocation, env: Record<string, string>): SharedContext {
  // A copy per field, so nothing a resolver does to its ctx leaks into the caller's objects.
  return {
    arguments: copyValue(invocation.arguments) as Record<string, unknown>,
    source: invocation.source === null ? null : (copyValue(invocation.source) as Record<string, unknown>),
    identity: copyValue(invocation.auth.identity),
    info: copyValue(invocation.info) as FieldInvocation['info'],
    request: copyValue(invocation.request) as FieldInvocation['request'],
    stash: {},
    env: Object.freeze({ ...env }),
  };
}

export interface CallState {
  prevResult?: unknown;
  result?: unknown;
  error?: { message: string; type: string };
}

export function handlerContext(shared: SharedContext, call: CallState): Record<string, unknown> {
  return {
    arguments: shared.arguments,
    args: shared.arguments,
    source: shared.source,
    identity: shared.identity,
    info: shared.info,
    request: shared.request,
    stash: shared.stash,
    env: shared.env,
    prev: { result: call.prevResult },
    result: call.result,
    ...(call.error ? { error: call.error } : {}),
  };
}
