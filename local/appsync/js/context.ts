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

export function sharedContext(invocation: FieldInvocation, env: Record<string, string>): SharedContext {
  // A copy per field, so nothing a resolver does to its ctx leaks into the caller's objects.
  return {
    arguments: structuredClone(invocation.arguments),
    source: invocation.source === null ? null : structuredClone(invocation.source),
    identity: structuredClone(invocation.auth.identity),
    info: structuredClone(invocation.info),
    request: structuredClone(invocation.request),
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
