import { describe, expect, it } from 'vitest';
import { getEnv, getEnvInt, getEnvList, getEnvUrl } from './config.js';
import { ConfigError } from './errors.js';

describe('config', () => {
  it('getEnv returns a value and throws ConfigError when missing or blank', () => {
    expect(getEnv('A', { A: ' x ' })).toBe('x');
    expect(() => getEnv('A', {})).toThrow(ConfigError);
    expect(() => getEnv('A', { A: '  ' })).toThrow('A is required');
  });

  it('getEnvInt checks integers and bounds, and uses an explicit default only when unset', () => {
    expect(getEnvInt('N', { min: 1, max: 10 }, { N: '7' })).toBe(7);
    expect(getEnvInt('N', { defaultValue: 100 }, {})).toBe(100);
    expect(() => getEnvInt('N', {}, {})).toThrow(ConfigError);
    expect(() => getEnvInt('N', { defaultValue: 1 }, { N: '1.5' })).toThrow('integer');
    expect(() => getEnvInt('N', { max: 10 }, { N: '11' })).toThrow('between');
  });

  it('getEnvList splits on commas and getEnvUrl accepts http(s) only', () => {
    expect(getEnvList('L', { L: 'a, b,,c ' })).toEqual(['a', 'b', 'c']);
    expect(() => getEnvList('L', { L: ' , ' })).toThrow(ConfigError);
    expect(getEnvUrl('U', { U: 'http://127.0.0.1:4000/graphql' }).port).toBe('4000');
    expect(() => getEnvUrl('U', { U: 'ftp://x' })).toThrow(ConfigError);
  });
});
