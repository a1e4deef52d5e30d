// The Bedrock resources a model id stands for, so IAM can name exactly them.

/** Cross-region inference profile ids start with one of these geography prefixes. */
export const INFERENCE_PROFILE_PREFIXES = ['us', 'eu', 'apac', 'global'] as const;

export interface ArnScope {
  partition: string;
  region: string;
  account: string;
}

/** The foundation model behind an inference profile id, or undefined for a plain model id. */
export function inferenceProfileBaseModel(modelId: string): string | undefined {
  const prefix = INFERENCE_PROFILE_PREFIXES.find((p) => modelId.startsWith(`${p}.`));
  return prefix ? modelId.slice(prefix.length + 1) : undefined;
}

/**
 * A foundation model is one regional ARN. An inference profile is the profile
 * in this account plus its foundation model in every region, because the
 * profile routes each request to a region of its geography.
 */
export function bedrockModelArns(modelIds: readonly string[], scope: ArnScope): string[] {
  const arns = modelIds.flatMap((modelId) => {
    const baseModel = inferenceProfileBaseModel(modelId);
    if (!baseModel) {
      return [`arn:${scope.partition}:bedrock:${scope.region}::foundation-model/${modelId}`];
    }
    return [
      `arn:${scope.partition}:bedrock:${scope.region}:${scope.account}:inference-profile/${modelId}`,
      `arn:${scope.partition}:bedrock:*::foundation-model/${baseModel}`,
    ];
  });
  return [...new Set(arns)];
}
