import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBPutItemRequest } from '@aws-appsync/utils';
import type { MutationCreateConversationArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';
import type { ConversationItem } from './lib/items';
import { conversationKey, ownerPartition } from './lib/keys';
import { defaultModelId, requireAllowedModel } from './lib/models';
import { callerOwner } from './lib/owner';
import { validateCreateConversationInput } from './lib/validate';

export function request(ctx: Context<MutationCreateConversationArgs>): DynamoDBPutItemRequest {
  const input = ctx.args.input ?? {};
  validateCreateConversationInput(input);
  const modelId = requireAllowedModel(ctx, input.modelId ?? defaultModelId(ctx));
  const owner = callerOwner(ctx);
  const id = util.autoUlid();
  const now = util.time.nowISO8601();

  const attributes: Omit<ConversationItem, 'pk' | 'sk'> = {
    type: 'Conversation',
    id,
    owner,
    modelId,
    createdAt: now,
    updatedAt: now,
    gsi1pk: ownerPartition(owner),
    gsi1sk: now,
  };
  // Absent optional fields are left out rather than stored as NULL.
  if (input.title !== null && input.title !== undefined) {
    attributes.title = input.title;
  }
  if (input.systemPrompt !== null && input.systemPrompt !== undefined) {
    attributes.systemPrompt = input.systemPrompt;
  }

  return {
    operation: 'PutItem',
    key: util.dynamodb.toMapValues(conversationKey(id)),
    attributeValues: util.dynamodb.toMapValues(attributes),
    condition: { expression: 'attribute_not_exists(pk)' },
  };
}

export function response(ctx: Context<MutationCreateConversationArgs>): ConversationItem {
  raiseIfError(ctx);
  return ctx.result as ConversationItem;
}
