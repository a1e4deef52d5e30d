import { util } from '@aws-appsync/utils';
import { ErrorType } from './errors';

// When the Lambda that streams an answer could not be invoked, the answer's record is marked
// FAILED (chat's assistant message, an advert's variants), only while it is still STREAMING:
// a failed condition means the stream did get going after all.

/** The UpdateItem `update` that marks a record FAILED with an InternalError saying `message`. */
export function failedStartUpdate(message: string): {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, unknown>;
} {
  return {
    expression: 'SET #status = :failed, #error = :error, updatedAt = :now',
    expressionNames: { '#status': 'status', '#error': 'error' },
    expressionValues: util.dynamodb.toMapValues({
      ':failed': 'FAILED',
      ':error': { errorType: ErrorType.Internal, message },
      ':now': util.time.nowISO8601(),
    }),
  };
}

/** An advert variant's condition: still STREAMING at this generation (not a newer one). */
export function streamingAtGeneration(generation: number): {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, unknown>;
} {
  return {
    expression: '#status = :streaming AND #generation = :generation',
    expressionNames: { '#status': 'status', '#generation': 'generation' },
    expressionValues: util.dynamodb.toMapValues({ ':streaming': 'STREAMING', ':generation': generation }),
  };
}
