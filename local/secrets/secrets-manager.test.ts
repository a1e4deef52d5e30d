// The local Secrets Manager through the real, signed SDK client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsManagerLocal } from './index.js';

const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' };
const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:WebhookSecret-local';

describe('local Secrets Manager', () => {
  let server: Server;
  let endpoint: string;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    const local = startSecretsManagerLocal({ secrets: [{ arn, name: 'WebhookSecret', value: 's3cr3t' }], accountId: '000000000000', credentials });
    server = createServer((req, res) => {
      void local.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('returns the secret by ARN, name or partial ARN', async () => {
    for (const secretId of [arn, 'WebhookSecret', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:WebhookSecret']) {
      const secret = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      expect(secret).toMatchObject({ ARN: arn, Name: 'WebhookSecret', SecretString: 's3cr3t', VersionStages: ['AWSCURRENT'] });
      expect(secret.CreatedDate).toBeInstanceOf(Date);
    }
    const described = await client.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.Name).toBe('WebhookSecret');
    expect(Object.values(described.VersionIdsToStages ?? {})).toEqual([['AWSCURRENT']]);
  });

  it('answers ResourceNotFoundException for an unknown secret or stage', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'Nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPREVIOUS' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('rejects a request signed with the wrong secret key', async () => {
    const forger = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials: { ...credentials, secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(forger.send(new GetSecretValueCommand({ SecretId: arn }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    forger.destroy();
  });
});
