// The settings every Lambda of the stack shares: Node 22 on ARM, one ESM
// bundle (SDK included, so the pinned versions run in AWS and in the sandbox),
// JSON logs in a log group with a retention.
import { join, relative } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface NodeFunctionProps {
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  repoRoot: string;
  description: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  /** Async invocations: how often Lambda retries a failed event. */
  retryAttempts?: number;
}

// esbuild's ESM output has no `require`; some bundled CommonJS dependencies need one.
const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** One ESM file per function with every dependency inside; the sandbox's hot reload builds the same. */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  banner: REQUIRE_SHIM,
} satisfies BundlingOptions;

/** Template Metadata key naming a Lambda's handler source (read by local/template). */
export const LAMBDA_ENTRY_METADATA = 'lambda:entry';

export const LOG_RETENTION = RetentionDays.ONE_MONTH;

export function createNodeFunction(scope: Construct, id: string, props: NodeFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
  const fn = new NodejsFunction(scope, id, {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.INFO,
    logGroup,
    ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
    projectRoot: props.repoRoot,
    depsLockFilePath: join(props.repoRoot, 'package-lock.json'),
    bundling: LAMBDA_BUNDLING,
  });
  // Where the handler's source is: the sandbox rebuilds the bundle from it when functions/ changes.
  (fn.node.defaultChild as CfnFunction).addMetadata(LAMBDA_ENTRY_METADATA, relative(props.repoRoot, props.entry));
  return fn;
}

export const DEFAULT_TIMEOUT = Duration.seconds(30);
