// Fixed identities of the sandbox: nothing here is a real AWS account or secret.
export const SANDBOX_REGION = 'us-east-1';
export const SANDBOX_ACCOUNT_ID = '000000000000';
export const SANDBOX_USER_POOL_ID = `${SANDBOX_REGION}_sandbox`;
export const SANDBOX_USER_POOL_CLIENT_ID = 'sandboxclient';
export const SANDBOX_API_KEY = 'da2-sandboxlocalapikey0000000';
/** The credentials the sandbox's Lambdas sign with; the IAM auth mode accepts them. */
export const SANDBOX_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXLOCAL0001',
  secretAccessKey: 'sandbox-secret-access-key-not-for-aws',
};

/**
 * Where the sandbox deliberately differs from AWS: callbacks and documents may
 * use http:// on loopback (AWS accepts https only).
 */
export const SANDBOX_API_ENVIRONMENT = { ALLOW_INSECURE_CALLBACKS: 'true' };
export const SANDBOX_LAMBDA_ENVIRONMENT = { ALLOW_INSECURE_CALLBACKS: 'true', ALLOW_INSECURE_DOCUMENT_URLS: 'true' };
