// Reads a Secrets Manager secret once per cold start (lazily, on first use). A failed read is not
// cached, so the next invocation tries again. AWS_ENDPOINT_URL_SECRETS_MANAGER (the sandbox) is
// honoured by the SDK itself.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** What callers need: the secret's string value. Tests pass a fake. */
export type ReadSecret = () => Promise<string>;

export function createSecretReader(secretId: string, client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({})): ReadSecret {
  let pending: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = output.SecretString;
    if (!value) throw new SecretUnavailableError('The secret has no string value');
    return value;
  };
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error instanceof SecretUnavailableError ? error : new SecretUnavailableError('Could not read the secret', { cause: error });
    });
    return pending;
  };
}
