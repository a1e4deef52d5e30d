export { createLambdaRunner, type InvocationType, type LambdaRunner, type LambdaRunnerOptions } from './lambda-runner.js';
export type { InvocationResult, LambdaFunctionConfig } from './function-pool.js';
export { FunctionNotFoundError, LambdaRunnerClosedError, type FunctionErrorPayload } from './lambda-errors.js';
