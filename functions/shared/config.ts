// Configuration from environment variables. Missing or invalid values throw ConfigError: a
// misconfigured function fails loudly at start instead of running with a guess.
import { ConfigError } from './errors.js';

type Env = Record<string, string | undefined>;

/** The value of a required variable (non-empty after trimming). */
export function getEnv(name: string, env: Env = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

/** The value of an optional variable, or undefined when unset or empty. */
export function getOptionalEnv(name: string, env: Env = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export interface IntOptions {
  min?: number;
  max?: number;
  /** Used when the variable is unset or empty; documented beside each caller. Without it the variable is required. */
  defaultValue?: number;
}

/** An integer variable within [min, max]. */
export function getEnvInt(name: string, options: IntOptions = {}, env: Env = process.env): number {
  const raw = getOptionalEnv(name, env);
  if (raw === undefined) {
    if (options.defaultValue === undefined) throw new ConfigError(`Environment variable ${name} is required`);
    return options.defaultValue;
  }
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`Environment variable ${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name} must be between ${min} and ${max}, got ${raw}`);
  }
  return value;
}

/** A comma-separated list of non-empty items; at least one is required. */
export function getEnvList(name: string, env: Env = process.env): string[] {
  const items = getEnv(name, env)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new ConfigError(`Environment variable ${name} must list at least one value`);
  return items;
}

/** An http(s) URL. */
export function getEnvUrl(name: string, env: Env = process.env): URL {
  const raw = getEnv(name, env);
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`Environment variable ${name} must be a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Environment variable ${name} must be an http(s) URL`);
  }
  return url;
}

/** A boolean flag: `true` or `false` (case-insensitive); unset or empty is false. */
export function getEnvFlag(name: string, env: Env = process.env): boolean {
  const raw = getOptionalEnv(name, env)?.toLowerCase();
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`Environment variable ${name} must be true or false, got "${raw}"`);
}
