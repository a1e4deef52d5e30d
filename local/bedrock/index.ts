// The local Bedrock Runtime stand-in. See README.md in this folder.
export { startModelServer, type ModelServer, type ModelServerOptions, type StreamRate } from './model-server.js';
export type { OpenAiUpstream } from './openai-upstream.js';
export { handleModelAdminRequest, modelAdminPrefix } from './admin-routes.js';
export {
  FaultController,
  type FaultState,
  type FaultOptions,
  type InvalidToolOutputFault,
  type MidStreamFault,
  type RejectFault,
} from './faults.js';
export { ModelServerStats, preciseNow, type Operation, type StatsSnapshot, type StreamRecord } from './stats.js';
export { generateCompletion, tokensDirective, type GenerateOptions } from './deterministic-model.js';
export { chooseTool, generateToolUse } from './tool-use.js';
export { advertBriefOf, type AdvertBrief, type SpecDetail } from './advert-brief.js';
export { writeAdvert } from './advert-writer.js';
export { imageFormats, maxImageBytes, maxImagesPerRequest, type ImageFormat } from './image-checks.js';
export type { ModelRequest, StopReason, ToolChoice, ToolSpec, ToolUse } from './model-request.js';
export { BedrockServiceError, type HttpErrorType, type StreamExceptionType } from './errors.js';
