// The local Bedrock Runtime stand-in. See README.md in this folder.
export { startModelServer, type ModelServer, type ModelServerOptions, type StreamRate } from './model-server.js';
export type { OpenAiUpstream } from './openai-upstream.js';
export { handleModelAdminRequest, modelAdminPrefix } from './admin-routes.js';
export { FaultController, type FaultState, type FaultOptions, type MidStreamFault, type RejectFault } from './faults.js';
export { ModelServerStats, preciseNow, type Operation, type StatsSnapshot, type StreamRecord } from './stats.js';
export { generateCompletion, tokensDirective } from './deterministic-model.js';
export { BedrockServiceError, type HttpErrorType, type StreamExceptionType } from './errors.js';
