// Starts the whole offline stack on loopback from the synthesized template:
// DynamoDB Local, the local model server, the local S3 store, the Lambda runner
// and the AppSync runtime (HTTP + real-time), and writes what it serves to
// <stateDir>/outputs.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResolverEngine, type LocalResolverEngine } from '../appsync/js/index.js';
import { startAppSyncServer } from '../appsync/server/index.js';
import { handleRealtimeAdminRequest, realtimeAdminPrefix } from '../appsync/server/admin-routes.js';
import { createTokenIssuer } from '../auth/index.js';
import { handleModelAdminRequest, startModelServer } from '../bedrock/index.js';
import { startDynamoDBLocal } from '../dynamodb/index.js';
import { startPlayground } from '../playground/server/index.js';
import { createLambdaRunner, type LambdaFunctionConfig } from '../lambda/index.js';
import type { S3Local } from '../s3/index.js';
import { startSecretsManagerLocal } from '../secrets/index.js';
import { startStepFunctionsLocal } from '../stepfunctions/index.js';
import { resolveIntrinsics } from '../template/intrinsics.js';
import { readTemplate, type CfnTemplate } from '../template/read-template.js';
import { synthesizeStack, WITHOUT_LAMBDA_BUNDLING, type SynthesizedStack } from '../template/synth.js';
import { SynthWorker } from '../template/synth-in-worker.js';
import type { SandboxModel } from '../template/model.js';
import { REPO_ROOT, type SourceDirs } from '../../infra/app.js';
import type { ApiDefinition, DataSourceServices } from '../appsync/types.js';
import { createApiReloader, FunctionBuilder, startHotReload, type HotReload } from './hot-reload/index.js';
import {
  SANDBOX_ACCOUNT_ID,
  SANDBOX_API_ENVIRONMENT,
  SANDBOX_API_KEY,
  SANDBOX_LAMBDA_ENVIRONMENT,
  SANDBOX_CREDENTIALS,
  SANDBOX_REGION,
  SANDBOX_USER_POOL_CLIENT_ID,
  SANDBOX_USER_POOL_ID,
} from './constants.js';
import { createTables } from './create-tables.js';
import { startDynamoDBMeter, type DynamoDBMeter } from './dynamodb-meter.js';
import { FileStore } from './file-store.js';
import { sandboxResourceNames, secretArn, stateMachineArn, type SandboxEndpoints } from './resource-names.js';
import { startSandboxS3 } from './sandbox-s3.js';
import { sandboxSecretValue } from './secret-values.js';
import { createTokenRoute } from './token-route.js';


export interface SandboxOptions {
  /** Where the sandbox keeps its state: signing key, certificate, synth output, outputs.json. */
  stateDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Model streaming rate; 0 = as fast as possible. */
  tokensPerSecond?: number;
  /** CDK context passed to the app (e.g. models). */
  context?: Record<string, unknown>;
  log?: (line: string) => void;
  /** Lambda logs and the request log. */
  verbose?: boolean;
  /** The request log alone: a line per request, per resolved field and per resolver step, with timings. */
  requestLog?: boolean;
  /** A failed resolver's log shows the strings of its ctx (default: their lengths; they may be prompts). */
  logValues?: boolean;
  /** Hot reload: edits in schema/, resolvers/ and functions/ take effect without a restart (`npm start` turns it on). */
  watch?: boolean;
  /** Other source folders than the repository's (tests run on copies). */
  sourceDirs?: SourceDirs;
  /** Extra environment for every Lambda (benchmarks compare settings with it). */
  lambdaEnvironment?: Record<string, string>;
  /** Count DynamoDB operations through a pass-through (benchmarks). */
  meterDynamoDB?: boolean;
}

export interface SandboxOutputs {
  graphqlUrl: string;
  realtimeUrl: string;
  region: string;
  apiKey: string;
  userPoolId: string;
  userPoolClientId: string;
  /** PEM of the self-signed certificate the TLS side of the port presents (wss:// for aws-amplify). */
  certificateFile: string;
  /** Base URL of the sandbox's control routes (model faults, stats). */
  adminUrl: string;
  iam: { accessKeyId: string; secretAccessKey: string };
  /** Values of the template's Secrets Manager secrets, by logical id (generated, stable per state dir). */
  secrets: Record<string, string>;
  /** The webhook signing secret (the secret whose logical id names a webhook), for verifying callbacks. */
  webhookSecret: string;
  /** The local S3 store's endpoint (its own port): path-style clients, signed with `iam` for `region`. */
  s3Url: string;
  /** Local bucket names by logical id (e.g. AdvertsAdvertImagesBucket1A2B3C4D -> advertsadvertimagesbucket1a2b3c4d). */
  buckets: Record<string, string>;
}

export interface Sandbox extends SandboxOutputs {
  issueToken(username: string, groups?: string[]): Promise<string>;
  modelServer: Awaited<ReturnType<typeof startModelServer>>;
  /** The local S3 store, for in-process checks (`objects(bucket)`). */
  s3Store: S3Local;
  dynamoDBMeter: DynamoDBMeter | undefined;
  /** Present when `watch` is on. */
  hotReload: HotReload | undefined;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? ((line: string) => console.log(line));
  const quietLog = options.verbose ? log : () => undefined;
  mkdirSync(options.stateDir, { recursive: true });
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };

  try {
    // The slow parts (the JVM, bundling the Lambdas) run side by side.
    const dynamoPromise = startDynamoDBLocal({});
    const modelPromise = startModelServer({ tokensPerSecond: options.tokensPerSecond ?? 200 });
    const playground = startPlayground({ log, debug: quietLog });
    const functionBuilder = new FunctionBuilder({ repoRoot: REPO_ROOT, outputDir: join(options.stateDir, 'functions') });
    closers.push(() => functionBuilder.close());
    const { model, resourceTypes } = await synthesizeWithBundles(options, functionBuilder);
    const [dynamo, modelServer] = await Promise.all([dynamoPromise, modelPromise]);
    closers.push(() => dynamo.close(), () => modelServer.close());

    const dynamoDBMeter = options.meterDynamoDB ? await startDynamoDBMeter(dynamo.endpoint) : undefined;
    if (dynamoDBMeter) closers.push(() => dynamoDBMeter.close());
    const dynamoEndpoint = dynamoDBMeter?.endpoint ?? dynamo.endpoint;

    const s3 = await startSandboxS3({ buckets: model.buckets, host: options.host ?? '127.0.0.1', region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS, log: quietLog });
    closers.push(() => s3.store.close());

    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS });
    await createTables(dynamoClient, model.tables);
    dynamoClient.destroy();

    const userPoolId = SANDBOX_USER_POOL_ID;
    const userPoolClientId = SANDBOX_USER_POOL_CLIENT_ID;
    const issuer = await createTokenIssuer({ keyDirectory: options.stateDir, region: SANDBOX_REGION, userPoolId, clientId: userPoolClientId });
    const tokenRoute = createTokenRoute({ issuer, userPoolId });

    // Filled in once the server listens: only a GetAtt of the API's own URLs needs it.
    const listening: { endpoints?: SandboxEndpoints } = {};
    const namesOf = (of: SandboxModel, types: Map<string, string>) => sandboxResourceNames(
      of,
      types,
      () => {
        if (!listening.endpoints) throw new Error('the API URLs are not known before the server listens');
        return listening.endpoints;
      },
      SANDBOX_REGION,
      SANDBOX_ACCOUNT_ID,
    );
    const names = namesOf(model, resourceTypes);
    // The API as served: the template's, with its environment's intrinsics resolved to local names.
    const apiOf = (of: SandboxModel, ofNames: ReturnType<typeof namesOf>): ApiDefinition => ({
      ...of.api,
      environmentVariables: { ...(resolveIntrinsics(of.rawApiEnvironment, ofNames) as Record<string, string>), ...SANDBOX_API_ENVIRONMENT },
    });
    const api = apiOf(model, names);
    const secrets = Object.fromEntries(model.secrets.map((logicalId) => [logicalId, sandboxSecretValue(options.stateDir, logicalId)]));
    const files = new FileStore();

    let invokeLambda: Parameters<typeof createResolverEngine>[1]['invokeLambda'] = () => {
      throw new Error('the Lambda runner is not started yet');
    };
    const dataSourceServices: DataSourceServices = {
        dynamodb: { endpoint: dynamoEndpoint, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS },
        invokeLambda: (name, payload, type) => invokeLambda(name, payload, type),
        // The HTTP data source's AWS calls (Step Functions) go to the sandbox's own port, signed as for AWS.
        localEndpointFor: (endpoint) => (/^https:\/\/states\.[a-z0-9-]+\.amazonaws\.com\/?$/.test(endpoint) ? listening.endpoints?.baseUrl : undefined),
        signingCredentials: SANDBOX_CREDENTIALS,
        bedrock: { endpoint: modelServer.url, region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS },
    };
    const createEngine = (served: ApiDefinition, replacing?: LocalResolverEngine) =>
      createResolverEngine(served, dataSourceServices, { log, logValues: options.logValues ?? false, replacing });
    const engine = createEngine(api);
    const stepFunctions = startStepFunctionsLocal({
      stateMachines: model.stateMachines.map((machine) => ({
        arn: stateMachineArn(SANDBOX_REGION, SANDBOX_ACCOUNT_ID, machine.name),
        name: machine.name,
        definition: JSON.parse(String(resolveIntrinsics(machine.rawDefinition, names))) as object,
      })),
      region: SANDBOX_REGION,
      accountId: SANDBOX_ACCOUNT_ID,
      credentials: SANDBOX_CREDENTIALS,
      services: {
        bedrockEndpoint: modelServer.url,
        dynamodbEndpoint: dynamoEndpoint,
        clientCredentials: SANDBOX_CREDENTIALS,
        invokeLambda: (name, payload, type) => invokeLambda(name, payload, type),
      },
      eventRules: model.eventRules.map((rule) => ({ name: rule.logicalId, eventPattern: resolveIntrinsics(rule.eventPattern, names) as object, targetFunctions: rule.targetFunctions })),
      log: quietLog,
    });
    const secretsManager = startSecretsManagerLocal({
      secrets: Object.entries(secrets).map(([logicalId, value]) => ({ arn: secretArn(SANDBOX_REGION, SANDBOX_ACCOUNT_ID, logicalId), name: logicalId, value })),
      accountId: SANDBOX_ACCOUNT_ID,
      credentials: SANDBOX_CREDENTIALS,
      log: quietLog,
    });
    const server = await startAppSyncServer({
      api,
      engine,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      auth: {
        apiKeys: [{ id: SANDBOX_API_KEY, expires: model.apiKeys[0]?.expires ?? Math.floor(Date.now() / 1000) + 365 * 86400 }],
        cognito: issuer.verifierSettings,
        iam: {
          region: SANDBOX_REGION,
          credentials: [{ ...SANDBOX_CREDENTIALS, accountId: SANDBOX_ACCOUNT_ID, userArn: `arn:aws:sts::${SANDBOX_ACCOUNT_ID}:assumed-role/sandbox-lambda/sandbox` }],
        },
        // A Lambda authorizer in the template runs in the Lambda runner, like any other function.
        lambda: { invoke: (name, event) => invokeLambda(name, event, 'RequestResponse'), apiId: 'sandbox', accountId: SANDBOX_ACCOUNT_ID },
      },
      log,
      stateDirectory: options.stateDir,
      requestLog: Boolean(options.verbose || options.requestLog),
      extraRoutes: async (req, res) => {
        if (req.url?.startsWith('/__sandbox/model/')) return handleModelAdminRequest(modelServer, req, res);
        if (req.url?.startsWith('/__sandbox/files/')) return files.handle(req, res);
        if (req.url?.startsWith(realtimeAdminPrefix)) return handleRealtimeAdminRequest(server, req, res);
        if (await tokenRoute(req, res)) return true;
        const api = listening.endpoints;
        if (api && (await playground.handle(req, res, { ...api, adminUrl: new URL('/__sandbox', api.graphqlUrl).toString() }))) return true;
        // AWS JSON protocol calls (X-Amz-Target) to the local Step Functions and Secrets Manager.
        return (await stepFunctions.handle(req, res)) || secretsManager.handle(req, res);
      },
    });
    closers.push(() => server.close());

    const endpoints: SandboxEndpoints = { baseUrl: new URL('/', server.graphqlUrl).toString(), graphqlUrl: server.graphqlUrl, realtimeUrl: server.realtimeUrl, apiKey: SANDBOX_API_KEY, userPoolId, userPoolClientId };
    listening.endpoints = endpoints;
    const functionConfigs: LambdaFunctionConfig[] = model.lambdas.map((fn) => ({
        name: fn.logicalId,
        codeDirectory: fn.codeDirectory,
        handler: fn.handler,
        timeoutSeconds: fn.timeoutSeconds,
        memorySizeMb: fn.memorySizeMb,
        maxEventRetries: fn.maxEventRetries,
        environment: {
          ...(resolveIntrinsics(fn.rawEnvironment, names) as Record<string, string>),
          AWS_REGION: SANDBOX_REGION,
          AWS_DEFAULT_REGION: SANDBOX_REGION,
          AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
          AWS_ENDPOINT_URL_BEDROCK_RUNTIME: modelServer.url,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.baseUrl,
          ...s3.lambdaEnvironment,
          ...SANDBOX_LAMBDA_ENVIRONMENT,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...options.lambdaEnvironment,
        },
      }));
    const runner = createLambdaRunner({ functions: functionConfigs, log: quietLog });
    invokeLambda = (name, payload, type) => runner.invoke(name, payload, type);
    closers.push(() => runner.close());
    // Closed before the runner (closers run in reverse): running executions end without calling dead Lambdas.
    closers.push(() => stepFunctions.close());

    let hotReloadHandle: HotReload | undefined;
    if (options.watch) {
      const sourceDirs = options.sourceDirs ?? {};
      const synthWorker = new SynthWorker();
      synthWorker.warmUp();
      closers.push(() => synthWorker.close());
      const apiReloader = createApiReloader<LocalResolverEngine>({
        synthesizeApi: async () => {
          const synth = await synthWorker.synthesize(join(options.stateDir, 'cdk.out.reload'), unbundledContext(options), options.sourceDirs);
          const reloaded = unbundledModel(synth);
          return apiOf(reloaded.model, namesOf(reloaded.model, reloaded.resourceTypes));
        },
        createEngine,
        replaceApi: (next, nextEngine) => server.replaceApi(next, nextEngine),
        currentEngine: engine,
        log,
      });
      const hotReload = startHotReload({
        folders: {
          schema: sourceDirs.schemaDir ?? join(REPO_ROOT, 'schema'),
          resolvers: sourceDirs.resolversDir ?? join(REPO_ROOT, 'resolvers'),
          functions: sourceDirs.functionsDir ?? join(REPO_ROOT, 'functions'),
        },
        restartOnly: { 'infra/': join(REPO_ROOT, 'infra') },
        api: apiReloader,
        functions: {
          list: model.lambdas.flatMap((fn) => (fn.entry ? [{ logicalId: fn.logicalId, entry: fn.entry, codeDirectory: fn.codeDirectory }] : [])),
          builder: functionBuilder,
          apply: (built) => runner.replaceCode(built.map(({ logicalId, codeDirectory }) => ({ name: logicalId, codeDirectory }))),
        },
        log,
      });
      hotReloadHandle = hotReload;
      closers.push(() => apiReloader.close(), () => hotReload.close());
    }

    const certificateFile = join(options.stateDir, 'certificate.pem');
    writeFileSync(certificateFile, server.tlsCertificatePem);
    const outputs: SandboxOutputs = {
      graphqlUrl: server.graphqlUrl,
      realtimeUrl: server.realtimeUrl,
      region: SANDBOX_REGION,
      apiKey: SANDBOX_API_KEY,
      userPoolId,
      userPoolClientId,
      certificateFile,
      adminUrl: new URL('/__sandbox', server.graphqlUrl).toString(),
      iam: SANDBOX_CREDENTIALS,
      secrets,
      webhookSecret: Object.entries(secrets).find(([logicalId]) => /webhook/i.test(logicalId))?.[1] ?? '',
      s3Url: s3.store.url,
      buckets: s3.buckets,
    };
    writeFileSync(join(options.stateDir, 'outputs.json'), `${JSON.stringify(outputs, null, 2)}\n`);
    await playground.ready;

    return {
      ...outputs,
      modelServer,
      s3Store: s3.store,
      dynamoDBMeter,
      hotReload: hotReloadHandle,
      issueToken: (username, groups) => issuer.issueIdToken({ username, ...(groups ? { groups } : {}) }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

interface SynthesizedModel {
  model: SandboxModel;
  /** Resource type by logical id, for resolving intrinsics to local names. */
  resourceTypes: Map<string, string>;
}

const TEMPLATE_TARGET = { region: SANDBOX_REGION, accountId: SANDBOX_ACCOUNT_ID };

const resourceTypesOf = (template: CfnTemplate) => new Map(Object.entries(template.Resources).map(([id, r]) => [id, r.Type]));

const unbundledContext = (options: SandboxOptions) => ({ ...options.context, ...WITHOUT_LAMBDA_BUNDLING });

/** The model of a synth without CDK's Lambda bundling: everything but the bundles. */
function unbundledModel(synth: SynthesizedStack): SynthesizedModel {
  return {
    model: readTemplate(synth.template, synth.assemblyDir, { ...TEMPLATE_TARGET, withoutLambdaAssets: true }),
    resourceTypes: resourceTypesOf(synth.template),
  };
}

/** The app synthesized without CDK's Lambda bundling (~1 s warm). */
function synthesizeUnbundled(options: SandboxOptions, outdir: string): SynthesizedModel {
  return unbundledModel(synthesizeStack(outdir, unbundledContext(options), options.sourceDirs));
}

/**
 * The sandbox's model of the synthesized app, with every Lambda bundled. The app is
 * synthesized without CDK's bundling (one `npx esbuild` per function, in sequence) and the
 * functions are bundled in process, in parallel, with the stack's own settings (LAMBDA_BUNDLING);
 * the builder then knows what each bundle is made of, for hot reload. A Lambda that does not say
 * where its source is (no lambda:entry metadata) makes CDK bundle everything instead.
 */
async function synthesizeWithBundles(options: SandboxOptions, builder: FunctionBuilder): Promise<SynthesizedModel> {
  const outdir = join(options.stateDir, 'cdk.out');
  const { model, resourceTypes } = synthesizeUnbundled(options, outdir);
  const sources = model.lambdas.flatMap((fn) => (fn.entry ? [{ logicalId: fn.logicalId, entry: fn.entry }] : []));
  if (sources.length < model.lambdas.length) {
    const bundled = synthesizeStack(outdir, options.context, options.sourceDirs);
    return { model: readTemplate(bundled.template, bundled.assemblyDir, TEMPLATE_TARGET), resourceTypes: resourceTypesOf(bundled.template) };
  }
  const directories = new Map((await builder.rebuild(sources)).map((fn) => [fn.logicalId, fn.codeDirectory]));
  return {
    model: { ...model, lambdas: model.lambdas.map((fn) => ({ ...fn, codeDirectory: directories.get(fn.logicalId) ?? fn.codeDirectory })) },
    resourceTypes,
  };
}
