// The one way a streaming Lambda is allowed to call models: exactly the allowed models' ARNs.
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { bedrockModelArns } from '../bedrock-arns.js';

export function allowInvokingModels(fn: IFunction, modelIds: readonly string[]): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'InvokeAllowedModels',
      actions: ['bedrock:InvokeModelWithResponseStream', 'bedrock:InvokeModel'],
      resources: bedrockModelArns(modelIds, { partition: stack.partition, region: stack.region, account: stack.account }),
    }),
  );
}
