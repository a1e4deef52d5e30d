import { describe, expect, it } from 'vitest';
import { getEnvFlag } from './config.js';
import { ConfigError } from './errors.js';
import { checkOutboundUrl } from './outbound-url.js';

describe('checkOutboundUrl', () => {
  it('allows https only, unless the sandbox allows http to loopback', () => {
    const aws = { allowInsecureLoopback: false };
    const sandbox = { allowInsecureLoopback: true };
    expect(checkOutboundUrl('https://example.com/hook', aws)).toMatchObject({ ok: true });
    expect(checkOutboundUrl('http://127.0.0.1:9/hook', aws)).toMatchObject({ ok: false });
    expect(checkOutboundUrl('http://127.0.0.1:9/hook', sandbox)).toMatchObject({ ok: true });
    expect(checkOutboundUrl('http://localhost/hook', sandbox)).toMatchObject({ ok: true });
    expect(checkOutboundUrl('http://169.254.169.254/latest', sandbox)).toMatchObject({ ok: false });
    expect(checkOutboundUrl('http://127.0.0.1.evil.test/', sandbox)).toMatchObject({ ok: false });
    expect(checkOutboundUrl('file:///etc/passwd', sandbox)).toMatchObject({ ok: false });
    expect(checkOutboundUrl('https://user:pw@example.com/', aws)).toMatchObject({ ok: false });
    expect(checkOutboundUrl('not a url', aws)).toMatchObject({ ok: false, reason: 'not a URL' });
  });
});

describe('getEnvFlag', () => {
  it('reads true/false, unset is false, anything else is a ConfigError', () => {
    expect(getEnvFlag('F', { F: 'TRUE' })).toBe(true);
    expect(getEnvFlag('F', { F: 'false' })).toBe(false);
    expect(getEnvFlag('F', {})).toBe(false);
    expect(() => getEnvFlag('F', { F: 'yes' })).toThrow(ConfigError);
  });
});
