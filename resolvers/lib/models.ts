import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import { ErrorType } from './errors';

// The allowed models come from the API's environment variables, set by the CDK
// stack from the same configuration that scopes the Lambda's Bedrock IAM policy.

export function allowedModelIds(ctx: Context): string[] {
  const configured = ctx.env.ALLOWED_MODEL_IDS;
  if (!configured) {
    util.error('ALLOWED_MODEL_IDS is not configured', ErrorType.Internal);
  }
  return configured
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

export function defaultModelId(ctx: Context): string {
  const configured = ctx.env.DEFAULT_MODEL_ID;
  if (!configured) {
    util.error('DEFAULT_MODEL_ID is not configured', ErrorType.Internal);
  }
  return configured;
}

/** Returns modelId when the API allows it; raises UnsupportedModel otherwise. */
export function requireAllowedModel(ctx: Context, modelId: string): string {
  if (!allowedModelIds(ctx).includes(modelId)) {
    util.error(`Model ${modelId} is not supported by this API`, ErrorType.UnsupportedModel);
  }
  return modelId;
}
