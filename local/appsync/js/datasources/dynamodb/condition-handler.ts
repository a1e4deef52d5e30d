// The "Custom" conditionalCheckFailedHandler: when a PutItem, UpdateItem or DeleteItem condition
// fails (and the item is not already as expected), a Lambda function decides: reject (as the
// Reject strategy), discard (succeed with the item in DynamoDB), or retry once with a new request
// built from its retryMapping; a retry that fails is rejected.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
import type { DataSourceServices } from '../../../types.js';
import { InvalidRequestError } from '../../errors.js';
import { invokeOrFail } from '../lambda.js';
import type { WireItem } from './wire-client.js';

type Request = Record<string, unknown>;

/** The GraphQL field whose resolver made the request. */
export interface ConditionCaller {
  typeName: string;
  fieldName: string;
  /** The field's type name, unwrapped (e.g. 'Post'), when the caller knows it. */
  outputType?: string;
  arguments: Record<string, unknown>;
  identity: unknown;
}

export type ConditionDecision = { action: 'reject' } | { action: 'discard' } | { action: 'retry'; request: Request };

/** What the Lambda may change in a retry, per operation ("a subset of the full request object"). */
const retryableFields: Record<string, string[]> = {
  PutItem: ['attributeValues', 'condition'],
  UpdateItem: ['update', 'condition'],
  DeleteItem: ['condition'],
};

export interface CustomConditionHandler {
  decide(table: string, request: Request, current: WireItem | undefined): Promise<ConditionDecision>;
}

export function customConditionHandler(
  services: Pick<DataSourceServices, 'invokeLambda'>,
  region: string,
  caller: ConditionCaller,
): CustomConditionHandler {
  return {
    async decide(table, request, current) {
      const handler = (request.condition as { conditionalCheckFailedHandler?: { lambdaArn?: unknown } } | undefined)?.conditionalCheckFailedHandler;
      if (typeof handler?.lambdaArn !== 'string' || handler.lambdaArn === '') {
        throw new InvalidRequestError("conditionalCheckFailedHandler: the Custom strategy needs a 'lambdaArn'");
      }
      const answer = await invokeOrFail(services, functionNameOf(handler.lambdaArn), {
        arguments: caller.arguments,
        requestMapping: request,
        currentValue: current ?? null,
        resolver: {
          tableName: table,
          awsRegion: region,
          parentType: caller.typeName,
          field: caller.fieldName,
          ...(caller.outputType === undefined ? {} : { outputType: caller.outputType }),
        },
        identity: caller.identity,
      }, 'RequestResponse');
      return decision(request, answer);
    },
  };
}

/** A function ARN (arn:aws:lambda:region:account:function:name[:qualifier]) or a bare name -> the name. */
function functionNameOf(lambdaArn: string): string {
  const parts = lambdaArn.split(':');
  return lambdaArn.startsWith('arn:') && parts[5] === 'function' && parts[6] ? parts[6] : lambdaArn;
}

function decision(request: Request, answer: unknown): ConditionDecision {
  const action = (answer as { action?: unknown } | null)?.action;
  if (action === 'reject' || action === 'discard') return { action };
  if (action !== 'retry') {
    throw new InvalidRequestError(`conditionalCheckFailedHandler: the Lambda function answered action ${JSON.stringify(action ?? null)}; expected 'reject', 'discard' or 'retry'`);
  }
  const retryMapping = (answer as { retryMapping?: unknown }).retryMapping;
  if (typeof retryMapping !== 'object' || retryMapping === null) {
    throw new InvalidRequestError("conditionalCheckFailedHandler: a 'retry' answer needs a 'retryMapping' object");
  }
  // "There is no way to specify a different operation or key", and the retry's condition has no
  // handler. Its condition is the retryMapping's (none if it has none); other fields it leaves out
  // stay as they were.
  const retried: Request = { ...request };
  for (const field of retryableFields[String(request.operation)] ?? []) {
    const value = (retryMapping as Request)[field];
    if (value !== undefined) retried[field] = value;
    else if (field === 'condition') delete retried[field];
  }
  if (typeof retried.condition === 'object' && retried.condition !== null) {
    const { conditionalCheckFailedHandler: _dropped, ...condition } = retried.condition as Request;
    retried.condition = condition;
  }
  return { action: 'retry', request: retried };
}
