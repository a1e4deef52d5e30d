// The evaluated `ctx` of a failed handler, for the sandbox log. Arguments, results and stash may
// hold prompts and model output, which are never logged by default: every string is replaced by
// its length unless values are switched on (SANDBOX_LOG_VALUES=1). Keys, numbers, booleans,
// nulls and the size of arrays are kept, so the shape that broke the resolver shows either way.
// The caller is summarized as who it is (never claims, tokens or headers' values), in both modes.

const MAX_DEPTH = 6;
const MAX_ITEMS = 10;
const MAX_KEYS = 30;
const MAX_STRING = 2000;
const IDENTITY_KEYS = ['sub', 'username', 'groups'] as const;

export interface ContextSummaryOptions {
  /** Print strings as they are (off by default: they may be prompts, model output or tokens). */
  showValues: boolean;
}

export interface SummarizedCall {
  ctx: Record<string, unknown>;
  which: 'request' | 'response';
  /** The request's auth mode (ctx.identity does not say it). */
  authType: string;
}

/** One `name: JSON` line per part of ctx worth seeing. */
export function summarizeContext(call: SummarizedCall, options: ContextSummaryOptions): string[] {
  const { ctx } = call;
  const info = ctx.info as { parentTypeName?: unknown; fieldName?: unknown } | undefined;
  const prevResult = (ctx.prev as { result?: unknown } | undefined)?.result;
  const headers = (ctx.request as { headers?: Record<string, unknown> } | undefined)?.headers;
  const parts: Array<[string, unknown]> = [
    ['info', { parentTypeName: info?.parentTypeName, fieldName: info?.fieldName }],
    ['arguments', redact(ctx.arguments, options)],
  ];
  if (ctx.source !== null && ctx.source !== undefined) parts.push(['source', redact(ctx.source, options)]);
  parts.push(['stash', redact(ctx.stash, options)]);
  if (prevResult !== undefined) parts.push(['prev.result', redact(prevResult, options)]);
  if (call.which === 'response') parts.push(['result', redact(ctx.result ?? null, options)]);
  const error = ctx.error as { type?: unknown; message?: unknown } | undefined;
  // The type is AppSync's code (e.g. DynamoDB:ConditionalCheckFailedException); a message may quote input.
  if (error) parts.push(['error', { type: error.type, message: redact(error.message, options) }]);
  parts.push(['identity', identitySummary(ctx.identity, call.authType)]);
  parts.push(['request.headers', headers ? Object.keys(headers).sort() : []]);
  return parts.map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
}

function identitySummary(identity: unknown, authType: string): Record<string, unknown> {
  const summary: Record<string, unknown> = { authType };
  if (identity === null || typeof identity !== 'object') return summary;
  for (const key of IDENTITY_KEYS) {
    const value = (identity as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) summary[key] = value;
  }
  return summary;
}

/** `value` with every string replaced by `<string, N chars>` unless values are shown; bounded in depth and width. */
export function redact(value: unknown, options: ContextSummaryOptions, depth = 0): unknown {
  if (typeof value === 'string') {
    if (!options.showValues) return `<string, ${value.length} chars>`;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}<... ${value.length - MAX_STRING} more chars>` : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `<array, ${value.length} items>` : '<object>';
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((item) => redact(item, options, depth + 1));
    return value.length > MAX_ITEMS ? [...shown, `<${value.length - MAX_ITEMS} more items>`] : shown;
  }
  const entries = Object.entries(value);
  const shown = Object.fromEntries(entries.slice(0, MAX_KEYS).map(([key, inner]) => [key, redact(inner, options, depth + 1)]));
  if (entries.length > MAX_KEYS) shown['...'] = `<${entries.length - MAX_KEYS} more keys>`;
  return shown;
}
