import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it, vi } from 'vitest';
import { createSecretReader, SecretUnavailableError } from './secret.js';

describe('createSecretReader', () => {
  it('reads the secret once and caches it', async () => {
    const send = vi.fn(async () => ({ SecretString: 'whsec' }));
    const read = createSecretReader('arn:secret', { send } as never);
    await expect(Promise.all([read(), read()])).resolves.toEqual(['whsec', 'whsec']);
    await read();
    expect(send).toHaveBeenCalledTimes(1);
    expect((send.mock.calls[0] as unknown[])[0]).toBeInstanceOf(GetSecretValueCommand);
  });

  it('does not cache a failure, and refuses an empty secret', async () => {
    const send = vi.fn().mockRejectedValueOnce(new Error('throttled')).mockResolvedValueOnce({}).mockResolvedValueOnce({ SecretString: 's' });
    const read = createSecretReader('arn:secret', { send } as never);
    await expect(read()).rejects.toBeInstanceOf(SecretUnavailableError);
    await expect(read()).rejects.toThrow('no string value');
    await expect(read()).resolves.toBe('s');
  });
});
