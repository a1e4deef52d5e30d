// `npm start`: the offline sandbox on loopback, until Ctrl-C.
import { resolve } from 'node:path';
import { startSandbox } from './sandbox/start-sandbox.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const stateDir = resolve(process.env.SANDBOX_DIR ?? '.sandbox');
const port = Number(process.env.PORT ?? 4000);
const tokensPerSecond = process.env.MODEL_TOKENS_PER_SECOND ? Number(process.env.MODEL_TOKENS_PER_SECOND) : undefined;

const started = Date.now();
console.log('Starting the sandbox (synth, DynamoDB Local, model server, S3, Lambda runner, AppSync runtime)...');
const sandbox = await startSandbox({
  stateDir,
  port,
  verbose: process.env.SANDBOX_VERBOSE === '1',
  requestLog: process.env.SANDBOX_REQUEST_LOG === '1',
  logValues: process.env.SANDBOX_LOG_VALUES === '1',
  watch: process.env.SANDBOX_WATCH !== '0',
  ...(tokensPerSecond !== undefined ? { tokensPerSecond } : {}),
});

console.log(`
Sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Playground ${new URL('/', sandbox.graphqlUrl).toString()}               (open in a browser: chat, adverts, workflows)
  GraphQL    ${sandbox.graphqlUrl}        (POST; also https:// on the same port)
  Real-time  ${sandbox.realtimeUrl}   (AppSync protocol; also wss://)
  Region     ${sandbox.region}
  S3         ${sandbox.s3Url}   (path-style, signed with the IAM credentials below)${Object.entries(sandbox.buckets)
    .map(([logicalId, name]) => `\n    bucket   ${name}   (${logicalId})`)
    .join('')}

Authenticate with one of:
  API key (shared guest owner)   x-api-key: ${sandbox.apiKey}
  Cognito user (default mode)    Authorization: $(npm run --silent token -- alice)
                                 or GET ${sandbox.adminUrl}/token?user=alice  (loopback only)
  IAM (backend only)             SigV4 with ${sandbox.iam.accessKeyId} / the secret in outputs.json

Written to ${stateDir}/outputs.json; the TLS certificate is ${sandbox.certificateFile}.
Try:
  curl -s ${sandbox.graphqlUrl} -H 'x-api-key: ${sandbox.apiKey}' -H 'content-type: application/json' \\
    -d '{"query":"mutation { createConversation(input: {title: \\"Hello\\"}) { id modelId } }"}'
`);

const shutdown = async () => {
  console.log('Stopping the sandbox...');
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
