// A minimal Secrets Manager for the sandbox (AWS JSON 1.1): GetSecretValue and DescribeSecret for the
// secrets given at start, SigV4 verified, errors as the SDK names them.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IamCredential } from '../appsync/server/auth/sigv4.js';
import { AwsServiceError, epochSeconds, serveAwsJson, toIamCredentials, type SigningCredentials } from '../stepfunctions/aws-json-service.js';

export interface LocalSecret {
  arn: string;
  name: string;
  /** The SecretString. */
  value: string;
}

export interface SecretsManagerLocalOptions {
  secrets: LocalSecret[];
  accountId: string;
  /** Credentials requests must be signed with. */
  credentials: SigningCredentials | SigningCredentials[];
  log?: (line: string) => void;
}

interface StoredSecret extends LocalSecret {
  versionId: string;
  createdDate: Date;
}

export interface SecretsManagerLocal {
  readonly secrets: readonly StoredSecret[];
  readonly credentials: readonly IamCredential[];
  readonly log?: (line: string) => void;
  /** node:http handler: true when it answered (X-Amz-Target secretsmanager.*). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function startSecretsManagerLocal(options: SecretsManagerLocalOptions): SecretsManagerLocal {
  const createdDate = new Date();
  const local: SecretsManagerLocal = {
    secrets: options.secrets.map((secret) => ({ ...secret, versionId: randomUUID(), createdDate })),
    credentials: toIamCredentials(options.credentials, options.accountId),
    ...(options.log ? { log: options.log } : {}),
    handle: (req, res) => handleSecretsManagerRequest(local, req, res),
  };
  return local;
}

export function handleSecretsManagerRequest(local: SecretsManagerLocal, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  return serveAwsJson(
    {
      targetPrefix: 'secretsmanager',
      contentType: 'application/x-amz-json-1.1',
      credentials: local.credentials,
      ...(local.log ? { log: local.log } : {}),
      operations: {
        GetSecretValue: (input) => {
          const secret = find(local, input.SecretId);
          const stage = input.VersionStage ?? 'AWSCURRENT';
          if (stage !== 'AWSCURRENT' || (input.VersionId !== undefined && input.VersionId !== secret.versionId)) {
            throw new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for VersionId or VersionStage.");
          }
          return {
            ARN: secret.arn,
            Name: secret.name,
            VersionId: secret.versionId,
            SecretString: secret.value,
            VersionStages: ['AWSCURRENT'],
            CreatedDate: epochSeconds(secret.createdDate),
          };
        },
        DescribeSecret: (input) => {
          const secret = find(local, input.SecretId);
          return {
            ARN: secret.arn,
            Name: secret.name,
            CreatedDate: epochSeconds(secret.createdDate),
            LastChangedDate: epochSeconds(secret.createdDate),
            VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] },
            Tags: [],
          };
        },
      },
    },
    req,
    res,
  );
}

/** By ARN, by name, or by a partial ARN (the ARN without its random suffix). */
function find(local: SecretsManagerLocal, secretId: unknown): StoredSecret {
  if (typeof secretId !== 'string' || secretId === '') {
    throw new AwsServiceError('InvalidParameterException', 'You must provide a SecretId.');
  }
  const secret = local.secrets.find(
    (candidate) => candidate.arn === secretId || candidate.name === secretId || (secretId.startsWith('arn:') && candidate.arn.startsWith(`${secretId}-`)),
  );
  if (!secret) throw new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return secret;
}
