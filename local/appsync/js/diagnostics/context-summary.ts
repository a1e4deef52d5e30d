// The evaluated `ctx` of a failed handler, for the sandbox log. Arguments, results and stash may
// hold prompts and model output, which are never logged by default: every string is replaced by
// its length unless values are switched on (SANDBOX_LOG_VALUES=1). Structure, numbers, booleans
// and nulls are kept, so the shape that broke the resolver is visible either way.

const MAX_DEPTH = 6;
const MAX_ITEMS = 10;

export interface ContextSummaryOptions {
  /** Print strings as they are (off by default: they may be prompts, model output or tokens). */
  showValues: boolean;
}

/** One line per part of ctx worth seeing; identity as who, not its claims; request as header names only. */
export function summarizeContext(ctx: Record<string, unknown>, options: ContextSummaryOptions): string {
  const identity = ctx.identity as Record<string, unknown> | null | undefined;
  const info = ctx.info as Record<string, unknown> | undefined;
  const headers = (ctx.request as { headers?: Record<string, unknown> } | undefined)?.headers;
  const view: Record<string, unknown> = {
    info: info ? { parentTypeName: info.parentTypeName, fieldName: info.fieldName, selectionSetList: info.selectionSetList } : undefined,
    arguments: redact(ctx.arguments, options, 0),
    source: redact(ctx.source, options, 0),
    stash: redact(ctx.stash, options, 0),
    prev: redact(ctx.prev, options, 0),
    ...('result' in ctx && ctx.result !== undefined ? { result: redact(ctx.result, options, 0) } : {}),
    ...(ctx.error ? { error: ctx.error } : {}),
    identity: identity ? identitySummary(identity) : null,
    requestHeaders: headers ? Object.keys(headers).sort() : [],
  };
  return Object.entries(view)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

function identitySummary(identity: Record<string, unknown>): Record<string, unknown> {
  const keep = ['sub', 'username', 'groups', 'issuer', 'accountId', 'userArn', 'sourceIp'];
  return Object.fromEntries(keep.filter((key) => identity[key] !== undefined).map((key) => [key, identity[key]]));
}

function redact(value: unknown, options: ContextSummaryOptions, depth: number): unknown {
  if (typeof value === 'string') return options.showValues ? value : `<string, ${value.length} chars>`;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `<array, ${value.length} items>` : '<object>';
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((item) => redact(item, options, depth + 1));
    return value.length > MAX_ITEMS ? [...shown, `<${value.length - MAX_ITEMS} more items>`] : shown;
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner, options, depth + 1)]));
}
